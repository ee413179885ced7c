import { performance } from 'node:perf_hooks';
import type { VectorCase } from '../exercises/types.js';
import type { TestResult, TestStatus } from '../result-schema.js';
import type { SubmissionSandbox } from '../sandbox/submission-sandbox.js';
import type { ClientTransportHost, ExchangeReport } from '../sockets/client-exchange.js';
import { TcpClientHost } from '../sockets/tcp-client-transport.js';
import { UdpClientHost } from '../sockets/udp-client-transport.js';
import { ASYNC_CALL_GLOBAL, HOST_SETTLE_GLOBAL, ISOLATE_ASYNC_CALL_SOURCE } from '../sockets/isolate-async-call.js';
import type { Comparator } from './comparators.js';
import { capText, showInput, showValue } from './feedback-text.js';
import { describeLimit, notRun, round, vectorTestFields } from './judge.js';
import { readClientVectorInput, type Transport } from './socket-client-vector.js';
import { programLoadFailures } from './socket-suite-results.js';
import type { SuiteContext } from './suites.js';

/** Options of a `socket-client` suite in exercise.json, with their defaults. */
const DEFAULTS = {
  /** How long the promise a call returns has to settle, on the wall clock. */
  callTimeoutMs: 2000,
};

/** The module each transport needs the exercise to grant. */
const CAPABILITY_OF: Record<Transport, string> = { udp: 'dgram', tcp: 'net' };

/** How a call ended, as the isolate reported it (see isolate-async-call.ts). */
type CallEnd =
  | { kind: 'resolved'; value: string }
  | { kind: 'resolved-non-string' | 'rejected' | 'threw'; text: string }
  | { kind: 'missing-export' | 'time-limit' | 'memory-limit' | 'never-settled' }
  | { kind: 'sandbox-failed'; text: string };

/**
 * Grades a socket client (spec §3c, §3d): `uppercase(sentence, serverName, serverPort)` must send
 * the sentence to the server it is given and resolve with the answer. Per vector a real server
 * starts on a free loopback port and follows the vector's script (the textbook server, a late or
 * fragmented or fixed answer); the student's function is called in the isolate with that port and
 * its promise awaited, under `callTimeoutMs`, while the host delivers its socket events. Then the
 * answer is compared, and what the server received and whether the client closed its socket are
 * checked: a right answer earns the points only with a right request and no socket left open.
 */
export async function gradeSocketClient({ session, exercise, options, compare }: SuiteContext): Promise<TestResult[]> {
  const transport = options.transport;
  if (transport !== 'udp' && transport !== 'tcp') throw new Error(`exercise ${exercise.slug}: a socket-client suite needs "transport": "udp" or "tcp"`);
  const settings = { ...DEFAULTS, ...(typeof options.callTimeoutMs === 'number' && options.callTimeoutMs > 0 ? { callTimeoutMs: options.callTimeoutMs } : {}) };
  const inputs = exercise.vectors.map((vector) => readClientVectorInput(vector.input, transport, `${exercise.slug} ${vector.file}:${vector.line}`));
  const limits = { maxSockets: exercise.vectors.length + 4, maxDatagrams: exercise.vectors.length * 8, eventTimeoutMs: exercise.limits.testTimeoutMs };
  const host: ClientTransportHost = transport === 'udp' ? new UdpClientHost(limits) : new TcpClientHost(limits);
  const granted = exercise.config.capabilities?.some((name) => name === CAPABILITY_OF[transport]) ?? false;

  const settlements = new Map<number, (end: CallEnd) => void>();
  const onSettle = (callId: unknown, kind: unknown, text: unknown) => {
    const settle = typeof callId === 'number' ? settlements.get(callId) : undefined;
    settlements.delete(callId as number);
    if (!settle) return;
    if (kind === 'resolved') settle({ kind, value: String(text) });
    else if (kind === 'resolved-non-string' || kind === 'rejected' || kind === 'threw') settle({ kind, text: String(text) });
  };

  let sandbox: SubmissionSandbox | undefined;
  let start: ReturnType<SubmissionSandbox['grant']> | undefined;
  try {
    const loaded = await session.launchProgram((fresh) => {
      sandbox = fresh;
      start = fresh.grant(ISOLATE_ASYNC_CALL_SOURCE, { [HOST_SETTLE_GLOBAL]: onSettle }, ASYNC_CALL_GLOBAL);
      if (granted) host.attach(fresh);
    });
    const notLoaded = programLoadFailures(exercise.vectors, loaded);
    if (notLoaded) return notLoaded;

    const results: TestResult[] = [];
    for (const [i, vector] of exercise.vectors.entries()) {
      const input = inputs[i]!;
      if (session.timeIsUp) {
        results.push(notRun(vector, 'The submission used up its total time.'));
        continue;
      }
      if (!sandbox || sandbox.disposed || !start) {
        results.push(notRun(vector, 'The sandbox stopped after an earlier test ran out of memory.'));
        continue;
      }
      const started = performance.now();
      const port = await host.startPeer(input.server);
      const callId = i + 1;
      const settled = new Promise<CallEnd>((resolve) => settlements.set(callId, resolve));
      const began = sandbox.callGranted(start, [callId, exercise.config.entry, input.sentence, input.serverName, port], exercise.limits.testTimeoutMs);
      let end: CallEnd;
      if (began.kind === 'returned' && began.value === 'missing-export') end = { kind: 'missing-export' };
      else if (began.kind === 'time-limit' || began.kind === 'memory-limit') end = { kind: began.kind };
      else if (began.kind === 'threw') end = { kind: 'sandbox-failed', text: began.error };
      else end = await settledWithin(settled, settings.callTimeoutMs);
      settlements.delete(callId);
      const waiting = end.kind === 'never-settled' ? host.waitingFor(input.sentence) : undefined;
      const report = await host.finish(input.sentence, end.kind !== 'never-settled');
      const elapsedMs = performance.now() - started;
      results.push(verdict(vector, end, report, { compare, callTimeoutMs: settings.callTimeoutMs, elapsedMs, waiting, entry: exercise.config.entry }));
    }
    return results;
  } finally {
    host.close();
  }
}

