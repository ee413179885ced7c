// Keeps the received bytes in one variable for the whole server instead of one per connection:
// the bytes of clients connected at once get mixed.
import net from 'node:net';

let received = '';
const serverSocket = net.createServer((connectionSocket) => {
  connectionSocket.on('data', (chunk) => {
    received += chunk.toString();
    const lineEnd = received.indexOf('\n');
    if (lineEnd >= 0) {
      connectionSocket.end(received.slice(0, lineEnd + 1).toUpperCase());
      received = '';
    }
  });
});
serverSocket.listen(12000);
