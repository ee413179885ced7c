import { ISOLATE_BUFFER_SOURCE } from './isolate-buffer.js';

/** The global under which the host hands the isolate its one UDP function; the script below takes
 *  it and deletes the global before student code runs. */
export const HOST_UDP_GLOBAL = '__netgradeHostUdp';
/** The global where the script leaves its event dispatcher, which the host takes and deletes. */
export const SOCKET_EVENT_GLOBAL = '__netgradeSocketEvent';

/**
 * The `node:dgram` stand-in, as a script run inside the isolate after the bootstrap and before the
 * student's module. It defines `require` (serving `node:dgram`, `dgram` and `node:buffer`, which is
 * also what esbuild turns an `import` of them into), a global `Buffer`, and the dispatcher through
 * which the host delivers socket events.
 *
 * The isolate reaches the host only through one synchronous function, `host(op, ...)`, whose
 * arguments and result are copied primitives: `open` → a socket id or `"CODE message"`;
 * `bind(id, port, address)` and `close(id)` → ''; `send(id, byteString, port, address, sendId)` →
 * '' or `"CODE message"`, thrown at once (a program over its limits). Bytes
 * cross as byte strings (one char per byte). The host checks every call: this script only shapes
 * Node's API over it, so nothing here is a security boundary.
 *
 * Events come back as `dispatch(type, id, a, b, c)`, which the host calls under a time limit:
 * `message(id, bytes, address, port)`, `listening(id)`, `close(id)`, `error(id, code, message)`
 * and `sent(id, sendId, error)`. It returns '' or the description of what a handler threw, so an
 * exception never leaves the isolate as an object.
 */
