import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LlhttpProbe } from './llhttp-probe.js';

let probe: LlhttpProbe;
beforeAll(async () => {
  probe = await LlhttpProbe.start();
});
afterAll(() => probe.close());

describe('LlhttpProbe', () => {
  it('settles on a HEAD request, whose response has no body to read', async () => {
    await expect(probe.send('HEAD / HTTP/1.1\r\nHost: a\r\n\r\n')).rejects.toThrow();
  }, 5_000);

  it('reports the request Node parsed', async () => {
    const verdict = await probe.send('GET /x HTTP/1.1\r\nHost: a\r\n\r\n');
    expect(verdict).toEqual({ kind: 'requests', requests: [{ method: 'GET', target: '/x', version: 'HTTP/1.1', headers: [['Host', 'a']], body: '' }] });
  });
});
