import dgram from 'node:dgram';
import type { VectorCase } from '../exercises/types.js';
import { recordsEvidence, type TestResult } from '../result-schema.js';
import { SandboxUdp, type UdpProblem } from '../sockets/host-udp.js';
import { capText, showInput, showValue } from './feedback-text.js';
import { listeningPortOrFailures, positiveIntegerOptions, problemsText, programLoadFailures } from './socket-suite-results.js';
import { notRun, round, vectorTestFields } from './judge.js';
import type { Comparator } from './comparators.js';
import type { SuiteContext } from './suites.js';

/** Options of a `udp-server` suite in exercise.json, with their defaults. */
const DEFAULTS = {
  /** The port the program binds, as the textbook writes it. */
  port: 12000,
  /** How long the program has to start listening after its module ran. */
  listenTimeoutMs: 1000,
  /** How long a client waits for the answer to its datagram. */
  replyTimeoutMs: 500,
  /** How long a client keeps listening after the answer, to catch a second one. */
  extraReplyWindowMs: 40,
  /** Clients talking to the server at the same time. */
  concurrentClients: 4,
};

/** What one client saw: every datagram that came back, in order. */
interface Exchange {
  replies: string[];
  elapsedMs: number;
  startedMs: number;
  endedMs: number;
}

/**
 * Grades a UDP server program (spec §3a). The module runs once, its top-level code binding the
 * virtual port; then, per vector, a real client socket on the host sends the vector's datagram to
 * the port standing for it and expects exactly one datagram back, equal to the vector's expected
 * text. Several clients run at once, each on its own port, so an answer sent anywhere but to the
 * datagram's sender (a fixed port, say) is refused by the sandbox and never arrives.
 */
export async function gradeUdpServer({ session, exercise, options, compare }: SuiteContext): Promise<TestResult[]> {
  const settings = { ...DEFAULTS, ...positiveIntegerOptions(DEFAULTS, options) };
  const clientPorts = new Set<number>();
  const udp = new SandboxUdp({
    virtualPort: settings.port,
    maxSockets: 4,
    maxDatagrams: exercise.vectors.length * 8,
    maxBytes: 1024 * 1024,
    eventTimeoutMs: exercise.limits.testTimeoutMs,
    canSendTo: (address, port) => address === '127.0.0.1' && clientPorts.has(port),
  });
  const granted = exercise.config.capabilities?.includes('dgram') ?? false;
  try {
    const loaded = await session.launchProgram((sandbox) => {
      if (granted) udp.attach(sandbox);
    });
    const notLoaded = programLoadFailures(exercise.vectors, loaded);
    if (notLoaded) return notLoaded;
    const port = await listeningPortOrFailures(udp, exercise.vectors, settings);
    if (typeof port !== 'number') return port;

    const results: TestResult[] = [];
    for (let first = 0; first < exercise.vectors.length; first += settings.concurrentClients) {
      const group = exercise.vectors.slice(first, first + settings.concurrentClients);
      if (session.timeIsUp) {
        results.push(...group.map((vector) => notRun(vector, 'The submission used up its total time.')));
        continue;
      }
      const exchanges = await Promise.all(group.map((vector) => exchange(vector.input, port, clientPorts, settings, udp)));
      group.forEach((vector, i) => results.push(verdict(vector, exchanges[i]!, settings.replyTimeoutMs, udp.problems, compare)));
    }
    return results;
  } finally {
    udp.close();
  }
}

/** One client: binds a loopback port, sends `datagram` to the server, and collects what comes back. */
async function exchange(datagram: string, serverPort: number, clientPorts: Set<number>, settings: typeof DEFAULTS, udp: SandboxUdp): Promise<Exchange> {
  const client = dgram.createSocket('udp4');
  const replies: string[] = [];
  await new Promise<void>((resolve) => client.bind(0, '127.0.0.1', resolve));
  const clientPort = client.address().port;
  clientPorts.add(clientPort);
  const startedMs = udp.elapsedMs();
  try {
    await new Promise<void>((resolve) => {
      let extraWindow: NodeJS.Timeout | undefined;
      const noReply = setTimeout(resolve, settings.replyTimeoutMs);
      client.on('message', (message, rinfo) => {
        if (rinfo.port !== serverPort) return;
        replies.push(message.toString('latin1'));
        if (extraWindow === undefined) {
          clearTimeout(noReply);
          extraWindow = setTimeout(resolve, settings.extraReplyWindowMs);
        }
      });
      client.send(Buffer.from(datagram, 'latin1'), serverPort, '127.0.0.1');
    });
  } finally {
    clientPorts.delete(clientPort);
    client.close();
  }
  const endedMs = udp.elapsedMs();
  return { replies, startedMs, endedMs, elapsedMs: endedMs - startedMs };
}

function verdict(vector: VectorCase, seen: Exchange, replyTimeoutMs: number, problems: UdpProblem[], compare: Comparator): TestResult {
  const visible = recordsEvidence(vector.visibility);
  const base = vectorTestFields(vector, round(seen.elapsedMs));
  const difference = seen.replies.length === 1 ? compare(vector.expected, seen.replies[0]) : undefined;
  if (difference?.equal) return { ...base, status: 'passed', points: vector.points };
  if (!visible) return { ...base, status: 'failed', points: 0, message: 'Wrong answer.' };
  const during = problems.filter((problem) => problem.atMs >= seen.startedMs && problem.atMs <= seen.endedMs);
  const what =
    seen.replies.length === 0
      ? `No datagram came back within ${replyTimeoutMs} ms.`
      : seen.replies.length > 1
        ? `${seen.replies.length} datagrams came back; the server must answer each datagram with exactly one.`
        : `The datagram that came back differs from the expected one at character ${difference?.firstDifference ?? ''}.`;
  return {
    ...base,
    status: 'failed',
    points: 0,
    input: showInput(vector.input),
    expected: showValue(vector.expected),
    ...(seen.replies.length > 0 ? { actual: showValue(seen.replies.length === 1 ? seen.replies[0] : seen.replies) } : {}),
    message: capText(what + problemsText(during)),
  };
}
