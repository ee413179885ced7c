// Trims the sentence before upper-casing it, dropping spaces and line feeds at its ends.
import dgram from 'node:dgram';

const serverSocket = dgram.createSocket('udp4');
serverSocket.on('message', (message, rinfo) => {
  serverSocket.send(message.toString().trim().toUpperCase(), rinfo.port, rinfo.address);
});
serverSocket.bind(12000);
