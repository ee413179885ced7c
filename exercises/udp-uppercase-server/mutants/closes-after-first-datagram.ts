// Answers one datagram and closes the socket, like a client would.
import dgram from 'node:dgram';

const serverSocket = dgram.createSocket('udp4');
serverSocket.on('message', (message, rinfo) => {
  serverSocket.send(message.toString().toUpperCase(), rinfo.port, rinfo.address, () => serverSocket.close());
});
serverSocket.bind(12000);
