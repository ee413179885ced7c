/**
 * Students as HTTP clients of the real API: each sends its submissions one after another, and,
 * when asked, waits for each result (`GET /api/submissions/:id?waitMs=`) before sending the next,
 * as `netgrade submit` does. What the server acknowledged (202) is recorded as it arrives, so a
 * fault test knows exactly which submissions the service promised to grade.
 */
import { performance } from 'node:perf_hooks';

export interface ClientsOptions {
  baseUrl: string;
  /** One API token per client. */
  tokens: string[];
  submissionsPerClient: number;
  exerciseSlug: string;
  code: string;
  /** Wait for each result before the next submission, and time submit-to-result. */
  awaitResults: boolean;
  /** Told each acknowledged submission's id the moment its 202 arrives. */
  onAcknowledged?: (id: string) => void;
}

export interface ClientsRun {
  acknowledged: string[];
  /** Submit-to-result times, when results were awaited. */
  latenciesMs: number[];
  /** Submissions graded or failed, by their final status, when results were awaited. */
  finalStatuses: Record<string, number>;
  /** 429 answers (queue full, limit reached). */
  refused: number;
  /** Requests that got no HTTP answer (the server went away); a client stops at its first. */
  connectionErrors: number;
  /** Other unexpected answers, with their status, for failure messages. */
  unexpected: string[];
  wallMs: number;
}

/** How long the server may hold one result request; the client asks again after. */
const RESULT_WAIT_MS = 10_000;

export async function runClients(options: ClientsOptions): Promise<ClientsRun> {
  const run: ClientsRun = { acknowledged: [], latenciesMs: [], finalStatuses: {}, refused: 0, connectionErrors: 0, unexpected: [], wallMs: 0 };
  const started = performance.now();
  await Promise.all(options.tokens.map((token, client) => oneClient(options, token, client, run)));
  run.wallMs = performance.now() - started;
  return run;
}

async function oneClient(options: ClientsOptions, token: string, client: number, run: ClientsRun): Promise<void> {
  const headers = { authorization: `Bearer ${token}` };
  for (let i = 0; i < options.submissionsPerClient; i += 1) {
    // Each submission's text is its own, as different students' are: nothing cached by source
    // text (compiled scripts in a grading worker's isolate) makes one cheaper than the last.
    const body = JSON.stringify({ code: `${options.code}\n// client ${client}, submission ${i}\n`, filename: 'solution.ts' });
    const sent = performance.now();
    let id: string;
    try {
      const response = await fetch(`${options.baseUrl}/api/exercises/${options.exerciseSlug}/submissions`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body,
      });
      const answer = (await response.json()) as { id?: string; code?: string };
      if (response.status === 429) {
        run.refused += 1;
        continue;
      }
      if (response.status !== 202 || !answer.id) {
        run.unexpected.push(`POST answered ${response.status} ${JSON.stringify(answer)}`);
        continue;
      }
      id = answer.id;
    } catch {
      run.connectionErrors += 1;
      return;
    }
    run.acknowledged.push(id);
    options.onAcknowledged?.(id);
    if (!options.awaitResults) continue;
    try {
      const status = await resultOf(options.baseUrl, headers, id);
      run.latenciesMs.push(performance.now() - sent);
      run.finalStatuses[status] = (run.finalStatuses[status] ?? 0) + 1;
    } catch {
      run.connectionErrors += 1;
      return;
    }
  }
}

/** Asks until the submission is graded or failed; returns that status. */
async function resultOf(baseUrl: string, headers: Record<string, string>, id: string): Promise<string> {
  for (;;) {
    const response = await fetch(`${baseUrl}/api/submissions/${id}?waitMs=${RESULT_WAIT_MS}`, { headers });
    const submission = (await response.json()) as { status?: string };
    if (response.status !== 200) throw new Error(`GET /api/submissions/${id} answered ${response.status}`);
    if (submission.status === 'graded' || submission.status === 'failed') return submission.status;
  }
}
