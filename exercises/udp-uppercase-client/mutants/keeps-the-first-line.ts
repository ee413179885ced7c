// Keeps only the first line of the answer, as if reading a line: the answer is the whole datagram.
import dgram from 'node:dgram';

export function uppercase(sentence: string, serverName: string, serverPort: number): Promise<string> {
  return new Promise((resolve) => {
    const clientSocket = dgram.createSocket('udp4');
    clientSocket.on('message', (modifiedMessage) => {
      clientSocket.close();
      resolve(modifiedMessage.toString().split('\n')[0]!);
    });
    clientSocket.send(sentence, serverPort, serverName);
  });
}
