// Keeps the address of the first client in a variable and answers every later datagram there,
// as if UDP had a connection: each datagram carries its own sender, and the answer goes to it.
import dgram from 'node:dgram';

const serverSocket = dgram.createSocket('udp4');
let client: { address: string; port: number } | undefined;
serverSocket.on('message', (message, rinfo) => {
  client ??= { address: rinfo.address, port: rinfo.port };
  serverSocket.send(message.toString().toUpperCase(), client.port, client.address);
});
serverSocket.bind(12000);
