/** Reads an exercise folder's config and vectors the way the grader sees them, for tests. */
import { readdirSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import type { ExerciseConfig, VectorCase } from '../../harness/exercises/types.js';
import { parseVectorFile } from '../../harness/vectors/markdown-vectors.js';

const EXERCISES_DIR = fileURLToPath(new URL('../../exercises/', import.meta.url));

export function exerciseDir(slug: string): string {
  return `${EXERCISES_DIR}${slug}/`;
}

export function readExerciseConfig(slug: string): ExerciseConfig {
  return JSON.parse(readFileSync(`${exerciseDir(slug)}exercise.json`, 'utf8')) as ExerciseConfig;
}

/** Every case of every vector file exercise.json lists, in order. */
export function vectorsOf(slug: string): VectorCase[] {
  return readExerciseConfig(slug).vectors.flatMap((file) =>
    parseVectorFile(readFileSync(`${exerciseDir(slug)}${file}`, 'utf8'), file),
  );
}

/** Where a case is written, from the repository root: `exercises/<slug>/vectors/<topic>.md:<line>`. */
export function vectorLocation(slug: string, vector: VectorCase): string {
  return `exercises/${slug}/${vector.file}:${vector.line}`;
}

/**
 * The checks every exercise's vector set passes, registered as tests in the calling describe
 * block: the config lists exactly the vector files of the folder; about a third of the cases are
 * hidden, and every topic keeps public and hidden ones; each case earns one of `points` and cites
 * its source the way `citation` says.
 */
export function itChecksTheVectorSet(slug: string, citation: { pattern: RegExp; says: string }, points: number[] = [1, 2]): void {
  const config = readExerciseConfig(slug);
  const vectors = vectorsOf(slug);

  it('lists every vector file of the folder, and only those', () => {
    const present = readdirSync(`${exerciseDir(slug)}vectors`).map((file) => `vectors/${file}`);
    expect([...config.vectors].sort()).toEqual(present.sort());
  });

  it('hide about a third of the cases, and every topic keeps public and hidden ones', () => {
    const hidden = vectors.filter((vector) => vector.visibility === 'hidden').length;
    expect(hidden / vectors.length).toBeGreaterThan(0.25);
    expect(hidden / vectors.length).toBeLessThan(0.4);
    for (const file of config.vectors) {
      const topic = vectors.filter((vector) => vector.file === file);
      expect(topic.some((vector) => vector.visibility === 'public'), file).toBe(true);
      expect(topic.some((vector) => vector.visibility === 'hidden'), file).toBe(true);
    }
  });

  it(`give ${points.join(' or ')} points and cite ${citation.says}`, () => {
    for (const vector of vectors) {
      expect(points, vector.id).toContain(vector.points);
      expect(vector.rfc, vector.id).toMatch(citation.pattern);
    }
  });
}
