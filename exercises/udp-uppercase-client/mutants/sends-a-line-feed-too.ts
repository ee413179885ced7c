// Sends the sentence with a line feed after it, as the TCP client must: over UDP the datagram is
// the message, and the server answers the line feed too.
import dgram from 'node:dgram';

export function uppercase(sentence: string, serverName: string, serverPort: number): Promise<string> {
  return new Promise((resolve) => {
    const clientSocket = dgram.createSocket('udp4');
    clientSocket.on('message', (modifiedMessage) => {
      clientSocket.close();
      resolve(modifiedMessage.toString());
    });
    clientSocket.send(sentence + '\n', serverPort, serverName);
  });
}
