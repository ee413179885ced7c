/**
 * The source of the `net.Socket` class of the `node:net` stand-in (isolate-net.ts), an expression
 * evaluated inside that script's scope: it uses its `host`, `failure`, `objects`, `internal`,
 * `Buffer` and `EventEmitter`.
 *
 * A socket is one of a server's connections (made by the script with the private `internal`
 * token and the host's id) or a client's, made by `new net.Socket()` and `connect`. It follows
 * Node's semantics for the contract's subset (spec §3):
 * - `'data'` carries a Buffer, or a string once `setEncoding` was called (UTF-8 split across two
 *   chunks is held back until complete, as Node's StringDecoder does);
 * - data (and the `'end'` after it) waits until the socket has a `'data'` listener, as a paused
 *   Node stream keeps its bytes until one is added;
 * - `write` returns true and calls back once the bytes are handed to the network; a write after
 *   `end()` fails with ERR_STREAM_WRITE_AFTER_END, through the callback and an `'error'` event;
 * - `end([data][, encoding][, cb])` sends what is left and a FIN; `cb` runs on `'finish'`;
 * - `destroy([error])` closes at once; `'close'` follows, after `'error'` when an error was given.
 * When the peer ends, the host ends this side too (Node's default, `allowHalfOpen: false`).
 */
