import { SUBMISSION_GLOBAL } from '../compile.js';

/** The global under which the host hands the isolate the function that reports a settled call. */
export const HOST_SETTLE_GLOBAL = '__netgradeHostSettle';
/** The global where the script leaves the function that starts a call, which the host takes. */
export const ASYNC_CALL_GLOBAL = '__netgradeStartCall';

/**
 * Calls an exported function that answers with a promise (a socket client's `uppercase`), as a
 * script run inside the isolate before the student's module. The call style `function` reads an
 * answer as soon as the function returns; a client's answer arrives later, when a socket event the
 * host delivers settles the promise, so the host starts the call with
 * `start(callId, exportName, ...args)` and hears of the outcome through `settle(callId, kind, text)`.
 *
 * `start` returns '' once the call is under way, `"missing-export"` when there is no such function,
 * and otherwise nothing happens until `settle` is called, at most once per call, with `kind`
 * `resolved` (and the value when it is a string), `resolved-non-string` (and a description of the
 * value), `rejected` or `threw` (and a description of the error). isolated-vm runs the microtasks
 * a call into the isolate leaves queued before the call returns, so the promise's reactions run
 * inside the host's time-limited calls, never on their own.
 *
 * Everything used here is captured before student code can replace it (`Promise.prototype.then`,
 * `Promise.resolve`), and only primitives cross to the host; nothing here is a security boundary.
 */
export const ISOLATE_ASYNC_CALL_SOURCE = `(() => {
  'use strict';
  const settle = globalThis.${HOST_SETTLE_GLOBAL};
  delete globalThis.${HOST_SETTLE_GLOBAL};
  const apply = Reflect.apply;
  const PromiseType = Promise;
  const promiseResolve = Promise.resolve;
  const promiseThen = Promise.prototype.then;
  const ErrorType = Error;
  const StringOf = String;
  const hasInstance = Function.prototype[Symbol.hasInstance];
  const isInstance = (value, type) => apply(hasInstance, type, [value]);
  const stringSlice = String.prototype.slice;
  const stringify = JSON.stringify;
  const isArray = Array.isArray;
  const cut = (text) => apply(stringSlice, text, [0, 2000]);

  const describe = (thrown) => {
    try {
      if (isInstance(thrown, ErrorType)) {
        const name = typeof thrown.name === 'string' ? thrown.name : 'Error';
        const message = typeof thrown.message === 'string' ? thrown.message : '';
        return cut(name + ': ' + message);
      }
      if (typeof thrown === 'string') return cut('the string ' + stringify(thrown));
      return cut('a value that is not an Error: ' + StringOf(thrown));
    } catch (_) {
      return 'a value that cannot be described';
    }
  };
  const Uint8ArrayType = Uint8Array;
  const kindOf = (value) => {
    if (value === null) return 'null';
    if (value === undefined) return 'undefined';
    if (isInstance(value, Uint8ArrayType)) return 'a Buffer (bytes; its toString() is the text)';
    if (isArray(value)) return 'an array';
    return typeof value === 'object' ? 'an object' : 'a ' + typeof value;
  };

  globalThis.${ASYNC_CALL_GLOBAL} = (callId, exportName, ...args) => {
    const exported = globalThis.${SUBMISSION_GLOBAL};
    const fn = exported !== null && typeof exported === 'object' ? exported[exportName] : undefined;
    if (typeof fn !== 'function') return 'missing-export';
    let settled = false;
    const once = (kind, text) => {
      if (settled) return;
      settled = true;
      settle(callId, kind, text);
    };
    let returned;
    try {
      returned = apply(fn, exported, args);
    } catch (thrown) {
      once('threw', describe(thrown));
      return '';
    }
    // As \`await\` would: a promise (or any thenable) is followed, a plain value taken as it is.
    let promise;
    try {
      promise = apply(promiseResolve, PromiseType, [returned]);
    } catch (thrown) {
      once('rejected', describe(thrown));
      return '';
    }
    apply(promiseThen, promise, [
      (value) => (typeof value === 'string' ? once('resolved', value) : once('resolved-non-string', kindOf(value))),
      (reason) => once('rejected', describe(reason)),
    ]);
    return '';
  };
})();`;
