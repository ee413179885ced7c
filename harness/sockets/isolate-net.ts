import { ISOLATE_BUFFER_SOURCE } from './isolate-buffer.js';
import { ISOLATE_EMITTER_SOURCE } from './isolate-net-emitter.js';
import { ISOLATE_NET_SOCKET_SOURCE } from './isolate-net-socket.js';

/** The global under which the host hands the isolate its one TCP function; the script below takes
 *  it and deletes the global before student code runs. */
export const HOST_TCP_GLOBAL = '__netgradeHostTcp';
/** The global where the script leaves its event dispatcher, which the host takes and deletes. */
export const NET_EVENT_GLOBAL = '__netgradeNetEvent';

/**
 * The `node:net` stand-in, as a script run inside the isolate after the bootstrap and before the
 * student's module. It serves `node:net`, `net` and `node:buffer` through `require` (what esbuild
 * turns an `import` of them into), keeping any module an earlier grant serves (`node:dgram`), sets
 * the global `Buffer` unless one is there, and leaves the dispatcher through which the host
 * delivers events.
 *
 * The isolate reaches the host only through one synchronous function, `host(op, ...)`, whose
 * arguments and result are copied primitives. Servers and sockets share one id space:
 * - `server` → a server id, or `"CODE message"`;
 * - `listen(id, port)`, `closeServer(id)`, `end(id)`, `destroy(id)` → '';
 * - `connect(port, hostName)` → a socket id, or `"CODE message"` (thrown at once: over the limit);
 * - `write(id, byteString, writeId)` → '' or `"CODE message"`, thrown at once (over the limit).
 * Everything else the host has to say comes later as an event, never during the call. Bytes cross
 * as byte strings (one char per byte). The host checks every call: this script only shapes Node's
 * API over it, so nothing here is a security boundary.
 *
 * Events come back as `dispatch(type, id, a, b, c)`, which the host calls under a time limit:
 * `listening(server)`, `connection(server, socket, remoteAddress, remotePort)`,
 * `connect(socket, remoteAddress, remotePort)`, `data(socket, bytes)`, `end(socket)`,
 * `finish(socket)`, `written(socket, writeId, error)`, `error(id, code, message)` and
 * `close(id, hadError)`. It returns '' or the description of what a handler threw, so an exception
 * never leaves the isolate as an object.
 */
