import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadExercise } from '../../harness/exercises/catalog.js';

/** The exercise.json keys socket exercises use: `callStyle: "program"` and `capabilities`. */
const source = path.resolve(import.meta.dirname, '../../exercises/udp-uppercase-server');
const copies: string[] = [];
afterEach(() => {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the exercise folder with its exercise.json changed by `edit`. */
function copyWith(edit: (config: Record<string, unknown>) => void): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'netgrade-catalog-')), 'udp-uppercase-server');
  copies.push(path.dirname(dir));
  cpSync(source, dir, { recursive: true });
  const config = JSON.parse(readFileSync(path.join(dir, 'exercise.json'), 'utf8')) as Record<string, unknown>;
  edit(config);
  writeFileSync(path.join(dir, 'exercise.json'), JSON.stringify(config));
  return dir;
}

describe('an exercise.json for a socket program', () => {
  it('needs no entry when its call style is program, and earns the vectors\u2019 points with a udp-server suite', async () => {
    const exercise = await loadExercise(source);
    expect(exercise.config.entry).toBe('');
    expect(exercise.config.capabilities).toEqual(['dgram']);
    expect(exercise.maxScore).toBe(exercise.vectors.length);
  });

  it('rejects a capability the sandbox does not provide', async () => {
    const dir = copyWith((config) => (config.capabilities = ['dgram', 'fs']));
    await expect(loadExercise(dir)).rejects.toThrow(/"capabilities" must be a list of "dgram"/);
  });

  it('still needs an entry for the other call styles', async () => {
    const dir = copyWith((config) => (config.callStyle = 'function'));
    await expect(loadExercise(dir)).rejects.toThrow(/"entry" must be a non-empty string/);
  });

  it('rejects points on a udp-server suite, which earns the vectors\u2019 points', async () => {
    const dir = copyWith((config) => (config.suites = [{ kind: 'udp-server', points: 5 }]));
    await expect(loadExercise(dir)).rejects.toThrow(/earns the vectors' points/);
  });
});
