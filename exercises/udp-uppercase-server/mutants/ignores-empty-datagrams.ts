// Treats an empty datagram as nothing to answer.
import dgram from 'node:dgram';

const serverSocket = dgram.createSocket('udp4');
serverSocket.on('message', (message, rinfo) => {
  if (message.length === 0) return;
  serverSocket.send(message.toString().toUpperCase(), rinfo.port, rinfo.address);
});
serverSocket.bind(12000);
