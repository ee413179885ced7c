import type { VectorCase } from '../exercises/types.js';
import { recordsEvidence, type TestResult } from '../result-schema.js';
import { SandboxTcp, type TcpProblem } from '../sockets/host-tcp.js';
import { deliveriesOf, exchangeOverTcp, type Delivery, type TcpExchange } from '../sockets/host-tcp-exchange.js';
import { capText, showInput, showValue } from './feedback-text.js';
import { listeningPortOrFailures, positiveIntegerOptions, problemsText, programLoadFailures } from './socket-suite-results.js';
import { notRun, round, vectorTestFields } from './judge.js';
import type { Comparator } from './comparators.js';
import type { SuiteContext } from './suites.js';

/** Options of a `tcp-server` suite in exercise.json, with their defaults. */
const DEFAULTS = {
  /** The port the program listens on, as the textbook writes it. */
  port: 12000,
  /** How long the program has to start listening after its module ran. */
  listenTimeoutMs: 1000,
  /** How long a client waits, after its last byte, for the answer and the server's close. */
  replyTimeoutMs: 1000,
  /** Vectors whose clients talk to the server at the same time (each vector has several clients). */
  concurrentClients: 4,
  /** The pause between two pieces of a line sent in fragments. */
  fragmentGapMs: 1,
};

/** One vector's clients: how each cut the bytes, and what it saw. */
interface VectorRun {
  vector: VectorCase;
  seen: { delivery: Delivery; exchange: TcpExchange }[];
}

/**
 * Grades a TCP server program (spec §3b). The module runs once, its top-level code listening on
 * the virtual port; then, per vector, real clients on the host connect to the port standing for
 * it, each sending the vector's bytes cut another way (deliveriesOf), and each expects exactly the
 * expected text back, followed by the server closing the connection. A vector passes when every
 * one of its clients does. The clients of several vectors are connected at once, so a server that
 * mixes up its connections (one buffer for all) is caught too.
 */
export async function gradeTcpServer({ session, exercise, options, compare }: SuiteContext): Promise<TestResult[]> {
  const settings = { ...DEFAULTS, ...positiveIntegerOptions(DEFAULTS, options) };
  const deliveries = new Map(exercise.vectors.map((vector) => [vector.id, deliveriesOf(vector.input)]));
  const clients = [...deliveries.values()].reduce((sum, list) => sum + list.length, 0);
  const bytesSent = exercise.vectors.reduce((sum, vector) => sum + vector.input.length * deliveries.get(vector.id)!.length, 0);
  const tcp = new SandboxTcp({
    virtualPort: settings.port,
    maxServers: 4,
    maxAccepted: clients + 16,
    maxOpened: 16,
    maxBytesIn: bytesSent + 64 * 1024,
    maxBytesOut: 1024 * 1024,
    eventTimeoutMs: exercise.limits.testTimeoutMs,
    // A server has no business opening connections.
    connectTarget: () => undefined,
  });
  const granted = exercise.config.capabilities?.includes('net') ?? false;
  try {
    const loaded = await session.launchProgram((sandbox) => {
      if (granted) tcp.attach(sandbox);
    });
    const notLoaded = programLoadFailures(exercise.vectors, loaded);
    if (notLoaded) return notLoaded;
    const port = await listeningPortOrFailures(tcp, exercise.vectors, settings);
    if (typeof port !== 'number') return port;

    const timing = { gapMs: settings.fragmentGapMs, replyTimeoutMs: settings.replyTimeoutMs };
    const clock = () => tcp.elapsedMs();
    const results: TestResult[] = [];
    for (let first = 0; first < exercise.vectors.length; first += settings.concurrentClients) {
      const group = exercise.vectors.slice(first, first + settings.concurrentClients);
      if (session.timeIsUp) {
        results.push(...group.map((vector) => notRun(vector, 'The submission used up its total time.')));
        continue;
      }
      const runs = await Promise.all(
        group.map(async (vector): Promise<VectorRun> => {
          const list = deliveries.get(vector.id)!;
          const exchanges = await Promise.all(list.map((delivery) => exchangeOverTcp(port, delivery, timing, clock)));
          return { vector, seen: list.map((delivery, i) => ({ delivery, exchange: exchanges[i]! })) };
        }),
      );
      results.push(...runs.map((run) => verdict(run, settings.replyTimeoutMs, tcp.problems, compare)));
    }
    return results;
  } finally {
    tcp.close();
  }
}

function verdict({ vector, seen }: VectorRun, replyTimeoutMs: number, problems: TcpProblem[], compare: Comparator): TestResult {
  const startedMs = Math.min(...seen.map((entry) => entry.exchange.startedMs));
  const endedMs = Math.max(...seen.map((entry) => entry.exchange.endedMs));
  const base = vectorTestFields(vector, round(endedMs - startedMs));
  const wrong = seen.find(({ exchange }) => !exchange.closed || !compare(vector.expected, exchange.received).equal);
  if (!wrong) return { ...base, status: 'passed', points: vector.points };
  if (!recordsEvidence(vector.visibility)) return { ...base, status: 'failed', points: 0, message: 'Wrong answer.' };
  const { delivery, exchange } = wrong;
  const during = problems.filter((problem) => problem.atMs >= exchange.startedMs && problem.atMs <= exchange.endedMs);
  const sent = `Sent ${delivery.label}${delivery.pieces.length > 1 ? ` (${delivery.pieces.length} pieces)` : ''}: `;
  return {
    ...base,
    status: 'failed',
    points: 0,
    input: showInput(vector.input),
    expected: showValue(vector.expected),
    ...(exchange.received !== '' ? { actual: showValue(exchange.received) } : {}),
    message: capText(sent + whatWentWrong(vector, exchange, replyTimeoutMs, compare) + problemsText(during)),
  };
}

function whatWentWrong(vector: VectorCase, exchange: TcpExchange, replyTimeoutMs: number, compare: Comparator): string {
  const { received, closed, errorCode } = exchange;
  if (errorCode !== undefined && received === '') return `the connection failed (${errorCode}) before any answer came back.`;
  if (received === '' && closed) return 'the server closed the connection without answering.';
  if (received === '') {
    return `no answer came back within ${replyTimeoutMs} ms. The server must answer as soon as it has read one line ending in \\n, without waiting for the client to close.`;
  }
  const difference = compare(vector.expected, received);
  if (!difference.equal) return `the answer differs from the expected one at character ${difference.firstDifference ?? ''}.`;
  return `the answer was right, but the server did not close the connection within ${replyTimeoutMs} ms after it.`;
}
