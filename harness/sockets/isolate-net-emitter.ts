/**
 * The source of the EventEmitter that the `node:net` stand-in's servers and sockets extend inside
 * the isolate: the part of Node's `events` they use. Listeners run in the order they were added,
 * `once` removes its listener before running it, `off` removes the last registration of a
 * listener, and an `'error'` emitted with no listener is thrown (Node: events, "Error events").
 * `onListenerAdded(name)` lets a subclass react when a listener arrives (a socket holds back data
 * until it has a `'data'` listener, as a paused Node stream does).
 *
 * The script is an expression: it evaluates to the class, and defines no global itself.
 */
export const ISOLATE_EMITTER_SOURCE = `(() => {
  'use strict';
  const apply = Reflect.apply;
  const TypeErrorType = TypeError;
  class EventEmitter {
    #listeners = new Map();
    on(name, listener) {
      if (typeof listener !== 'function') throw new TypeErrorType('The "listener" argument must be of type function');
      const list = this.#listeners.get(name) || [];
      list.push({ listener, once: false });
      this.#listeners.set(name, list);
      this.onListenerAdded(name);
      return this;
    }
    addListener(name, listener) { return this.on(name, listener); }
    once(name, listener) {
      this.on(name, listener);
      const list = this.#listeners.get(name);
      list[list.length - 1].once = true;
      return this;
    }
    off(name, listener) {
      const list = this.#listeners.get(name);
      if (!list) return this;
      for (let i = list.length - 1; i >= 0; i--) if (list[i].listener === listener) { list.splice(i, 1); break; }
      return this;
    }
    removeListener(name, listener) { return this.off(name, listener); }
    removeAllListeners(name) {
      if (name === undefined) this.#listeners.clear();
      else this.#listeners.delete(name);
      return this;
    }
    listenerCount(name) {
      const list = this.#listeners.get(name);
      return list ? list.length : 0;
    }
    onListenerAdded(_name) {}
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
  return EventEmitter;
})()`;
