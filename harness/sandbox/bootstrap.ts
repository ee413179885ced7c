import { SUBMISSION_GLOBAL } from '../compile.js';
import type { SandboxLimits } from './submission-sandbox.js';

/**
 * The script every isolate runs before the student's module. It defines, inside the isolate:
 * - `console`, writing to a buffer capped at `outputMaxBytes` (the rest is counted, not kept);
 * - `__netgradeLoad(script, entry)`, `__netgradeCall(target, input)`,
 *   `__netgradeBatch(target, inputs, testTimeoutMs)` and `__netgradeProgress()`, which the host
 *   takes references to and then removes from the global scope. They run the module or call the
 *   student's export, and return one string describing the outcomes.
 *
 * Student code runs in this same isolate and may replace any built-in (`JSON.stringify`,
 * `Array.prototype.push`, `Date.now`, getters or `toJSON` on `Object.prototype`, …). So everything
 * the grader's own code uses is captured here, before student code runs, and called through the
 * captured references; the records the grader builds have no prototype, so nothing the student
 * defines on a prototype is consulted when they are written or serialized. Nothing the student
 * throws leaves the isolate either: a thrown value is described here, under the time limit, so a
 * hostile `Error.prepareStackTrace` or getter cannot run in the host's time.
 *
 * WebAssembly is removed: its memory lives outside the heap limit, and no exercise needs it.
 * FinalizationRegistry, WeakRef and Atomics.waitAsync are removed too: they are the built-ins that
 * can make code run, or keep objects, outside the call that set them up (a cleanup callback, a
 * timed-out wait), and an isolate may host the next submission's context (sandbox-reserve.ts).
 */
