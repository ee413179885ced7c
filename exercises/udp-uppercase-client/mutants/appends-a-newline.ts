// Sends the sentence with a line feed after it, as a TCP client would.
import dgram from 'node:dgram';

export function uppercase(sentence: string, serverName: string, serverPort: number): Promise<string> {
  return new Promise((resolve) => {
    const clientSocket = dgram.createSocket('udp4');
    clientSocket.on('message', (modifiedMessage) => {
      clientSocket.close();
      resolve(modifiedMessage.toString().replace(/\n$/, ''));
    });
    clientSocket.send(sentence + '\n', serverPort, serverName);
  });
}
