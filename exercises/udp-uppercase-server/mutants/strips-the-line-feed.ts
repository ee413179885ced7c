// Strips a line feed at the end of the datagram, as if it were a line read from a terminal: a UDP
// server answers with the datagram's text upper-cased, line feed included.
import dgram from 'node:dgram';

const serverSocket = dgram.createSocket('udp4');
serverSocket.on('message', (message, rinfo) => {
  const sentence = message.toString().replace(/\n$/, '');
  serverSocket.send(sentence.toUpperCase(), rinfo.port, rinfo.address);
});
serverSocket.bind(12000);