function settledWithin(settled: Promise<CallEnd>, ms: number): Promise<CallEnd> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CallEnd>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'never-settled' }), ms);
  });
  return Promise.race([settled, timeout]).finally(() => clearTimeout(timer));
}

interface VerdictContext {
  compare: Comparator;
  callTimeoutMs: number;
  elapsedMs: number;
  waiting?: string;
  entry: string;
}

function verdict(vector: VectorCase, end: CallEnd, report: ExchangeReport, context: VerdictContext): TestResult {
  const visible = vector.visibility === 'public';
  const base = vectorTestFields(vector, round(context.elapsedMs));
  const answer = end.kind === 'resolved' ? end.value : undefined;
  const difference = answer === undefined ? undefined : context.compare(vector.expected, answer);
  const rightAnswer = difference?.equal === true;
  if (rightAnswer && !report.wrongRequest && !report.leftOpen) return { ...base, status: 'passed', points: vector.points };

  const [status, what] = whatWentWrong(end, report, context, difference?.firstDifference);
  if (!visible) {
    return { ...base, status, points: 0, message: status === 'failed' ? 'Wrong answer.' : `${describeLimit(status)[0]!.toUpperCase()}${describeLimit(status).slice(1)}.` };
  }
  const problems = [...new Set(report.problems)].slice(0, 3);
  return {
    ...base,
    status,
    points: 0,
    input: showInput(vector.input),
    expected: showValue(vector.expected),
    ...(answer !== undefined ? { actual: showValue(answer) } : {}),
    ...(difference?.firstDifference && !rightAnswer ? { firstDifference: difference.firstDifference } : {}),
    message: capText([what, ...problems].join(' ')),
  };
}

/** The status and the first sentence of the feedback: the answer first, then the request, then the socket. */
function whatWentWrong(end: CallEnd, report: ExchangeReport, context: VerdictContext, firstDifference: string | undefined): [TestStatus, string] {
  switch (end.kind) {
    case 'missing-export':
      return ['runtime-error', `The module must export a function named ${context.entry}.`];
    case 'time-limit':
    case 'memory-limit':
      return [end.kind, `The call to ${context.entry} hit the ${describeLimit(end.kind)} before it returned its promise.`];
    case 'threw':
      return ['runtime-error', `${context.entry} threw ${sentence(end.text)}`];
    case 'rejected':
      return ['runtime-error', `The promise ${context.entry} returned was rejected with ${sentence(end.text)}`];
    case 'resolved-non-string':
      return ['failed', `The promise resolved with ${end.text}, not a string.`];
    case 'sandbox-failed':
      return ['runtime-error', `The sandbox failed while calling ${context.entry}: ${end.text}`];
    case 'never-settled':
      return ['time-limit', `The promise ${context.entry} returned did not settle within ${context.callTimeoutMs} ms.${context.waiting ? ` ${context.waiting}` : ''}${report.wrongRequest && !context.waiting ? ` ${report.wrongRequest}` : ''}`];
    case 'resolved':
      if (firstDifference !== undefined) {
        const where = firstDifference ? ` (the first difference is at character ${firstDifference})` : '';
        return ['failed', `The promise resolved with a different answer than the expected one${where}.${report.wrongRequest ? ` ${report.wrongRequest}` : ''}`];
      }
      if (report.wrongRequest) return ['failed', `The answer is right, but: ${report.wrongRequest}`];
      return ['failed', `The answer is right, but: ${report.leftOpen ?? ''}`];
  }
}

/** Ends a description with a full stop, so that the sentences after it read apart. */
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
