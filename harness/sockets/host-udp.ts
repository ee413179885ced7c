import dgram from 'node:dgram';
import type ivm from 'isolated-vm';
import type { SubmissionSandbox } from '../sandbox/submission-sandbox.js';
import { HOST_UDP_GLOBAL, ISOLATE_DGRAM_SOURCE, SOCKET_EVENT_GLOBAL } from './isolate-dgram.js';

/** What a sandboxed program may do with UDP. */
export interface UdpPolicy {
  /** The port the program asks for (the textbook's 12000); the host binds a free one instead. */
  virtualPort: number;
  maxSockets: number;
  /** Datagrams and bytes the program may send in all. */
  maxDatagrams: number;
  maxBytes: number;
  /** Wall time one event handler may run in the isolate. */
  eventTimeoutMs: number;
  /** Whether the program may send to this address and port (only the grader's own clients). */
  canSendTo(address: string, port: number): boolean;
}

/** Something the program did that the sandbox refused or that went wrong, with when it happened. */
export interface UdpProblem {
  atMs: number;
  text: string;
}

type DispatchReference = ivm.Reference<(...args: unknown[]) => string>;

interface HostSocket {
  real?: dgram.Socket;
  closing: boolean;
}

/**
 * The real UDP sockets behind one sandbox's `node:dgram` stand-in (isolate-dgram.ts). Every
 * socket is bound to 127.0.0.1: a bind to the virtual port gets a free loopback port, which
 * `listening` resolves with, so the grader knows where to send. Each call from the isolate is
 * checked against the policy; a refusal reaches the program as Node would report it, as an
 * `'error'` event or a send callback's error, delivered later from the host's event loop.
 *
 * Events are delivered by calling into the isolate synchronously, one at a time, from socket
 * callbacks: a grading worker runs one submission, and the isolate runs only during such calls,
 * so no event can arrive while the program is running.
 */
export class SandboxUdp {
  readonly problems: UdpProblem[] = [];
  /** Resolves with the loopback port standing for the virtual port once the program listens on it. */
  readonly listening: Promise<number>;
  private resolveListening!: (port: number) => void;
  private readonly sockets = new Map<number, HostSocket>();
  private nextId = 1;
  private sentDatagrams = 0;
  private sentBytes = 0;
  private refusedDatagrams = 0;
  private virtualPortHolder = 0;
  private sandbox?: SubmissionSandbox;
  private dispatch?: DispatchReference;
  private stopped = false;
  private readonly started = performance.now();

  constructor(private readonly policy: UdpPolicy) {
    this.listening = new Promise((resolve) => {
      this.resolveListening = resolve;
    });
  }

  /** Gives the sandbox `require('node:dgram')` and `Buffer`, before the program loads. */
  attach(sandbox: SubmissionSandbox): void {
    this.sandbox = sandbox;
    this.dispatch = sandbox.grant(ISOLATE_DGRAM_SOURCE, { [HOST_UDP_GLOBAL]: this.onCall }, SOCKET_EVENT_GLOBAL);
  }

  /** Closes every socket; later events are dropped. */
  close(): void {
    this.stopped = true;
    for (const socket of this.sockets.values()) socket.real?.close();
    this.sockets.clear();
  }

  /** What the isolate calls: `op` and copies of primitives in, a primitive out. */
  private readonly onCall = (op: unknown, id: unknown, a: unknown, b: unknown, c: unknown, d: unknown): number | string => {
    if (this.stopped) return 'ERR_SOCKET_DGRAM_NOT_RUNNING the program has been stopped';
    if (op === 'open') return this.open();
    const socket = typeof id === 'number' ? this.sockets.get(id) : undefined;
    if (!socket || socket.closing) return '';
    if (op === 'bind') this.bind(id as number, socket, Number(a));
    else if (op === 'send') return this.send(id as number, socket, typeof a === 'string' ? a : '', Number(b), String(c), d);
    else if (op === 'close') this.closeSocket(id as number, socket);
    return '';
  };

  private open(): number | string {
    if (this.sockets.size >= this.policy.maxSockets) {
      this.note(`The program opened more than ${this.policy.maxSockets} sockets.`);
      return `EMFILE the sandbox allows at most ${this.policy.maxSockets} sockets`;
    }
    const id = this.nextId++;
    this.sockets.set(id, { closing: false });
    return id;
  }

  private bind(id: number, socket: HostSocket, port: number): void {
    const { virtualPort } = this.policy;
    if (port !== virtualPort) {
      this.note(`The program tried to bind port ${port}; the sandbox lets it bind only port ${virtualPort}.`);
      this.later('error', id, 'EACCES', `bind EACCES: the sandbox lets a program bind only port ${virtualPort}`);
      return;
    }
    if (this.virtualPortHolder !== 0) {
      this.later('error', id, 'EADDRINUSE', `bind EADDRINUSE 0.0.0.0:${virtualPort}`);
      return;
    }
    this.virtualPortHolder = id;
    const real = this.realSocket(id, socket);
    real.bind(0, '127.0.0.1', () => {
      this.deliver('listening', id);
      this.resolveListening(real.address().port);
    });
  }

