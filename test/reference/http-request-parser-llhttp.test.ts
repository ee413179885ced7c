/**
 * Every vector of http-request-parser is also sent to a real Node HTTP server (llhttp). Where
 * llhttp and the contract disagree, the vector's note must say so and why: the contract is
 * stricter or looser than Node in places, and a student who tests against Node should learn where.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LlhttpProbe, type LlhttpVerdict } from '../support/llhttp-probe.js';
import { vectorsOf } from '../exercises/exercise-vectors.js';

const vectors = vectorsOf('http-request-parser');
let probe: LlhttpProbe;
beforeAll(async () => {
  probe = await LlhttpProbe.start();
});
afterAll(() => probe.close());

type Expected = { ok: true; request: { method: string; target: string; version: string; headers: [string, string][]; body: string } } | { ok: false; status: number };

/** Does Node agree with the contract on this single message? */
function agrees(expected: Expected, verdict: LlhttpVerdict): boolean {
  if (!expected.ok) return verdict.kind !== 'requests';
  if (verdict.kind !== 'requests' || verdict.requests.length !== 1) return false;
  const [request] = verdict.requests;
  return JSON.stringify(request) === JSON.stringify(expected.request);
}

describe('http-request-parser vectors against Node http (llhttp)', () => {
  for (const vector of vectors) {
    it(`${vector.name} at ${vector.file}:${vector.line}`, async () => {
      const verdict = await probe.send(vector.input);
      if (!agrees(vector.expected as Expected, verdict)) {
        expect(vector.note ?? '', `Node answered ${JSON.stringify(verdict)}; the vector needs a note saying why the contract differs`).toMatch(/Node|llhttp/);
      }
    });
  }
});
