// Collects everything the client sends and answers on 'end'; the client keeps its side open
// while it waits for the answer, so the answer never comes.
import net from 'node:net';

const serverSocket = net.createServer((connectionSocket) => {
  let received = '';
  connectionSocket.on('data', (chunk) => {
    received += chunk.toString();
  });
  connectionSocket.on('end', () => {
    const line = received.slice(0, received.indexOf('\n') + 1);
    connectionSocket.end(line.toUpperCase());
  });
});
serverSocket.listen(12000);
