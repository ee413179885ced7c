// Ends the line with CR LF, as HTTP does, instead of the line feed alone.
import net from 'node:net';

export function uppercase(sentence: string, serverName: string, serverPort: number): Promise<string> {
  return new Promise((resolve) => {
    let modifiedSentence = '';
    const clientSocket = net.createConnection(serverPort, serverName, () => {
      clientSocket.write(sentence + '\r\n');
    });
    clientSocket.setEncoding('utf8');
    clientSocket.on('data', (chunk: string) => {
      modifiedSentence += chunk;
    });
    clientSocket.on('end', () => resolve(modifiedSentence.replace(/\n$/, '')));
  });
}
