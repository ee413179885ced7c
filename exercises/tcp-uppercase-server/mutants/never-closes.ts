// Answers correctly but never closes the connection socket, so the client waits forever for the
// end of the answer.
import net from 'node:net';

const serverSocket = net.createServer((connectionSocket) => {
  let received = '';
  connectionSocket.on('data', (chunk) => {
    received += chunk.toString();
    const lineEnd = received.indexOf('\n');
    if (lineEnd >= 0 && received !== '') {
      connectionSocket.write(received.slice(0, lineEnd + 1).toUpperCase());
      received = '';
    }
  });
});
serverSocket.listen(12000);
