// A TCP client for the uppercase server (see the statement).
import net from 'node:net';

export function uppercase(sentence: string, serverName: string, serverPort: number): Promise<string> {
  return new Promise((resolve) => {
    const clientSocket = net.createConnection(serverPort, serverName, () => {
      // TODO: write the sentence and a line feed, then read the answer until the server closes
      // the connection. For now the client hangs up at once, with an empty answer.
      clientSocket.end();
      resolve('');
    });
  });
}
