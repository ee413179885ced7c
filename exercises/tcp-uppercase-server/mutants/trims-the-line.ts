// Trims the line before upper-casing it and puts a line feed back: the spaces at its ends are
// lost.
import net from 'node:net';

const serverSocket = net.createServer((connectionSocket) => {
  let received = '';
  connectionSocket.on('data', (chunk) => {
    received += chunk.toString();
    const lineEnd = received.indexOf('\n');
    if (lineEnd >= 0) connectionSocket.end(received.slice(0, lineEnd).trim().toUpperCase() + '\n');
  });
});
serverSocket.listen(12000);
