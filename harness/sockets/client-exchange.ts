import type { SubmissionSandbox } from '../sandbox/submission-sandbox.js';
import type { ServerScript } from '../grading/socket-client-vector.js';

/**
 * What the grader learned, from the server's side and the sandbox's, about one call of a socket
 * client: sentences for the student, each naming a rule the client broke. An empty report is a
 * client that sent what the contract says, to the server it was told, and closed its socket.
 */
export interface ExchangeReport {
  /** What the server received, when it is not what the contract says the client sends. */
  wrongRequest?: string;
  /** The client's socket, when it is still open after its answer was settled. */
  leftOpen?: string;
  /** What the sandbox refused or saw go wrong while the call ran (a send to another port, say). */
  problems: string[];
}

/**
 * The host side of one transport (UDP or TCP) for a client exercise: grants the sandbox its
 * socket module, runs the server each vector talks to, and lets the client reach that server only.
 */
export interface ClientTransportHost {
  /** Before the program loads: gives it `require('node:dgram')` or `require('node:net')` and `Buffer`. */
  attach(sandbox: SubmissionSandbox): void;
  /** Starts the vector's server on a free loopback port and returns the port; from now until
   *  `finish`, that port on 127.0.0.1 is the only place the client may reach. */
  startPeer(script: ServerScript): Promise<number>;
  /** After the call: checks what the server received against `sentence`, gives a client whose
   *  promise `settled` a short while to close its socket, stops the server, and says what went wrong. */
  finish(sentence: string, settled: boolean): Promise<ExchangeReport>;
  /** What the server is still waiting for, for the feedback on a call that never settled. */
  waitingFor(sentence: string): string | undefined;
  /** Closes every socket of the program and of the servers. */
  close(): void;
}

/**
 * A view of `sandbox` whose `grant` lets `observe` see each host function call (name, arguments,
 * result) that the granted script makes, e.g. a socket opened or closed. The sandbox itself is
 * unchanged; the view is what a socket stand-in is attached to.
 */
export function observingGrants(
  sandbox: SubmissionSandbox,
  observe: (hostFunction: string, args: unknown[], result: unknown) => void,
): SubmissionSandbox {
  const view = Object.create(sandbox) as SubmissionSandbox;
  view.grant = (setupScript, hostFunctions, exported) => {
    const watched: Record<string, (...args: never[]) => unknown> = {};
    for (const [name, fn] of Object.entries(hostFunctions)) {
      watched[name] = (...args: never[]) => {
        const result = (fn as (...args: unknown[]) => unknown)(...args);
        observe(name, args, result);
        return result;
      };
    }
    return sandbox.grant(setupScript, watched, exported);
  };
  return view;
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
