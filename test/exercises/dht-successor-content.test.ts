import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileSubmission } from '../../harness/compile.js';
import { comparatorNamed } from '../../harness/grading/comparators.js';
import { parseVectorFile, VectorFormatError } from '../../harness/vectors/markdown-vectors.js';
import { nextHop, responsiblePeer } from '../../reference/dht/index.js';
import { exerciseDir, readExerciseConfig, vectorsOf, itChecksTheVectorSet } from './exercise-vectors.js';

const SLUG = 'dht-successor';
const dir = exerciseDir(SLUG);
const config = readExerciseConfig(SLUG);
const vectors = vectorsOf(SLUG);
const callOf = (input: unknown) => input as [string, ...unknown[]];
const isId = (value: unknown, bits: number) => Number.isInteger(value) && (value as number) >= 0 && (value as number) < 2 ** bits;

describe('exercises/dht-successor/exercise.json', () => {
  it('calls the two exports by name, compares peer ids and names the reference', () => {
    expect(config).toMatchObject({ slug: SLUG, entry: 'nextHop', callStyle: 'named-calls', comparator: 'peer-id', reference: 'reference/dht/index.ts' });
    expect(comparatorNamed(config.comparator)).toBeTypeOf('function');
  });

  it('declares a reference module that exports the reference functions', async () => {
    const reference = (await import(`../../${config.reference ?? ''}`)) as Record<string, unknown>;
    expect(reference.responsiblePeer).toBe(responsiblePeer);
    expect(reference.nextHop).toBe(nextHop);
  });

  it('grades the vectors and a ring simulation of up to 1,024 peers', () => {
    expect(config.suites?.map((suite) => suite.kind)).toEqual(['vectors', 'ring-simulation']);
    expect(config.suites?.[1]).toMatchObject({ points: 10, maxPeers: 1024 });
  });

});

describe('dht-successor vectors', () => {
  it('hold at least 60 cases over both functions, with unique ids', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(60);
    expect(new Set(vectors.map((vector) => vector.id)).size).toBe(vectors.length);
    const names = vectors.map((vector) => callOf(vector.input)[0]);
    expect(names.filter((name) => name === 'responsiblePeer').length).toBeGreaterThanOrEqual(20);
    expect(names.filter((name) => name === 'nextHop').length).toBeGreaterThanOrEqual(30);
  });

  itChecksTheVectorSet('dht-successor', { pattern: /^(Distributed Hash Tables|Circular DHT); Chord §4(\.\d+)?$/, says: 'the course material and the Chord paper' });

  it('call responsiblePeer with a non-empty set of distinct ids in range', () => {
    for (const vector of vectors.filter((v) => callOf(v.input)[0] === 'responsiblePeer')) {
      const [, key, peers, bits] = callOf(vector.input) as [string, number, number[], number];
      expect(bits, vector.id).toBeGreaterThanOrEqual(1);
      expect(bits, vector.id).toBeLessThanOrEqual(32);
      expect(isId(key, bits), vector.id).toBe(true);
      expect(peers.length, vector.id).toBeGreaterThan(0);
      expect(new Set(peers).size, vector.id).toBe(peers.length);
      for (const peer of peers) expect(isId(peer, bits), vector.id).toBe(true);
      expect(peers, vector.id).toContain(vector.expected);
    }
  });

  it('call nextHop on a consistent view: no shortcut is self, and the answer is self or a known peer', () => {
    for (const vector of vectors.filter((v) => callOf(v.input)[0] === 'nextHop')) {
      const [, self, predecessor, successor, shortcuts, key, bits] = callOf(vector.input) as [string, number, number, number, number[], number, number];
      for (const id of [self, predecessor, successor, key, ...shortcuts]) expect(isId(id, bits), vector.id).toBe(true);
      expect(shortcuts, vector.id).not.toContain(self);
      // Neighbours of a ring of one peer are the peer itself; of any other ring, other peers.
      expect(predecessor === self, vector.id).toBe(successor === self);
      expect([self, successor, ...shortcuts], vector.id).toContain(vector.expected);
    }
  });

  it('cover every rule the contract singles out', () => {
    const ids = new Set(vectors.map((vector) => vector.id));
    for (const id of [
      'responsible-wrap-around',
      'responsible-key-is-peer',
      'responsible-one-peer-key-above',
      'responsible-bits-1-wrap',
      'responsible-bits-32-wrap',
      'responsible-unsorted',
      'responsible-numeric-order',
      'responsible-self-key-at-self',
      'responsible-self-key-after-predecessor',
      'responsible-self-key-at-predecessor',
      'responsible-self-one-peer-key-below',
      'forward-no-shortcuts',
      'forward-repeated-successor',
      'forward-shortcuts-past-key',
      'forward-shortcut-at-key',
      'forward-farthest-not-past',
      'forward-wrap-distance',
      'forward-bits-32-wrap',
    ]) {
      expect(ids).toContain(id);
    }
  });
});

describe('input json blocks', () => {
  const FENCE = '```';
  const file = (input: string) =>
    ['# Topic', '', '## A call', '- id: a-call', '- visibility: public', '- points: 1', '- rfc: Circular DHT; Chord §4', '', `${FENCE}input json`, input, FENCE, '', `${FENCE}json`, '12', FENCE, ''].join('\n');

  it('are read as JSON values, not as bytes', () => {
    const [vector] = parseVectorFile(file('["responsiblePeer", 11,\n  [1, 3, 4], 4]'), 'vectors/topic.md');
    expect(vector?.input).toEqual(['responsiblePeer', 11, [1, 3, 4], 4]);
    expect(vector?.expected).toBe(12);
  });

  it('report broken JSON at the block’s line', () => {
    expect(() => parseVectorFile(file('["nextHop", 3,'), 'vectors/topic.md')).toThrow(VectorFormatError);
    expect(() => parseVectorFile(file('["nextHop", 3,'), 'vectors/topic.md')).toThrow(/^vectors\/topic\.md:9: input json block is not valid JSON/);
  });
});

describe('dht-successor statement', () => {
  const statement = readFileSync(`${dir}${config.statement}`, 'utf8');

  it('states the contract’s signatures', () => {
    expect(statement).toContain('export function responsiblePeer(key: number, peers: number[], bits: number): number;');
    expect(statement).toContain('export function nextHop(');
    expect(statement).toContain('self: number, predecessor: number, successor: number, shortcuts: number[], key: number, bits: number,');
  });

  it('works the figure’s example with the answers the reference gives', () => {
    const figure = [1, 3, 4, 5, 8, 10, 12, 15];
    expect(statement).toContain(`\`responsiblePeer(11, [${figure.join(', ')}], 4)\` is ${responsiblePeer(11, figure, 4)}`);
    expect(statement).toContain(`\`responsiblePeer(0, [${figure.join(', ')}], 4)\` is ${responsiblePeer(0, figure, 4)}`);
    expect(statement).toContain(`\`nextHop(3, 1, 4, [8, 12], 11, 4)\` is ${nextHop(3, 1, 4, [8, 12], 11, 4)}`);
  });
});

describe('dht-successor starter', () => {
  it('compiles as a submission would', async () => {
    const source = readFileSync(`${dir}${config.starter}`, 'utf8');
    expect(await compileSubmission(source, 'ts', config.starter)).toMatchObject({ ok: true });
  });
});
