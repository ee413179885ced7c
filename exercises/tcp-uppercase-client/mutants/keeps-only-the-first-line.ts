// Waits for the end of the stream but answers with its first line only.
import net from 'node:net';

export function uppercase(sentence: string, serverName: string, serverPort: number): Promise<string> {
  return new Promise((resolve) => {
    let modifiedSentence = '';
    const clientSocket = net.createConnection(serverPort, serverName, () => {
      clientSocket.write(sentence + '\n');
    });
    clientSocket.setEncoding('utf8');
    clientSocket.on('data', (chunk: string) => {
      modifiedSentence += chunk;
    });
    clientSocket.on('end', () => resolve(modifiedSentence.split('\n')[0]!));
  });
}
