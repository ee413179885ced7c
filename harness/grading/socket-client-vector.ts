/**
 * The input of one socket-client vector (`input json` block): the arguments the grader calls the
 * student's `uppercase(sentence, serverName, serverPort)` with, and how the server on the other
 * end behaves. The port is not written down: each vector gets a fresh server on a free loopback
 * port, and that port is the one the client is told, and the only one it may reach.
 *
 * ```json
 * { "sentence": "Hello, world!", "serverName": "localhost",
 *   "server": { "behaviour": "uppercase", "pieces": 3, "gapMs": 40 } }
 * ```
 *
 * Server behaviours:
 * - `uppercase`: the textbook server. UDP: answers each datagram with its text upper-cased. TCP:
 *   reads one line, up to and including its `\n`, writes it back upper-cased and closes.
 * - `fixed-reply`: the same, but answers with `reply` exactly, whatever it received; a TCP server
 *   with an empty `reply` closes without sending anything.
 * `pieces` (TCP only, default 1) cuts the answer into that many writes, each one `gapMs` (default
 * 0) after the previous one; over UDP, `gapMs` delays the answer.
 */
export type ServerBehaviour = 'uppercase' | 'fixed-reply';

export interface ServerScript {
  behaviour: ServerBehaviour;
  reply?: string;
  pieces: number;
  gapMs: number;
}

export interface ClientVectorInput {
  sentence: string;
  serverName: string;
  server: ServerScript;
}

export type Transport = 'udp' | 'tcp';

/** The names a vector may give the server by: both mean the loopback interface. */
export const SERVER_NAMES: ReadonlySet<string> = new Set(['localhost', '127.0.0.1']);

/** The longest pause a script may ask for, so that a slow server stays well inside a call's time. */
export const MAX_GAP_MS = 200;

/** Reads a vector's input, or throws with what is wrong with it (an error in the exercise, not the submission). */
export function readClientVectorInput(input: unknown, transport: Transport, where: string): ClientVectorInput {
  const fail = (why: string): never => {
    throw new Error(`${where}: ${why}`);
  };
  if (typeof input !== 'object' || input === null || Array.isArray(input)) fail('the input must be a JSON object');
  const { sentence, serverName, server, ...rest } = input as Record<string, unknown>;
  if (Object.keys(rest).length > 0) fail(`unknown input keys ${Object.keys(rest).join(', ')}`);
  // Spec §3: graders send ASCII text only, bytes 0x20 to 0x7E (and \n, which the TCP contract adds itself).
  if (typeof sentence !== 'string' || !/^[\x20-\x7e]*$/.test(sentence)) fail('"sentence" must be printable ASCII text');
  if (typeof serverName !== 'string' || !SERVER_NAMES.has(serverName)) fail(`"serverName" must be one of ${[...SERVER_NAMES].join(', ')}`);
  if (typeof server !== 'object' || server === null || Array.isArray(server)) fail('"server" must be a JSON object');
  const { behaviour, reply, pieces = 1, gapMs = 0, ...other } = server as Record<string, unknown>;
  if (Object.keys(other).length > 0) fail(`unknown server keys ${Object.keys(other).join(', ')}`);
  if (behaviour !== 'uppercase' && behaviour !== 'fixed-reply') fail('"server.behaviour" must be "uppercase" or "fixed-reply"');
  if (behaviour === 'fixed-reply' && (typeof reply !== 'string' || !/^[\x20-\x7e\n]*$/.test(reply))) fail('a fixed reply must be ASCII text');
  if (behaviour === 'uppercase' && reply !== undefined) fail('only a "fixed-reply" server takes a "reply"');
  if (typeof pieces !== 'number' || !Number.isInteger(pieces) || pieces < 1) fail('"server.pieces" must be a positive integer');
  if (transport === 'udp' && pieces !== 1) fail('a UDP server answers with one datagram; "pieces" is for TCP');
  if (typeof gapMs !== 'number' || !Number.isInteger(gapMs) || gapMs < 0 || gapMs > MAX_GAP_MS) fail(`"server.gapMs" must be an integer from 0 to ${MAX_GAP_MS}`);
  return {
    sentence: sentence as string,
    serverName: serverName as string,
    server: { behaviour: behaviour as ServerBehaviour, ...(typeof reply === 'string' ? { reply } : {}), pieces: pieces as number, gapMs: gapMs as number },
  };
}

/** What the server sends back for what it received (the UDP datagram, or the TCP line with its `\n`). */
export function serverAnswer(script: ServerScript, received: string): string {
  // Upper-cases ASCII letters only, like the textbook's bytes: other bytes pass through as they are.
  return script.behaviour === 'fixed-reply' ? (script.reply ?? '') : received.replace(/[a-z]+/g, (letters) => letters.toUpperCase());
}

/** Cuts `text` into `pieces` parts as even as the length allows; empty parts are dropped. */
export function cutIntoPieces(text: string, pieces: number): string[] {
  const parts: string[] = [];
  for (let i = 0; i < pieces; i += 1) {
    const part = text.slice(Math.floor((i * text.length) / pieces), Math.floor(((i + 1) * text.length) / pieces));
    if (part !== '') parts.push(part);
  }
  return parts;
}
