// Keeps the line feed in the line and then adds one of its own, as print() would.
import net from 'node:net';

const serverSocket = net.createServer((connectionSocket) => {
  let received = '';
  connectionSocket.on('data', (chunk) => {
    received += chunk.toString();
    const lineEnd = received.indexOf('\n');
    if (lineEnd >= 0) connectionSocket.end(received.slice(0, lineEnd + 1).toUpperCase() + '\n');
  });
});
serverSocket.listen(12000);
