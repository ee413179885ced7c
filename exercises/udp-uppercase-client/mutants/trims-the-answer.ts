// Trims the answer, as if it were a line read from a terminal.
import dgram from 'node:dgram';

export function uppercase(sentence: string, serverName: string, serverPort: number): Promise<string> {
  return new Promise((resolve) => {
    const clientSocket = dgram.createSocket('udp4');
    clientSocket.on('message', (modifiedMessage) => {
      clientSocket.close();
      resolve(modifiedMessage.toString().trim());
    });
    clientSocket.send(sentence, serverPort, serverName);
  });
}
