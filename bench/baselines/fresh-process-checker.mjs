// Baseline grader: what a course does without a sandbox service, one new Node process per
// submission that imports the student's module and checks every vector. Exits 1 when any fails.
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { pathToFileURL } from 'node:url';

const [modulePath, vectorsPath, entry] = process.argv.slice(2);
const submission = await import(pathToFileURL(modulePath).href);
const vectors = JSON.parse(readFileSync(vectorsPath, 'utf8'));
let failed = 0;
for (const vector of vectors) {
  let actual;
  try {
    actual = JSON.parse(JSON.stringify(submission[entry](vector.input)));
  } catch {
    failed += 1;
    continue;
  }
  if (!isDeepStrictEqual(actual, vector.expected)) failed += 1;
}
console.log(`${vectors.length - failed} of ${vectors.length} passed`);
process.exit(failed > 0 ? 1 : 0);
