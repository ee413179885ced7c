// Resolves with the first piece of the answer it reads, as if one read() were the whole answer.
import net from 'node:net';

export function uppercase(sentence: string, serverName: string, serverPort: number): Promise<string> {
  return new Promise((resolve) => {
    const clientSocket = net.createConnection(serverPort, serverName, () => {
      clientSocket.write(sentence + '\n');
    });
    clientSocket.once('data', (chunk: Buffer) => {
      const modifiedSentence = chunk.toString();
      clientSocket.destroy();
      resolve(modifiedSentence.endsWith('\n') ? modifiedSentence.slice(0, -1) : modifiedSentence);
    });
    clientSocket.on('end', () => resolve(''));
  });
}