export const ISOLATE_NET_SOURCE = `(() => {
  'use strict';
  const host = globalThis.${HOST_TCP_GLOBAL};
  delete globalThis.${HOST_TCP_GLOBAL};
  const ErrorType = Error;
  const StringOf = String;
  const NumberOf = Number;
  const isInteger = Number.isInteger;
  const Buffer = typeof globalThis.Buffer === 'function' ? globalThis.Buffer : ${ISOLATE_BUFFER_SOURCE};
  const EventEmitter = ${ISOLATE_EMITTER_SOURCE};
  const earlierRequire = globalThis.require;
  // Objects by host id: a server or a socket, as the host's events name them.
  const objects = new Map();
  const internal = {};

  const failure = (answer, syscall) => {
    const space = answer.indexOf(' ');
    const code = answer.slice(0, space);
    // Node words system errors as "<syscall> <code> <detail>", its own as the bare sentence.
    const error = new ErrorType(code.startsWith('ERR_') ? answer.slice(space + 1) : syscall + ' ' + answer);
    error.code = code;
    if (!code.startsWith('ERR_')) error.syscall = syscall;
    return error;
  };

  const Socket = ${ISOLATE_NET_SOCKET_SOURCE};

  // listen(port[, host][, backlog][, cb]) or listen({ port, host }[, cb]) (Node: net, server.listen).
  const listenArguments = (args) => {
    let port = 0;
    let hostName;
    const callback = typeof args[args.length - 1] === 'function' ? args[args.length - 1] : undefined;
    if (typeof args[0] === 'object' && args[0] !== null) {
      port = args[0].port === undefined ? 0 : args[0].port;
      if (typeof args[0].host === 'string') hostName = args[0].host;
    } else {
      port = args[0] === undefined || typeof args[0] === 'function' ? 0 : args[0];
      if (typeof args[1] === 'string') hostName = args[1];
    }
    if (typeof port === 'string' && port.trim() !== '') port = NumberOf(port);
    if (typeof port !== 'number' || !isInteger(port) || port < 0 || port > 65535) {
      const error = new RangeError('options.port should be >= 0 and < 65536. Received ' + StringOf(port) + '.');
      error.code = 'ERR_SOCKET_BAD_PORT';
      throw error;
    }
    return { port, hostName, callback };
  };

  class Server extends EventEmitter {
    #id;
    #bound = null;
    #listening = false;
    #closed = false;
    constructor(options, onConnection) {
      super();
      const listener = typeof options === 'function' ? options : onConnection;
      const id = host('server');
      if (typeof id !== 'number') throw failure(id, 'createServer');
      this.#id = id;
      objects.set(id, this);
      if (typeof listener === 'function') this.on('connection', listener);
    }
    get listening() { return this.#listening; }
    listen(...args) {
      if (this.#bound) {
        const error = new ErrorType('Listen method has been called more than once without closing.');
        error.code = 'ERR_SERVER_ALREADY_LISTEN';
        throw error;
      }
      const { port, hostName, callback } = listenArguments(args);
      if (callback) this.once('listening', callback);
      this.#bound = { port, hostName };
      host('listen', this.#id, port);
      return this;
    }
    address() {
      if (!this.#listening) return null;
      const { port, hostName } = this.#bound;
      // Node answers with the address it bound: IPv6's any-address when no host was named.
      if (hostName === undefined || hostName === '::') return { address: '::', family: 'IPv6', port };
      const address = hostName === 'localhost' ? '127.0.0.1' : hostName;
      return { address, family: address.indexOf(':') >= 0 ? 'IPv6' : 'IPv4', port };
    }
    close(callback) {
      if (typeof callback === 'function') {
        // Node: a server that is not listening calls back with ERR_SERVER_NOT_RUNNING.
        if (!this.#listening || this.#closed) {
          this.once('close', () => callback(failure('ERR_SERVER_NOT_RUNNING Server is not running.', 'close')));
        } else this.once('close', callback);
      }
      if (!this.#closed) {
        this.#closed = true;
        this.#listening = false;
        host('closeServer', this.#id);
      }
      return this;
    }
    ref() { return this; }
    unref() { return this; }
    deliver(type, a, b, c) {
      if (type === 'listening') {
        if (this.#closed) return;
        this.#listening = true;
        this.emit('listening');
      } else if (type === 'connection') {
        const socket = new Socket(internal, a, b, c);
        objects.set(a, socket);
        this.emit('connection', socket);
      } else if (type === 'error') {
        this.#bound = null;
        this.emit('error', failure(a + ' ' + b, 'listen'));
      } else if (type === 'close') {
        objects.delete(this.#id);
        this.emit('close');
      }
    }
  }

  const createServer = (options, onConnection) => new Server(options, onConnection);
  const createConnection = (...args) => {
    const socket = new Socket();
    return socket.connect(...args);
  };

  const net = Object.freeze({ createServer, createConnection, connect: createConnection, Server, Socket, __proto__: null });
  const buffer = Object.freeze({ Buffer, __proto__: null });
  const modules = { __proto__: null, 'node:net': net, net, 'node:buffer': buffer, buffer };
  globalThis.require = (name) => {
    if (typeof name === 'string' && name in modules) return modules[name];
    if (typeof earlierRequire === 'function') return earlierRequire(name);
    const error = new ErrorType("Cannot find module '" + StringOf(name) + "' (the sandbox provides node:net and node:buffer)");
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
  globalThis.${NET_EVENT_GLOBAL} = (type, id, a, b, c) => {
    const target = objects.get(id);
    if (!target) return '';
    try {
      target.deliver(type, a, b, c);
      return '';
    } catch (thrown) {
      return describe(thrown).slice(0, 2000) || 'threw';
    }
  };
})();`;