  /** Sends, or refuses: '' when the datagram went out or its refusal comes later as an event, and
   *  an error for `send` to throw at once when the program is over its limits. */
  private send(id: number, socket: HostSocket, bytes: string, port: number, address: string, sendId: unknown): string {
    const target = address === 'localhost' ? '127.0.0.1' : address;
    const over = this.sentDatagrams + this.refusedDatagrams >= this.policy.maxDatagrams || this.sentBytes + bytes.length > this.policy.maxBytes;
    if (over) {
      // A flood is stopped where it runs: the send throws, so a loop of sends ends at once.
      this.note(`The program sent more than ${this.policy.maxDatagrams} datagrams or ${this.policy.maxBytes} bytes.`);
      return `ENOBUFS ${address}:${port} (the sandbox's limit on datagrams sent)`;
    }
    // The program gets Node's kind of error (`send EACCES 10.0.0.1:53`); the feedback, the reason.
    const refuse = (code: string, text: string) => {
      this.refusedDatagrams += 1;
      this.note(text);
      this.later('sent', id, sendId, `${code} ${address}:${port}`);
      return '';
    };
    if (!Number.isInteger(port) || port < 1 || port > 65535) return refuse('ERR_SOCKET_BAD_PORT', `The program sent to port ${port}, which is not a port.`);
    if (!this.policy.canSendTo(target, port)) return refuse('EACCES', `The program sent a datagram to ${address}:${port}, which is not the client it answers.`);
    this.sentDatagrams += 1;
    this.sentBytes += bytes.length;
    // An unbound socket is bound on its first send, as in Node (to a free port, here on loopback).
    const real = socket.real ?? this.realSocket(id, socket);
    real.send(Buffer.from(bytes, 'latin1'), port, target, (error) => {
      this.deliver('sent', id, sendId, error ? `${(error as NodeJS.ErrnoException).code ?? 'EIO'} ${error.message}` : '', bytes.length);
    });
    return '';
  }

  private closeSocket(id: number, socket: HostSocket): void {
    socket.closing = true;
    if (this.virtualPortHolder === id) this.virtualPortHolder = 0;
    const done = () => {
      this.sockets.delete(id);
      this.deliver('close', id);
    };
    if (socket.real) socket.real.close(done);
    else setImmediate(done);
  }

  private realSocket(id: number, socket: HostSocket): dgram.Socket {
    const real = dgram.createSocket('udp4');
    socket.real = real;
    real.on('message', (message, rinfo) => this.deliver('message', id, message.toString('latin1'), rinfo.address, rinfo.port));
    real.on('error', (error) => this.deliver('error', id, (error as NodeJS.ErrnoException).code ?? 'EIO', error.message));
    return real;
  }

  private later(type: string, id: number, a?: unknown, b?: unknown): void {
    setImmediate(() => this.deliver(type, id, a, b));
  }

  /** Runs the program's handlers for one event, under the event time limit. */
  private deliver(type: string, id: number, a?: unknown, b?: unknown, c?: unknown): void {
    const { sandbox, dispatch } = this;
    if (this.stopped || !sandbox || !dispatch || sandbox.disposed) return;
    const outcome = sandbox.callGranted(dispatch, [type, id, a, b, c], this.policy.eventTimeoutMs);
    if (outcome.kind === 'returned' && outcome.value !== '') this.note(`The program threw in ${LISTENER_OF[type] ?? `a '${type}' listener`}: ${outcome.value}`);
    else if (outcome.kind === 'time-limit') this.note(`The program's '${type}' listener ran past ${this.policy.eventTimeoutMs} ms and was stopped.`);
    else if (outcome.kind === 'memory-limit') this.note(`The program ran out of memory in its '${type}' listener.`);
    else if (outcome.kind === 'threw') this.note(`The sandbox failed while delivering '${type}': ${outcome.error}`);
  }

  private note(text: string): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ atMs: performance.now() - this.started, text });
  }

  /** Milliseconds since this host was made, on the clock `problems` use. */
  elapsedMs(): number {
    return performance.now() - this.started;
  }
}

/** Where a thrown error came from, by the event being delivered. */
const LISTENER_OF: Record<string, string> = {
  message: "a 'message' listener",
  listening: "a 'listening' listener or bind callback",
  close: "a 'close' listener or close callback",
  error: "an 'error' listener (or there was none, so the error was thrown)",
  sent: "a send callback (or a failed send had no callback and no 'error' listener, so the error was thrown)",
};

/** Problems kept for feedback; a flood of refusals is not worth more. */
const MAX_PROBLEMS = 50;
