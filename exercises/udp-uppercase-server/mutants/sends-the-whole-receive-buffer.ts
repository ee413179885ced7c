// Copies the datagram into a 2048-byte buffer, as `recvfrom(2048)` reads up to 2048 bytes, and
// sends the whole buffer back: the answer must be exactly as long as the datagram.
import dgram from 'node:dgram';

const serverSocket = dgram.createSocket('udp4');
serverSocket.on('message', (message, rinfo) => {
  const buffer = Buffer.alloc(2048);
  const upper = Buffer.from(message.toString().toUpperCase());
  for (let i = 0; i < upper.length; i++) buffer[i] = upper[i]!;
  serverSocket.send(buffer, rinfo.port, rinfo.address);
});
serverSocket.bind(12000);
