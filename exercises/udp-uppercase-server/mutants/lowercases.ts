// Changes the case the wrong way.
import dgram from 'node:dgram';

const serverSocket = dgram.createSocket('udp4');
serverSocket.on('message', (message, rinfo) => {
  serverSocket.send(message.toString().toLowerCase(), rinfo.port, rinfo.address);
});
serverSocket.bind(12000);
