// Resolves with the answer but never closes its socket: every call leaks one.
import dgram from 'node:dgram';

export function uppercase(sentence: string, serverName: string, serverPort: number): Promise<string> {
  return new Promise((resolve) => {
    const clientSocket = dgram.createSocket('udp4');
    clientSocket.on('message', (modifiedMessage) => resolve(modifiedMessage.toString()));
    clientSocket.send(sentence, serverPort, serverName);
  });
}
