// A UDP server that answers every datagram with its text upper-cased (see the statement).
import dgram from 'node:dgram';

const serverPort = 12000;
const serverSocket = dgram.createSocket('udp4');

serverSocket.on('message', (message, rinfo) => {
  // TODO: upper-case the text. For now the server sends the datagram back unchanged.
  const modifiedMessage = message.toString();
  serverSocket.send(modifiedMessage, rinfo.port, rinfo.address);
});

serverSocket.bind(serverPort, () => {
  console.log('The server is ready to receive');
});
