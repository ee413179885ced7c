/**
 * An exercise's version (its content hash) is what a regrade is offered for: it must change with
 * anything that decides what a test expects, and only with that.
 */
import { appendFileSync, cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadExercise } from '../../harness/exercises/catalog.js';
import { localModuleGraph } from '../../harness/exercises/module-graph.js';

const PROJECT_ROOT = path.resolve(import.meta.dirname, '../..');

describe('exercise version', () => {
  let root: string;
  let folder: string;

  beforeEach(() => {
    // A project of its own: the exercise and a copy of reference/ that the test may change.
    root = mkdtempSync(path.join(tmpdir(), 'netgrade-version-'));
    cpSync(path.join(PROJECT_ROOT, 'reference'), path.join(root, 'reference'), { recursive: true });
    symlinkSync(path.join(PROJECT_ROOT, 'harness'), path.join(root, 'harness'), 'dir');
    folder = path.join(root, 'exercises', 'http-request-parser');
    cpSync(path.join(PROJECT_ROOT, 'exercises', 'http-request-parser'), folder, { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const hashAfter = async (change: () => void) => {
    const before = (await loadExercise(folder)).contentHash;
    change();
    return { before, after: (await loadExercise(folder)).contentHash };
  };

  it('changes when a module the reference imports changes', async () => {
    const { before, after } = await hashAfter(() => appendFileSync(path.join(root, 'reference/http/content-length.ts'), '\n// changed\n'));
    expect(after).not.toBe(before);
  });

  it('changes when the reference entry itself changes', async () => {
    const { before, after } = await hashAfter(() => appendFileSync(path.join(root, 'reference/http/index.ts'), '\n// changed\n'));
    expect(after).not.toBe(before);
  });

  it('stays the same when a reference module of another protocol changes', async () => {
    const { before, after } = await hashAfter(() => appendFileSync(path.join(root, 'reference/dns/index.ts'), '\n// changed\n'));
    expect(after).toBe(before);
  });

  it('follows the reference through its relative imports, and no further than reference/ and the exercise', async () => {
    const files = (await localModuleGraph([path.join(root, 'reference/http/index.ts'), path.join(folder, 'properties.ts')], [path.join(root, 'reference'), folder])).map(
      ([file]) => path.relative(root, file),
    );
    expect(files).toContain('reference/http/content-length.ts');
    expect(files).toContain('exercises/http-request-parser/properties.ts');
    expect(files.some((file) => file.startsWith('harness/') || file.includes('node_modules'))).toBe(false);
  });
});
