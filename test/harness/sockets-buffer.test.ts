import fc from 'fast-check';
import ivm from 'isolated-vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ISOLATE_BUFFER_SOURCE } from '../../harness/sockets/isolate-buffer.js';

/**
 * The Buffer stand-in runs inside a bare isolate and must agree with Node's Buffer on the subset
 * the socket contract lists. Each check runs a small expression in the isolate and compares what
 * it returns (as JSON) with the same expression run against Node's Buffer here.
 */
let isolate: ivm.Isolate;
let context: ivm.Context;
beforeAll(() => {
  isolate = new ivm.Isolate({ memoryLimit: 32 });
  context = isolate.createContextSync();
  context.evalSync(`globalThis.Buffer = ${ISOLATE_BUFFER_SOURCE};`);
});
afterAll(() => isolate.dispose());

/** Runs `body` (a function of `Buffer` and `input`) in the isolate and on the host, returning both results. */
function both(body: string, input: unknown): [unknown, unknown] {
  const inIsolate = context.evalSync(`JSON.stringify(((Buffer, input) => { ${body} })(Buffer, ${JSON.stringify(input)}))`) as string;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the same trusted expression, run against Node's Buffer
  const onHost = new Function('Buffer', 'input', body)(Buffer, input) as unknown;
  return [JSON.parse(inIsolate), JSON.parse(JSON.stringify(onHost))];
}

const encodings = ['utf8', 'latin1', 'ascii'] as const;

describe('the Buffer stand-in', () => {
  it('encodes and decodes any string as Node does, in utf8, latin1 and ascii', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom(...encodings), fc.constantFrom(...encodings), (text, from, to) => {
        const [isolated, node] = both(`const b = Buffer.from(input.text, input.from); return [Array.from(b), b.length, b.toString(input.to), Buffer.byteLength(input.text, input.from)];`, { text, from, to });
        expect(isolated).toEqual(node);
      }),
      { numRuns: 300 },
    );
  });

  it('decodes arbitrary bytes as UTF-8 the way Node does, replacement characters included', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 24 }), (bytes) => {
        const [isolated, node] = both(`return Buffer.from(input).toString();`, bytes);
        expect(isolated).toEqual(node);
      }),
      { numRuns: 500 },
    );
  });

  it('slices, concatenates, compares and allocates as Node does', () => {
    const body = `
      const a = Buffer.from('hello world');
      const b = Buffer.from([72, 73]);
      const sliced = a.slice(0, 5);
      sliced[0] = 0x48;
      return {
        shared: a.toString(),
        sub: a.subarray(6).toString('latin1'),
        concat: Buffer.concat([a, b]).toString(),
        concatCut: Buffer.concat([a, b], 4).toString(),
        equal: Buffer.from('HI').equals(b),
        unequal: a.equals(b),
        isBuffer: [Buffer.isBuffer(a), Buffer.isBuffer(new Uint8Array(2)), Buffer.isBuffer('a')],
        alloc: Array.from(Buffer.alloc(3)),
        filled: Buffer.alloc(5, 'ab').toString(),
        index: a[4],
        fromUint8Array: Buffer.from(new Uint8Array([1, 2, 3])).length,
        range: a.toString('utf8', 1, 4),
      };`;
    const [isolated, node] = both(body, null);
    expect(isolated).toEqual(node);
  });

  it('rejects an unknown encoding', () => {
    expect(() => context.evalSync(`Buffer.from('x', 'klingon')`)).toThrow(/Unknown encoding: klingon/);
  });
});
