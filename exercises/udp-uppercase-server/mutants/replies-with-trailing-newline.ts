// Ends every answer with a line feed, as if writing a line to a terminal.
import dgram from 'node:dgram';

const serverSocket = dgram.createSocket('udp4');
serverSocket.on('message', (message, rinfo) => {
  serverSocket.send(message.toString().toUpperCase() + '\n', rinfo.port, rinfo.address);
});
serverSocket.bind(12000);
