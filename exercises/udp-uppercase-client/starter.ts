// A UDP client for the uppercase server (see the statement).
import dgram from 'node:dgram';

export function uppercase(sentence: string, serverName: string, serverPort: number): Promise<string> {
  return new Promise((resolve) => {
    const clientSocket = dgram.createSocket('udp4');
    clientSocket.on('message', (modifiedMessage) => {
      clientSocket.close();
      resolve(modifiedMessage.toString());
    });
    // TODO: send `sentence` to serverName:serverPort; the 'message' listener above gets the answer.
    // For now the client gives up at once, with an empty answer.
    clientSocket.close();
    resolve('');
  });
}
