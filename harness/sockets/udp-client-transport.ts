import type { SubmissionSandbox } from '../sandbox/submission-sandbox.js';
import type { ServerScript } from '../grading/socket-client-vector.js';
import { observingGrants, delay, type ClientTransportHost, type ExchangeReport } from './client-exchange.js';
import { SandboxUdp } from './host-udp.js';
import { UdpClientPeer } from './host-udp-client-peer.js';
import { HOST_UDP_GLOBAL } from './isolate-dgram.js';

/** How long after its answer the client may take to close its socket (it closes in the handler
 *  that resolves, so this only covers the event loop's turn), and the server to take in a datagram
 *  a client sent just before it resolved. */
const CLOSE_GRACE_MS = 20;

/**
 * The UDP side of a client exercise (spec §3c): the program's `node:dgram` stand-in, whose sends
 * reach only the current vector's server (anything else is refused with `EACCES`, as a firewall
 * would), and that server. The sockets the program opens and closes are counted from the calls
 * it makes into the host, so a socket left open is seen whatever the program does in the isolate.
 */
export class UdpClientHost implements ClientTransportHost {
  private readonly udp: SandboxUdp;
  private peer?: UdpClientPeer;
  private readonly openSockets = new Set<number>();
  private windowStartMs = 0;
  private readonly refusals: { atMs: number; text: string }[] = [];

  constructor(limits: { maxSockets: number; maxDatagrams: number; eventTimeoutMs: number }) {
    this.udp = new SandboxUdp({
      // A client has no port of its own to ask for: `bind()` with no port (0) is the one allowed.
      virtualPort: 0,
      maxSockets: limits.maxSockets,
      maxDatagrams: limits.maxDatagrams,
      maxBytes: 1024 * 1024,
      eventTimeoutMs: limits.eventTimeoutMs,
      canSendTo: (address, port) => {
        const allowed = this.peer !== undefined && address === '127.0.0.1' && port === this.peer.port;
        if (!allowed) this.refusals.push({ atMs: this.udp.elapsedMs(), text: `The client sent a datagram to ${address}:${port}; the sandbox lets it reach only the server it was given, 127.0.0.1:${this.peer?.port ?? '(none)'}, and refused it with EACCES.` });
        return allowed;
      },
    });
  }

  attach(sandbox: SubmissionSandbox): void {
    const view = observingGrants(sandbox, (hostFunction, args, result) => {
      if (hostFunction !== HOST_UDP_GLOBAL) return;
      if (args[0] === 'open' && typeof result === 'number') this.openSockets.add(result);
      else if (args[0] === 'close' && typeof args[1] === 'number') this.openSockets.delete(args[1]);
    });
    this.udp.attach(view);
  }

  async startPeer(script: ServerScript): Promise<number> {
    this.peer = await UdpClientPeer.start(script);
    this.windowStartMs = this.udp.elapsedMs();
    return this.peer.port;
  }

  async finish(sentence: string, settled: boolean): Promise<ExchangeReport> {
    const peer = this.peer;
    if (peer === undefined) throw new Error('finish without startPeer');
    if (settled) await delay(CLOSE_GRACE_MS);
    const report: ExchangeReport = { problems: this.problemsSince(this.windowStartMs) };
    const wrong = wrongRequest(peer.received.map((datagram) => datagram.bytes), sentence);
    if (wrong) report.wrongRequest = wrong;
    if (settled && this.openSockets.size > 0) {
      report.leftOpen = `The client left ${this.openSockets.size === 1 ? 'its socket' : `${this.openSockets.size} sockets`} open after the answer came; close it (clientSocket.close()) once the answer is in, or every call leaks a socket.`;
    }
    // Each call is judged on its own: a socket left open here is not counted again.
    this.openSockets.clear();
    peer.close();
    this.peer = undefined;
    return report;
  }

  waitingFor(): string | undefined {
    const received = this.peer?.received.length ?? 0;
    return received === 0 ? 'The server received no datagram.' : undefined;
  }

  close(): void {
    this.peer?.close();
    this.udp.close();
  }

  private problemsSince(startMs: number): string[] {
    // The stand-in words a refused send for a server program ("not the client it answers"); a
    // client is told about it in its own terms, by the refusals noted above.
    const problems = [...this.refusals, ...this.udp.problems.filter((problem) => !problem.text.includes('not the client it answers'))];
    return problems.filter((problem) => problem.atMs >= startMs).sort((a, b) => a.atMs - b.atMs).map((problem) => problem.text);
  }
}

/** Spec §3c: the client sends the sentence as one datagram, and only one. */
function wrongRequest(datagrams: string[], sentence: string): string | undefined {
  if (datagrams.length === 0) return 'The server received no datagram; the client must send the sentence to serverName:serverPort.';
  if (datagrams.length > 1) return `The server received ${datagrams.length} datagrams; the client sends the sentence as one datagram.`;
  if (datagrams[0] !== sentence) return `The server received the datagram ${JSON.stringify(datagrams[0])}; the client sends the sentence exactly as it was given, ${JSON.stringify(sentence)}.`;
  return undefined;
}
