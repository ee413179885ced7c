/**
 * How a stream reader's answers are judged (the `stream-vectors` suite).
 *
 * A vector holds a whole byte stream and the list of every result it yields. The grader feeds the
 * stream whole, byte by byte, and split in two at every position; for each of these chunkings the
 * isolate answers with what each call returned, `[push1, push2, …, end]`. The answer is right
 * when the results, flattened in call order, are exactly the expected list (compared one by one on
 * the contract's fields), and each result came from a call the contract allows: the windows
 * computed for the stream say after how many bytes, at the earliest and at the latest, each
 * result may appear (`'end'` being the call to end()).
 */
import { encodeInputBlock } from '../vectors/markdown-vectors.js';
import type { Comparator } from './comparators.js';

/** One way of cutting a stream into pushes. */
export interface Chunking {
  /** How the chunking is named to a student, e.g. "split after byte 17". */
  label: string;
  chunks: string[];
}

/** The window of one expected result, in bytes pushed (see reference/http/reporting-window.ts). */
export interface TimingWindow {
  earliest: number | 'end';
  latest: number | 'end';
}

export type StreamVerdict = { right: true } | { right: false; problem: string; firstDifference?: string };

/** The chunkings the contract names: whole, then split in two at every position, then byte by byte. */
export function chunkingsOf(stream: string): Chunking[] {
  const chunkings: Chunking[] = [{ label: 'the whole stream in one push', chunks: [stream] }];
  for (let split = 1; split < stream.length; split++) {
    chunkings.push({ label: `split after byte ${split}`, chunks: [stream.slice(0, split), stream.slice(split)] });
  }
  if (stream.length > 1) chunkings.push({ label: 'one byte per push', chunks: [...stream] });
  return chunkings;
}

/** A chunking as a failed test shows it: every byte written as in the vector files, pushes marked. */
export function showChunking(chunking: Chunking): string {
  if (chunking.chunks.length !== 2) return encodeInputBlock(chunking.chunks.join(''));
  return chunking.chunks.map((chunk, index) => `--- push ${index + 1} ---\n${encodeInputBlock(chunk)}`).join('\n');
}

/** Names a call for a student: "push 2" or "end()". */
function callName(call: number, pushes: number): string {
  return call === pushes ? 'end()' : `push ${call + 1}`;
}

/** The call that has delivered the `bytes`-th byte of the stream (or end() for 'end'). */
function callAt(bytes: number | 'end', chunks: string[]): number {
  if (bytes === 'end') return chunks.length;
  let delivered = 0;
  for (let call = 0; call < chunks.length; call++) {
    delivered += (chunks[call] as string).length;
    if (delivered >= bytes) return call;
  }
  return chunks.length;
}

export function checkStreamAnswer(
  expected: unknown[],
  windows: TimingWindow[],
  chunking: Chunking,
  answer: unknown,
  compare: Comparator,
): StreamVerdict {
  const pushes = chunking.chunks.length;
  if (!Array.isArray(answer) || answer.length !== pushes + 1 || !answer.every((returned) => Array.isArray(returned))) {
    return { right: false, problem: `every push and end() must return a list of results (${pushes} pushes and end() were called).` };
  }
  const calls = answer as unknown[][];
  const flat = calls.flatMap((returned, call) => returned.map((result, index) => ({ result, call, path: `[${call}][${index}]` })));
  const common = Math.min(flat.length, expected.length);
  for (let i = 0; i < common; i++) {
    const { result, call, path } = flat[i]!;
    const verdict = compare(expected[i], result);
    if (!verdict.equal) {
      const where = verdict.firstDifference && verdict.firstDifference !== '(root)' ? `${path}.${verdict.firstDifference}` : path;
      return { right: false, problem: `result ${i + 1} (returned by ${callName(call, pushes)}) differs from the expected one.`, firstDifference: where };
    }
    const window = windows[i]!;
    const earliest = callAt(window.earliest, chunking.chunks);
    const latest = callAt(window.latest, chunking.chunks);
    if (call < earliest || call > latest) {
      const allowed = earliest === latest ? callName(earliest, pushes) : `a call from ${callName(earliest, pushes)} to ${callName(latest, pushes)}`;
      const why = (expected[i] as { ok?: unknown }).ok === true ? 'a request is returned exactly when its last byte arrives' : 'a broken request is reported once it is certainly broken, and at the latest at its blank line or end()';
      return {
        right: false,
        problem: `result ${i + 1} was returned by ${callName(call, pushes)}, but the contract requires ${allowed} (${why}).`,
        firstDifference: path,
      };
    }
  }
  if (flat.length < expected.length) {
    return { right: false, problem: `${flat.length} results were returned in all, ${expected.length} expected.` };
  }
  if (flat.length > expected.length) {
    const extra = flat[expected.length]!;
    const afterFailure = (expected[expected.length - 1] as { ok?: unknown } | undefined)?.ok === false;
    const why = afterFailure ? ' After a failure every later push and end() must return [].' : '';
    return { right: false, problem: `${flat.length} results were returned in all, ${expected.length} expected.${why}`, firstDifference: extra.path };
  }
  return { right: true };
}
