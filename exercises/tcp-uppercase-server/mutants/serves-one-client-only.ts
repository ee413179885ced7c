// Closes the welcoming socket once the first client is connected, as if the server had only one
// client to serve: every later client is refused.
import net from 'node:net';

const serverSocket = net.createServer((connectionSocket) => {
  serverSocket.close();
  let received = '';
  connectionSocket.on('data', (chunk) => {
    received += chunk.toString();
    const lineEnd = received.indexOf('\n');
    if (lineEnd >= 0) connectionSocket.end(received.slice(0, lineEnd + 1).toUpperCase());
  });
});
serverSocket.listen(12000);
