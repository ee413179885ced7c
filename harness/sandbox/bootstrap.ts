import { SUBMISSION_GLOBAL } from '../compile.js';
import type { SandboxLimits } from './submission-sandbox.js';

/**
 * The script every isolate runs before the student's module. It defines, inside the isolate:
 * - `console`, writing to a buffer capped at `outputMaxBytes` (the rest is counted, not kept);
 * - `__netgradeCall(target, input)`, `__netgradeBatch(target, inputs, testTimeoutMs)` and
 *   `__netgradeProgress()`, which the host takes references to and then removes from the global
 *   scope. They call the student's export, serialize the answer with the JSON functions captured
 *   here (so a student cannot swap them), and return one string describing the outcomes.
 * Everything runs under the host's per-call time limit, serialization included.
 */
export function buildBootstrapScript(limits: SandboxLimits): string {
  return `(() => {
  'use strict';
  const stringify = JSON.stringify;
  const toStringSafe = (value) => {
    try {
      if (typeof value === 'string') return value;
      if (value instanceof Error) return String(value.name) + ': ' + String(value.message);
      const json = stringify(value);
      return json === undefined ? String(value) : json;
    } catch (_) {
      try { return Object.prototype.toString.call(value); } catch (_) { return '[unprintable]'; }
    }
  };
  const OUTPUT_MAX = ${limits.outputMaxBytes};
  const RESULT_MAX = ${limits.resultMaxBytes};
  let output = '';
  let outputTruncated = false;
  const write = (...args) => {
    if (outputTruncated) return;
    let line = '';
    for (let i = 0; i < args.length; i++) {
      line += (i > 0 ? ' ' : '') + toStringSafe(args[i]);
      if (line.length > OUTPUT_MAX) break;
    }
    line += '\\n';
    if (output.length + line.length > OUTPUT_MAX) {
      output += line.slice(0, OUTPUT_MAX - output.length);
      outputTruncated = true;
    } else {
      output += line;
    }
  };
  globalThis.console = Object.freeze({ log: write, info: write, warn: write, error: write, debug: write });

  const describeThrown = (thrown) => {
    try {
      if (thrown instanceof Error) {
        const name = typeof thrown.name === 'string' ? thrown.name : 'Error';
        const message = typeof thrown.message === 'string' ? thrown.message : '';
        return (name + ': ' + message).slice(0, 2000);
      }
      return ('threw a non-Error value: ' + toStringSafe(thrown)).slice(0, 2000);
    } catch (_) {
      return 'threw a value that cannot be described';
    }
  };

  // How an input is handed to the student's export, by the exercise's call style.
  const apply = Reflect.apply;
  const styles = {
    // For modules with several functions: the input is [exportName, ...args].
    'named-calls': (exported, _name, call) => apply(exported[call[0]], exported, call.slice(1)),
    // parseRequest(input)
    function: (exported, name, input) => exported[name](input),
    // new RequestReader(), then push(chunk) for each chunk and end(): the input is the list of
    // chunks, the answer the list of what each call returned (the pushes', then end()'s).
    'stream-reader': (exported, name, chunks) => {
      const reader = new exported[name]();
      const answers = [];
      for (let i = 0; i < chunks.length; i++) answers.push(reader.push(chunks[i]));
      answers.push(reader.end());
      return answers;
    },
  };

  // One call into the student's export; the outcome is a plain object of strings and numbers.
  const runOne = (target, input) => {
    output = '';
    outputTruncated = false;
    const exported = globalThis.${SUBMISSION_GLOBAL};
    let value;
    try {
      value = styles[target.style](exported, target.name, input);
    } catch (thrown) {
      return { kind: 'threw', error: describeThrown(thrown), output, outputTruncated };
    }
    let json;
    try {
      json = stringify(value);
    } catch (thrown) {
      return { kind: 'not-serializable', error: describeThrown(thrown), output, outputTruncated };
    }
    if (json !== undefined && json.length > RESULT_MAX) {
      return { kind: 'result-too-large', bytes: json.length, output, outputTruncated };
    }
    return { kind: 'returned', json, output, outputTruncated };
  };

  globalThis.__netgradeCall = (target, input) => stringify(runOne(target, input));

  // Runs many inputs in one call, which costs far less than one host call each. Progress is kept
  // here, out of the student's reach, so that after the host stops a run at its time limit it can
  // read which tests finished and which one was running.
  const now = Date.now;
  let progress = { done: [], runningSince: 0 };
  globalThis.__netgradeBatch = (target, inputs, testTimeoutMs) => {
    progress = { done: [], runningSince: 0 };
    for (let i = 0; i < inputs.length; i++) {
      progress.runningSince = now();
      const outcome = runOne(target, inputs[i]);
      const elapsedMs = now() - progress.runningSince;
      if (elapsedMs > testTimeoutMs) progress.done.push({ kind: 'time-limit', elapsedMs });
      else {
        outcome.elapsedMs = elapsedMs;
        progress.done.push(outcome);
      }
    }
    return stringify(progress.done);
  };
  globalThis.__netgradeProgress = () => stringify({ done: progress.done, runningForMs: now() - progress.runningSince });
})();`;
}
