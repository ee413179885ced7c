// Waits for a line feed, then upper-cases everything received so far, bytes after the line
// included.
import net from 'node:net';

const serverSocket = net.createServer((connectionSocket) => {
  let received = '';
  connectionSocket.on('data', (chunk) => {
    received += chunk.toString();
    if (received.includes('\n')) connectionSocket.end(received.toUpperCase());
  });
});
serverSocket.listen(12000);
