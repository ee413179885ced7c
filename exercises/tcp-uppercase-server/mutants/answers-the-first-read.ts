// Treats one read as the whole line, as a literal translation of the textbook's single
// recv(1024) would: a line that arrives in fragments is answered with its first fragment only.
import net from 'node:net';

const serverSocket = net.createServer((connectionSocket) => {
  connectionSocket.once('data', (chunk) => {
    connectionSocket.end(chunk.toString().toUpperCase());
  });
});
serverSocket.listen(12000);
