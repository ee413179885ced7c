import { transform } from 'esbuild';

export type SourceLanguage = 'ts' | 'js';

const EXTENSION_LANGUAGE: Record<string, SourceLanguage> = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.js': 'js', '.mjs': 'js', '.cjs': 'js' };

/** The language a file name says, by its extension; undefined when it says none. The service and the CLI both decide by it. */
export function languageOf(filename: string): SourceLanguage | undefined {
  const dot = filename.lastIndexOf('.');
  return dot < 0 ? undefined : EXTENSION_LANGUAGE[filename.slice(dot).toLowerCase()];
}

/** The global name under which a compiled submission exposes its exports inside the sandbox. */
export const SUBMISSION_GLOBAL = '__submission';

export type CompileOutcome =
  | { ok: true; script: string }
  | { ok: false; message: string; line?: number; column?: number };

/**
 * Turns a student's ES module (TypeScript or JavaScript) into one classic script that assigns the
 * module's exports to `globalThis.__submission`. Transpiling only: types are not checked, so a
 * type error alone never costs a student a grading, while a syntax error is reported at its line.
 */
export async function compileSubmission(code: string, language: SourceLanguage, filename: string): Promise<CompileOutcome> {
  try {
    const output = await transform(code, {
      loader: language,
      format: 'iife',
      globalName: SUBMISSION_GLOBAL,
      target: 'es2022',
      sourcefile: filename,
      logLevel: 'silent',
    });
    return { ok: true, script: output.code };
  } catch (error) {
    const first = (error as { errors?: { text: string; location?: { line: number; column: number } | null }[] }).errors?.[0];
    if (!first) throw error;
    return {
      ok: false,
      message: first.text,
      ...(first.location ? { line: first.location.line, column: first.location.column + 1 } : {}),
    };
  }
}
