// Waits for the server's datagram, then answers with its own upper-casing of the sentence.
import dgram from 'node:dgram';

export function uppercase(sentence: string, serverName: string, serverPort: number): Promise<string> {
  return new Promise((resolve) => {
    const clientSocket = dgram.createSocket('udp4');
    clientSocket.on('message', () => {
      clientSocket.close();
      resolve(sentence.toUpperCase());
    });
    clientSocket.send(sentence, serverPort, serverName);
  });
}
