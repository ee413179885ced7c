import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** Relative module specifiers in a TypeScript or JavaScript source: static imports and
 *  re-exports, side-effect imports and literal dynamic imports. */
const RELATIVE_SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

/**
 * The files a module depends on through relative imports, itself first, as long as they stay
 * inside one of `roots` (an exercise folder, the `reference/` folder): the text that decides what a
 * test expects. Packages and the harness's own modules are left out; they are the grader, not the
 * exercise. A file that does not exist is skipped here; importing it fails where it is used.
 * Each entry is `[absolute path, text]`, in a stable order.
 */
export async function localModuleGraph(entries: string[], roots: string[]): Promise<[string, string][]> {
  const inside = (file: string) => roots.some((root) => !path.relative(root, file).startsWith('..') && !path.isAbsolute(path.relative(root, file)));
  const found = new Map<string, string>();
  const pending = entries.map((entry) => path.resolve(entry));
  while (pending.length > 0) {
    const specified = pending.shift()!;
    if (!inside(specified)) continue;
    const source = await readSource(specified);
    if (source === undefined || found.has(source.file)) continue;
    const { file, text } = source;
    found.set(file, text);
    for (const match of text.matchAll(RELATIVE_SPECIFIER)) pending.push(path.resolve(path.dirname(file), match[1]!));
  }
  return [...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Reads a module as TypeScript resolves it: `./x.js` may be `./x.ts` on disk. */
async function readSource(file: string): Promise<{ file: string; text: string } | undefined> {
  const candidates = file.endsWith('.js') ? [file.replace(/\.js$/, '.ts'), file] : [file];
  for (const candidate of candidates) {
    try {
      return { file: candidate, text: await readFile(candidate, 'utf8') };
    } catch {
      // try the next spelling
    }
  }
  return undefined;
}
