// Calls listen() without a port, so the system picks one: clients look for the server at 12000.
import net from 'node:net';

const serverSocket = net.createServer((connectionSocket) => {
  let received = '';
  connectionSocket.on('data', (chunk: Buffer) => {
    received += chunk.toString();
    const lineEnd = received.indexOf('\n');
    if (lineEnd >= 0) connectionSocket.end(received.slice(0, lineEnd + 1).toUpperCase());
  });
  connectionSocket.on('error', () => {});
});
serverSocket.listen();
