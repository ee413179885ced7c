// A TCP server that answers one line per connection, upper-cased (see the statement).
import net from 'node:net';

const serverPort = 12000;

const serverSocket = net.createServer((connectionSocket) => {
  connectionSocket.on('data', (chunk) => {
    // TODO: a chunk may hold only part of the line, or more than the line. Collect the bytes
    // until the line feed arrives, then answer the line upper-cased. For now the server sends
    // each chunk back unchanged and closes.
    connectionSocket.end(chunk.toString());
  });
});

serverSocket.listen(serverPort, () => {
  console.log('The server is ready to receive');
});
