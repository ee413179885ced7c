// Answers the line without its line feed.
import net from 'node:net';

const serverSocket = net.createServer((connectionSocket) => {
  let received = '';
  connectionSocket.on('data', (chunk) => {
    received += chunk.toString();
    const lineEnd = received.indexOf('\n');
    if (lineEnd >= 0) connectionSocket.end(received.slice(0, lineEnd).toUpperCase());
  });
});
serverSocket.listen(12000);
