/** Reads an exercise folder's config and vectors the way the grader sees them, for tests. */
import { readFileSync } from 'node:fs';
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
