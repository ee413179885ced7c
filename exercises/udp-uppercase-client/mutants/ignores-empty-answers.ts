// Treats an empty datagram as no answer and keeps waiting.
import dgram from 'node:dgram';

export function uppercase(sentence: string, serverName: string, serverPort: number): Promise<string> {
  return new Promise((resolve) => {
    const clientSocket = dgram.createSocket('udp4');
    clientSocket.on('message', (modifiedMessage) => {
      if (modifiedMessage.length === 0) return;
      clientSocket.close();
      resolve(modifiedMessage.toString());
    });
    clientSocket.send(sentence, serverPort, serverName);
  });
}