export const ISOLATE_NET_SOCKET_SOURCE = `(() => {
  const resolved = Promise.resolve();
  const then = Promise.prototype.then;
  const Uint8ArrayType = Uint8Array;
  const TypeErrorType = TypeError;
  const RangeErrorType = RangeError;
  const isInteger = Number.isInteger;
  const StringOf = String;
  const later = (run) => Reflect.apply(then, resolved, [run]);

  // How many trailing bytes of a byte string begin a UTF-8 sequence that is not complete yet.
  const unfinishedUtf8 = (bytes) => {
    for (let back = 1; back <= 3 && back <= bytes.length; back++) {
      const byte = bytes.charCodeAt(bytes.length - back);
      if ((byte & 0xc0) === 0x80) continue;
      const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
      return length > back ? back : 0;
    }
    return 0;
  };

  const toByteString = (data, encoding) => {
    let bytes = data;
    if (typeof data === 'string') bytes = Buffer.from(data, typeof encoding === 'string' ? encoding : undefined);
    else if (!(data instanceof Uint8ArrayType)) {
      const error = new TypeErrorType('The "chunk" argument must be of type string or an instance of Buffer or Uint8Array');
      error.code = 'ERR_INVALID_ARG_TYPE';
      throw error;
    }
    let text = '';
    for (let i = 0; i < bytes.length; i++) text += StringOf.fromCharCode(bytes[i]);
    return text;
  };

  let nextWriteId = 1;

  class Socket extends EventEmitter {
    #id = 0;
    #connecting = false;
    #ended = false;
    #destroyed = false;
    #destroyError = null;
    #encoding = null;
    #carry = '';
    #held = [];
    #writeCallbacks = new Map();
    constructor(token, id, remoteAddress, remotePort) {
      super();
      this.remoteAddress = undefined;
      this.remotePort = undefined;
      this.remoteFamily = undefined;
      if (token === internal) {
        this.#id = id;
        this.remoteAddress = remoteAddress;
        this.remotePort = remotePort;
        this.remoteFamily = 'IPv4';
      }
    }
    get connecting() { return this.#connecting; }
    get destroyed() { return this.#destroyed; }
    // connect(port[, host][, cb]) or connect({ port, host }[, cb]) (Node: net, socket.connect).
    connect(...args) {
      if (this.#id !== 0) {
        const error = new ErrorType('Socket is already connected or connecting');
        error.code = 'ERR_SOCKET_CONNECTION_IN_PROGRESS';
        throw error;
      }
      const callback = typeof args[args.length - 1] === 'function' ? args[args.length - 1] : undefined;
      const options = typeof args[0] === 'object' && args[0] !== null ? args[0] : { port: args[0], host: typeof args[1] === 'string' ? args[1] : undefined };
      let port = options.port;
      if (typeof port === 'string' && port.trim() !== '') port = Number(port);
      if (typeof port !== 'number' || !isInteger(port) || port < 1 || port > 65535) {
        const error = new RangeErrorType('Port should be > 0 and < 65536. Received ' + StringOf(options.port) + '.');
        error.code = 'ERR_SOCKET_BAD_PORT';
        throw error;
      }
      const hostName = typeof options.host === 'string' ? options.host : 'localhost';
      if (callback) this.once('connect', callback);
      const id = host('connect', port, hostName);
      if (typeof id !== 'number') throw failure(id, 'connect');
      this.#id = id;
      this.#connecting = true;
      objects.set(id, this);
      return this;
    }
    write(data, encoding, callback) {
      if (typeof encoding === 'function') {
        callback = encoding;
        encoding = undefined;
      }
      const bytes = toByteString(data, encoding);
      // A socket that never connected, or was destroyed, takes no more writes (its callback is dropped).
      if (this.#id === 0 || this.#destroyed) return false;
      const writeId = nextWriteId++;
      if (typeof callback === 'function') this.#writeCallbacks.set(writeId, callback);
      const refused = host('write', this.#id, bytes, writeId);
      if (refused !== '') {
        this.#writeCallbacks.delete(writeId);
        throw failure(refused, 'write');
      }
      return true;
    }
    end(data, encoding, callback) {
      if (typeof data === 'function') {
        callback = data;
        data = undefined;
      } else if (typeof encoding === 'function') {
        callback = encoding;
        encoding = undefined;
      }
      if (data !== undefined && data !== null) this.write(data, encoding);
      if (typeof callback === 'function') this.once('finish', callback);
      if (!this.#ended && !this.#destroyed && this.#id !== 0) {
        this.#ended = true;
        host('end', this.#id);
      }
      return this;
    }
    destroy(error) {
      if (this.#destroyed) return this;
      this.#destroyed = true;
      if (error) this.#destroyError = error;
      if (this.#id !== 0) host('destroy', this.#id);
      return this;
    }
    setEncoding(encoding) {
      Buffer.from('', encoding);
      this.#encoding = encoding === undefined ? 'utf8' : StringOf(encoding);
      return this;
    }
    setNoDelay() { return this; }
    setKeepAlive() { return this; }
    ref() { return this; }
    unref() { return this; }
    onListenerAdded(name) {
      if (name === 'data' && this.#held.length > 0) later(() => this.#release());
    }
    #release() {
      while (this.#held.length > 0 && this.listenerCount('data') > 0) {
        const [type, bytes] = this.#held.shift();
        if (type === 'data') this.#emitData(bytes);
        else this.emit('end');
      }
    }
    #emitData(bytes) {
      if (this.#encoding === null) return this.emit('data', Buffer.from(bytes, 'latin1'));
      let text = this.#carry + bytes;
      this.#carry = '';
      if (this.#encoding.toLowerCase().replace('-', '') === 'utf8') {
        const cut = text.length - unfinishedUtf8(text);
        this.#carry = text.slice(cut);
        text = text.slice(0, cut);
      }
      if (text.length > 0) this.emit('data', Buffer.from(text, 'latin1').toString(this.#encoding));
    }
    deliver(type, a, b) {
      // After destroy() a socket reports nothing but its 'close'.
      if (this.#destroyed && type !== 'close' && type !== 'written') return;
      if (type === 'connect') {
        this.#connecting = false;
        this.remoteAddress = a;
        this.remotePort = b;
        this.remoteFamily = 'IPv4';
        this.emit('connect');
      } else if (type === 'data' || type === 'end') {
        if (this.#held.length > 0 || this.listenerCount('data') === 0) this.#held.push([type, a]);
        else if (type === 'data') this.#emitData(a);
        else this.emit('end');
      } else if (type === 'finish') {
        this.emit('finish');
      } else if (type === 'written') {
        const callback = this.#writeCallbacks.get(a);
        this.#writeCallbacks.delete(a);
        const error = b === '' ? null : failure(b, 'write');
        if (callback) callback(error);
        // A failed real write also destroys the socket, whose 'error' comes on its own.
        if (error && error.code === 'ERR_STREAM_WRITE_AFTER_END') this.emit('error', error);
      } else if (type === 'error') {
        this.#destroyError = null;
        const error = new ErrorType(b);
        error.code = a;
        error.syscall = b.slice(0, b.indexOf(' '));
        this.emit('error', error);
      } else if (type === 'close') {
        objects.delete(this.#id);
        this.#destroyed = true;
        this.#connecting = false;
        const error = this.#destroyError;
        this.#destroyError = null;
        if (error) this.emit('error', error);
        this.emit('close', a === true || error !== null);
      }
    }
  }
  return Socket;
})()`;
