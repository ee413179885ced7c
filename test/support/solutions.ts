/** Submissions the server tests send: the golden fixtures under test/fixtures and the exercise's starter. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const EXERCISE_SLUG = 'http-request-parser';

const root = path.resolve(import.meta.dirname, '../..');
export const EXERCISES_DIR = path.join(root, 'exercises');
const read = (...parts: string[]) => readFileSync(path.join(root, ...parts), 'utf8');

/** A complete solution: full marks. */
export const correctSolution = (): string => read('test/fixtures', EXERCISE_SLUG, 'pass/independent-solution/submission.ts');
/** A solution that fails some visible tests with a wrong answer. */
export const wrongAnswerSolution = (): string => read('test/fixtures', EXERCISE_SLUG, 'fail/lowercases-header-names/submission.ts');
/** The starter handed to students: less than full marks. */
export const starterSource = (): string => read('exercises', EXERCISE_SLUG, 'starter.ts');
