import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { VectorCase } from '../../harness/exercises/types.js';
import { exerciseDir, vectorsOf } from './exercise-vectors.js';

// Each mutant is a realistic wrong solution. Every one must fail the vector written to catch its
// mistake; the grading test (dht-ring-simulation) shows the ring simulation catches them as well.

const SLUG = 'dht-successor';
const MUTANTS_DIR = `${exerciseDir(SLUG)}mutants/`;
const vectors = vectorsOf(SLUG);

type Module = Record<string, (...args: unknown[]) => unknown>;

/** The vector each mutant's mistake is written to be caught by. */
const CAUGHT_BY: Record<string, string> = {
  'assumes-sorted-peers.ts': 'responsible-unsorted',
  'default-sort.ts': 'responsible-numeric-order',
  'distance-without-modulo.ts': 'forward-wrap-distance',
  'first-shortcut-not-past.ts': 'forward-unsorted-shortcuts',
  'greater-than-key.ts': 'responsible-key-is-peer',
  'ignores-successor.ts': 'forward-shortcuts-past-key',
  'interval-closed-at-predecessor.ts': 'responsible-self-key-at-predecessor',
  'interval-open-at-self.ts': 'responsible-self-key-at-self',
  'negative-remainder.ts': 'responsible-self-wrap-key-0',
  'no-wrap-around.ts': 'responsible-wrap-around',
  'overshoots-key.ts': 'forward-no-overshoot',
  'picks-closest-shortcut.ts': 'forward-farthest-not-past',
  'shift-for-ring-size.ts': 'forward-bits-32-half-ring',
  'strict-not-past.ts': 'forward-shortcut-at-key',
};

function failedVectors(module: Module): VectorCase[] {
  return vectors.filter((vector) => {
    const [name, ...args] = vector.input as unknown as [string, ...unknown[]];
    try {
      return module[name]!(...args) !== vector.expected;
    } catch {
      return true;
    }
  });
}

const mutantFiles = readdirSync(MUTANTS_DIR).filter((file) => file.endsWith('.ts')).sort();

describe('dht-successor mutants', () => {
  it('are at least ten, each listed with the vector that targets it', () => {
    expect(mutantFiles.length).toBeGreaterThanOrEqual(10);
    expect(mutantFiles).toEqual(Object.keys(CAUGHT_BY).sort());
    const ids = new Set(vectors.map((vector) => vector.id));
    for (const id of Object.values(CAUGHT_BY)) expect(ids).toContain(id);
  });

  for (const file of mutantFiles) {
    it(`${file} names its mistake and fails the vector that targets it`, async () => {
      expect(readFileSync(`${MUTANTS_DIR}${file}`, 'utf8')).toMatch(/^\/\*\*\n \* Mutant: \S/);
      const module = (await import(`${MUTANTS_DIR}${file}`)) as Module;
      expect(module.responsiblePeer).toBeTypeOf('function');
      expect(module.nextHop).toBeTypeOf('function');
      expect(failedVectors(module).map((vector) => vector.id)).toContain(CAUGHT_BY[file]);
    });
  }
});

describe('dht-successor starter', () => {
  it('fails most vectors', async () => {
    const starter = (await import(`${exerciseDir(SLUG)}starter.ts`)) as Module;
    expect(failedVectors(starter).length).toBeGreaterThan(vectors.length / 3);
  });
});