export const ISOLATE_DGRAM_SOURCE = `(() => {
  'use strict';
  const host = globalThis.${HOST_UDP_GLOBAL};
  delete globalThis.${HOST_UDP_GLOBAL};
  const ErrorType = Error;
  const StringOf = String;
  const apply = Reflect.apply;
  const Buffer = ${ISOLATE_BUFFER_SOURCE};
  const Uint8ArrayType = Uint8Array;

  // Node's EventEmitter, the part sockets use: listeners in order, once, off, and an 'error'
  // with no listener thrown (Node: events, "Error events").
  class EventEmitter {
    #listeners = new Map();
    on(name, listener) {
      if (typeof listener !== 'function') throw new TypeError('The "listener" argument must be of type function');
      const list = this.#listeners.get(name) || [];
      list.push({ listener, once: false });
      this.#listeners.set(name, list);
      return this;
    }
    addListener(name, listener) { return this.on(name, listener); }
    once(name, listener) {
      this.on(name, listener);
      this.#listeners.get(name)[this.#listeners.get(name).length - 1].once = true;
      return this;
    }
    off(name, listener) {
      const list = this.#listeners.get(name);
      if (!list) return this;
      for (let i = list.length - 1; i >= 0; i--) if (list[i].listener === listener) { list.splice(i, 1); break; }
      return this;
    }
    removeListener(name, listener) { return this.off(name, listener); }
    emit(name, ...args) {
      const list = this.#listeners.get(name);
      if (!list || list.length === 0) {
        if (name === 'error') throw args[0];
        return false;
      }
      for (const entry of [...list]) {
        if (entry.once) this.off(name, entry.listener);
        apply(entry.listener, this, args);
      }
      return true;
    }
  }

  const failure = (answer, syscall) => {
    const space = answer.indexOf(' ');
    const code = answer.slice(0, space);
    // Node words system errors as "<syscall> <code> <detail>", its own as the bare sentence.
    const error = new ErrorType(code.startsWith('ERR_') ? answer.slice(space + 1) : syscall + ' ' + answer);
    error.code = code;
    error.syscall = syscall;
    return error;
  };

  const toByteString = (bytes) => {
    let text = '';
    for (let i = 0; i < bytes.length; i++) text += StringOf.fromCharCode(bytes[i]);
    return text;
  };

  const sockets = new Map();
  let nextSendId = 1;

  class Socket extends EventEmitter {
    #id;
    #bound = null;
    #closed = false;
    #sendCallbacks = new Map();
    constructor(id) {
      super();
      this.#id = id;
      sockets.set(id, this);
    }
    bind(...args) {
      if (this.#closed) throw failure('ERR_SOCKET_DGRAM_NOT_RUNNING Not running', 'bind');
      if (this.#bound) throw failure('ERR_SOCKET_ALREADY_BOUND Socket is already bound', 'bind');
      let port = 0;
      let address = '0.0.0.0';
      if (typeof args[0] === 'object' && args[0] !== null) {
        port = args[0].port === undefined ? 0 : args[0].port;
        if (typeof args[0].address === 'string') address = args[0].address;
      } else if (typeof args[0] === 'number') port = args[0];
      if (typeof args[1] === 'string') address = args[1];
      const callback = args[args.length - 1];
      if (typeof callback === 'function') this.once('listening', callback);
      this.#bound = { address, port };
      host('bind', this.#id, port, address);
      return this;
    }
    send(message, ...args) {
      if (this.#closed) throw failure('ERR_SOCKET_DGRAM_NOT_RUNNING Not running', 'send');
      let bytes = typeof message === 'string' ? Buffer.from(message) : message;
      if (!(bytes instanceof Uint8ArrayType)) {
        throw new TypeError('The "buffer" argument must be of type string or an instance of Buffer or Uint8Array');
      }
      // send(msg, offset, length, port[, address][, cb]) or send(msg, port[, address][, cb])
      if (typeof args[1] === 'number') {
        bytes = bytes.subarray(args[0], args[0] + args[1]);
        args = args.slice(2);
      }
      const port = args[0];
      const address = typeof args[1] === 'string' ? args[1] : '127.0.0.1';
      const callback = typeof args[args.length - 1] === 'function' ? args[args.length - 1] : undefined;
      const sendId = nextSendId++;
      if (callback) this.#sendCallbacks.set(sendId, callback);
      const refused = host('send', this.#id, toByteString(bytes), typeof port === 'number' ? port : -1, address, sendId);
      if (refused !== '') {
        this.#sendCallbacks.delete(sendId);
        throw failure(refused, 'send');
      }
    }
    address() {
      if (!this.#bound) throw failure('EBADF getsockname', 'getsockname');
      return { address: this.#bound.address, family: 'IPv4', port: this.#bound.port };
    }
    close(callback) {
      if (this.#closed) throw failure('ERR_SOCKET_DGRAM_NOT_RUNNING Not running', 'close');
      this.#closed = true;
      if (typeof callback === 'function') this.once('close', callback);
      host('close', this.#id);
      return this;
    }
    ref() { return this; }
    unref() { return this; }
    deliver(type, a, b, c) {
      if (type === 'message') {
        this.emit('message', Buffer.from(a, 'latin1'), { address: b, family: 'IPv4', port: c, size: a.length });
      } else if (type === 'listening') {
        this.emit('listening');
      } else if (type === 'close') {
        sockets.delete(this.#id);
        this.emit('close');
      } else if (type === 'error') {
        this.emit('error', failure(a + ' ' + b, 'socket'));
      } else if (type === 'sent') {
        const callback = this.#sendCallbacks.get(a);
        this.#sendCallbacks.delete(a);
        const error = b === '' ? null : failure(b, 'send');
        if (callback) callback(error, error ? undefined : c);
        else if (error) this.emit('error', error);
      }
    }
  }

  const createSocket = (options, onMessage) => {
    const type = typeof options === 'string' ? options : options && options.type;
    if (type !== 'udp4') throw failure('ERR_SOCKET_BAD_TYPE Bad socket type specified. Valid types are: udp4', 'createSocket');
    const id = host('open');
    if (typeof id !== 'number') throw failure(id, 'createSocket');
    const socket = new Socket(id);
    if (typeof onMessage === 'function') socket.on('message', onMessage);
    return socket;
  };

  const dgram = Object.freeze({ createSocket, Socket, __proto__: null });
  const buffer = Object.freeze({ Buffer, __proto__: null });
  const modules = { __proto__: null, 'node:dgram': dgram, dgram, 'node:buffer': buffer, buffer };
  globalThis.require = (name) => {
    if (typeof name === 'string' && name in modules) return modules[name];
    const error = new ErrorType("Cannot find module '" + StringOf(name) + "' (the sandbox provides node:dgram and node:buffer)");
    error.code = 'MODULE_NOT_FOUND';
    throw error;
  };
  globalThis.Buffer = Buffer;

  const describe = (thrown) => {
    try {
      if (thrown instanceof ErrorType) return StringOf(thrown.name) + ': ' + StringOf(thrown.message);
      return 'threw a non-Error value: ' + StringOf(thrown);
    } catch (_) {
      return 'threw a value that cannot be described';
    }
  };
  globalThis.${SOCKET_EVENT_GLOBAL} = (type, id, a, b, c) => {
    const socket = sockets.get(id);
    if (!socket) return '';
    try {
      socket.deliver(type, a, b, c);
      return '';
    } catch (thrown) {
      return describe(thrown).slice(0, 2000) || 'threw';
    }
  };
})();`;
