import dgram from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { readClientVectorInput, type ServerScript } from '../../harness/grading/socket-client-vector.js';
import { uppercase } from '../../reference/sockets/udp-uppercase-client.js';
import { vectorsOf } from '../exercises/exercise-vectors.js';

/**
 * The reference client is the textbook program: run with Node (not in the sandbox), it must talk to
 * a plain Node dgram server written here, vector by vector, and send it the sentence as it is.
 */
const vectors = vectorsOf('udp-uppercase-client');
const servers: dgram.Socket[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** A UDP server on a free loopback port that answers as the script says and keeps what it got. */
async function serve(script: ServerScript): Promise<{ port: number; received: string[] }> {
  const server = dgram.createSocket('udp4');
  const received: string[] = [];
  server.on('message', (message, rinfo) => {
    received.push(message.toString('latin1'));
    const answer = script.behaviour === 'fixed-reply' ? script.reply! : message.toString().toUpperCase();
    setTimeout(() => server.send(answer, rinfo.port, rinfo.address), script.gapMs);
  });
  await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', resolve));
  servers.push(server);
  return { port: server.address().port, received };
}

describe('reference/sockets/udp-uppercase-client.ts run with Node', () => {
  for (const vector of vectors) {
    it(`resolves with the server's datagram and sends the sentence once: ${vector.id}`, async () => {
      const { sentence, serverName, server } = readClientVectorInput(vector.input, 'udp', vector.id);
      const { port, received } = await serve(server);
      expect(await uppercase(sentence, serverName, port)).toBe(vector.expected);
      expect(received).toEqual([sentence]);
    });
  }
});