export function buildBootstrapScript(limits: SandboxLimits): string {
  return `(() => {
  'use strict';
  const stringify = JSON.stringify;
  const apply = Reflect.apply;
  const objectKeys = Object.keys;
  const setPrototypeOf = Object.setPrototypeOf;
  const objectToString = Object.prototype.toString;
  const stringSlice = String.prototype.slice;
  const arraySlice = Array.prototype.slice;
  const hasInstance = Function.prototype[Symbol.hasInstance];
  const StringOf = String;
  const ErrorType = Error;
  const RangeErrorType = RangeError;
  const indirectEval = eval;
  const now = Date.now;
  delete globalThis.WebAssembly;
  delete globalThis.FinalizationRegistry;
  delete globalThis.WeakRef;
  delete Atomics.waitAsync;

  const slice = (text, end) => apply(stringSlice, text, [0, end]);
  // instanceof without the student's Symbol.hasInstance.
  const isInstance = (value, type) => apply(hasInstance, type, [value]);
  // An array no student-defined prototype property can observe or fake.
  const record = () => { const list = []; setPrototypeOf(list, null); return list; };
  const append = (list, item) => { list[list.length] = item; };

  const toStringSafe = (value) => {
    try {
      if (typeof value === 'string') return value;
      if (isInstance(value, ErrorType)) return StringOf(value.name) + ': ' + StringOf(value.message);
      const json = stringify(value);
      return json === undefined ? StringOf(value) : json;
    } catch (_) {
      try { return apply(objectToString, value, []); } catch (_) { return '[unprintable]'; }
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
      output += slice(line, OUTPUT_MAX - output.length);
      outputTruncated = true;
    } else {
      output += line;
    }
  };
  globalThis.console = Object.freeze({ log: write, info: write, warn: write, error: write, debug: write });

  const describeThrown = (thrown) => {
    try {
      if (isInstance(thrown, ErrorType)) {
        const name = typeof thrown.name === 'string' ? thrown.name : 'Error';
        const message = typeof thrown.message === 'string' ? thrown.message : '';
        return slice(name + ': ' + message, 2000);
      }
      return slice('threw a non-Error value: ' + toStringSafe(thrown), 2000);
    } catch (_) {
      return 'threw a value that cannot be described';
    }
  };
  // isolated-vm refuses an ArrayBuffer over the isolate's memory limit with this RangeError.
  const isAllocationFailure = (thrown) => {
    try {
      return isInstance(thrown, RangeErrorType) && thrown.message === 'Array buffer allocation failed';
    } catch (_) {
      return false;
    }
  };

  // How an input is handed to the student's export, by the exercise's call style.
  const styles = {
    __proto__: null,
    // For modules with several functions: the input is [exportName, ...args].
    'named-calls': (exported, _name, call) => apply(exported[call[0]], exported, apply(arraySlice, call, [1])),
    // parseRequest(input)
    function: (exported, name, input) => exported[name](input),
    // new RequestReader(), then push(chunk) for each chunk and end(): the input is the list of
    // chunks, the answer the list of what each call returned (the pushes', then end()'s).
    'stream-reader': (exported, name, chunks) => {
      const reader = new exported[name]();
      const answers = record();
      for (let i = 0; i < chunks.length; i++) append(answers, reader.push(chunks[i]));
      append(answers, reader.end());
      return answers;
    },
  };

  // Runs the compiled module, then lists the functions it exports.
  globalThis.__netgradeLoad = (script) => {
    try {
      indirectEval(script);
      const exported = globalThis.${SUBMISSION_GLOBAL};
      const functions = record();
      if (exported !== null && typeof exported === 'object') {
        const keys = objectKeys(exported);
        for (let i = 0; i < keys.length; i++) if (typeof exported[keys[i]] === 'function') append(functions, StringOf(keys[i]));
      }
      return stringify({ __proto__: null, kind: 'exports', functions });
    } catch (thrown) {
      if (isAllocationFailure(thrown)) return stringify({ __proto__: null, kind: 'memory-limit' });
      return stringify({ __proto__: null, kind: 'threw', error: describeThrown(thrown) });
    }
  };

  // One call into the student's export; the outcome is a plain record of strings and numbers.
  const runOne = (target, input) => {
    output = '';
    outputTruncated = false;
    const exported = globalThis.${SUBMISSION_GLOBAL};
    let value;
    try {
      value = styles[target.style](exported, target.name, input);
    } catch (thrown) {
      if (isAllocationFailure(thrown)) return { __proto__: null, kind: 'memory-limit' };
      return { __proto__: null, kind: 'threw', error: describeThrown(thrown), output, outputTruncated };
    }
    let json;
    try {
      json = stringify(value);
    } catch (thrown) {
      if (isAllocationFailure(thrown)) return { __proto__: null, kind: 'memory-limit' };
      return { __proto__: null, kind: 'not-serializable', error: describeThrown(thrown), output, outputTruncated };
    }
    if (json !== undefined && json.length > RESULT_MAX) {
      return { __proto__: null, kind: 'result-too-large', bytes: json.length, output, outputTruncated };
    }
    return { __proto__: null, kind: 'returned', json, output, outputTruncated };
  };

  globalThis.__netgradeCall = (target, input) => stringify(runOne(target, input));

  // Runs many inputs in one call, which costs far less than one host call each. Progress is kept
  // here, out of the student's reach, so that after the host stops a run at its time limit it can
  // read which tests finished and which one was running.
  let progress = { __proto__: null, done: record(), runningSince: 0 };
  globalThis.__netgradeBatch = (target, inputs, testTimeoutMs) => {
    progress = { __proto__: null, done: record(), runningSince: 0 };
    for (let i = 0; i < inputs.length; i++) {
      progress.runningSince = now();
      const outcome = runOne(target, inputs[i]);
      const elapsedMs = now() - progress.runningSince;
      if (elapsedMs > testTimeoutMs) append(progress.done, { __proto__: null, kind: 'time-limit', elapsedMs });
      else {
        outcome.elapsedMs = elapsedMs;
        append(progress.done, outcome);
      }
    }
    return stringify(progress.done);
  };
  globalThis.__netgradeProgress = () => stringify({ __proto__: null, done: progress.done, runningForMs: now() - progress.runningSince });
})();`;
}
