// Sends the sentence twice, "in case the first datagram is lost".
import dgram from 'node:dgram';

export function uppercase(sentence: string, serverName: string, serverPort: number): Promise<string> {
  return new Promise((resolve) => {
    const clientSocket = dgram.createSocket('udp4');
    clientSocket.once('message', (modifiedMessage) => {
      clientSocket.close();
      resolve(modifiedMessage.toString());
    });
    clientSocket.send(sentence, serverPort, serverName);
    clientSocket.send(sentence, serverPort, serverName);
  });
}
