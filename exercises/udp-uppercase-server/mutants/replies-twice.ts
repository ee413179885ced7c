// Sends the answer, then sends it again "to be sure".
import dgram from 'node:dgram';

const serverSocket = dgram.createSocket('udp4');
serverSocket.on('message', (message, rinfo) => {
  const modifiedMessage = message.toString().toUpperCase();
  serverSocket.send(modifiedMessage, rinfo.port, rinfo.address);
  serverSocket.send(modifiedMessage, rinfo.port, rinfo.address);
});
serverSocket.bind(12000);
