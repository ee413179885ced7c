/**
 * Every http-pipeline vector is also sent to a real Node HTTP server (llhttp) over a loopback
 * socket. Node answers pipelined requests in order, so the requests it parses from the stream up
 * to the end of the last valid request should be exactly the contract's `ok` results. When the
 * stream then holds a broken request, those bytes are sent again on a connection of their own,
 * and Node must not accept them: on a parse error Node drops the responses it still owed on that
 * connection, so the two parts are checked apart. Where Node and the contract disagree, the
 * vector's note must say so and why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultWindows } from '../../reference/http/reporting-window.js';
import { LlhttpProbe } from '../support/llhttp-probe.js';
import { vectorLocation, vectorsOf } from '../exercises/exercise-vectors.js';

const SLUG = 'http-pipeline';
const vectors = vectorsOf(SLUG);
let probe: LlhttpProbe;
beforeAll(async () => {
  probe = await LlhttpProbe.start();
});
afterAll(() => probe.close());

type Expected = ({ ok: true; request: unknown } | { ok: false; status: number })[];

/** Does Node find the same requests in the stream as the contract, and refuse the broken one? */
async function nodeVerdicts(stream: string, expected: Expected): Promise<{ agrees: boolean; answers: unknown[] }> {
  const requests = expected.flatMap((result) => (result.ok ? [result.request] : []));
  const windows = resultWindows(stream);
  const lastOk = windows.filter((window) => window.result.ok).at(-1)?.latest;
  const validPart = typeof lastOk === 'number' ? stream.slice(0, lastOk) : '';
  const brokenPart = stream.slice(validPart.length);
  const answers: unknown[] = [];
  let agrees = true;
  if (validPart !== '') {
    const verdict = await probe.send(validPart);
    answers.push(verdict);
    agrees &&= verdict.kind === 'requests' && JSON.stringify(verdict.requests) === JSON.stringify(requests);
  }
  if (expected.at(-1)?.ok === false) {
    const verdict = await probe.send(brokenPart);
    answers.push(verdict);
    agrees &&= verdict.kind !== 'requests';
  }
  return { agrees, answers };
}

describe('http-pipeline vectors against Node http (llhttp)', () => {
  for (const vector of vectors) {
    it(`${vector.name} at ${vectorLocation(SLUG, vector)}`, async () => {
      const { agrees, answers } = await nodeVerdicts(vector.input, vector.expected as Expected);
      if (!agrees) {
        expect(vector.note ?? '', `Node answered ${JSON.stringify(answers)}; the vector needs a note saying why the contract differs`).toMatch(/Node|llhttp/);
      }
    });
  }
});
