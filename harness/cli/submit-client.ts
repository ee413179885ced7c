/**
 * The client side of `netgrade submit`: sends a source file to a netgrade service through its
 * JSON API with a personal API token, then polls the submission until it is graded. Bounded: it
 * gives up after `waitMs` rather than hang a terminal or a CI job.
 */
import type { GradingResult } from '../result-schema.js';

export const DEFAULT_SERVICE_URL = 'http://localhost:3000';
export const DEFAULT_WAIT_MS = 120_000;
const FIRST_POLL_MS = 200;
const LONGEST_POLL_MS = 2_000;

export interface SubmitRequest {
  baseUrl: string;
  token: string;
  exerciseSlug: string;
  filename: string;
  code: string;
  /** How long to wait for the grade. */
  waitMs?: number;
}

/** The submission as `GET /api/submissions/:id` returns it once finished. */
export interface FinishedSubmission {
  id: string;
  exercise: string;
  status: 'graded' | 'failed';
  gradable: boolean | null;
  score: number | null;
  maxScore: number | null;
  result: GradingResult | null;
  /** The submission's page, for a browser. */
  pageUrl: string;
}

/** The service refused the request, or could not be reached; the message is for the terminal. */
export class SubmitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SubmitError';
  }
}

export async function submitAndWait(request: SubmitRequest): Promise<FinishedSubmission> {
  const base = serviceUrl(request.baseUrl);
  const headers = { authorization: `Bearer ${request.token}`, accept: 'application/json' };
  const created = (await call(new URL(`api/exercises/${encodeURIComponent(request.exerciseSlug)}/submissions`, base), {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ code: request.code, filename: request.filename }),
  })) as { id: string; links: { self: string; page: string } };

  const deadline = Date.now() + (request.waitMs ?? DEFAULT_WAIT_MS);
  let pause = FIRST_POLL_MS;
  for (;;) {
    const submission = (await call(new URL(created.links.self.replace(/^\//, ''), base), { headers })) as Omit<FinishedSubmission, 'status' | 'pageUrl'> & { status: string };
    if (submission.status === 'graded' || submission.status === 'failed') {
      return { ...submission, status: submission.status, pageUrl: new URL(created.links.page.replace(/^\//, ''), base).href };
    }
    if (Date.now() + pause > deadline) {
      throw new SubmitError(`submission ${created.id} was not graded within ${Math.round((request.waitMs ?? DEFAULT_WAIT_MS) / 1000)} s; see ${new URL(created.links.page.replace(/^\//, ''), base).href}`);
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
    pause = Math.min(pause * 2, LONGEST_POLL_MS);
  }
}

/** The base URL with a trailing slash, so relative paths resolve under a service mounted at a path. */
function serviceUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SubmitError(`not a URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SubmitError(`not an http(s) URL: ${raw}`);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

async function call(url: URL, init: RequestInit): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, redirect: 'error' });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    throw new SubmitError(`cannot reach ${url.origin}${cause ? ` (${cause})` : ''}`);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new SubmitError(`${url.origin} answered ${response.status} without JSON: is this a netgrade service?`);
  }
  if (!response.ok) {
    const { code, message } = (body ?? {}) as { code?: string; message?: string };
    throw new SubmitError(`${message ?? `the service answered ${response.status}`}${code ? ` (${code})` : ''}`);
  }
  return body;
}
