// Answers to the port the client usually uses instead of the port the datagram came from.
import dgram from 'node:dgram';

const serverSocket = dgram.createSocket('udp4');
serverSocket.on('message', (message, rinfo) => {
  serverSocket.send(message.toString().toUpperCase(), 12001, rinfo.address);
});
serverSocket.bind(12000);
