// Turns the array of received chunks into a string with String(), which joins them with commas:
// an answer that arrives in several pieces gets commas between them.
import net from 'node:net';

export function uppercase(sentence: string, serverName: string, serverPort: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: string[] = [];
    const clientSocket = net.createConnection(serverPort, serverName, () => {
      clientSocket.write(sentence + '\n');
    });
    clientSocket.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
    clientSocket.on('end', () => {
      const modifiedSentence = String(chunks);
      resolve(modifiedSentence.endsWith('\n') ? modifiedSentence.slice(0, -1) : modifiedSentence);
    });
    clientSocket.on('error', reject);
  });
}
