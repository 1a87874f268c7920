// One 'abort' listener per signal, however many callers wait on it. An AbortSignal keeps its listeners in a list that
// every add and remove walks, and every call of a walk, queued or sent, waits on the walk's deadline.

const callbacks = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Calls `fn` once when `signal` aborts (`signal` must not be aborted yet). Returns the function that unregisters it,
 * to be called once the caller no longer waits.
 */
export function onAbort(signal: AbortSignal, fn: () => void): () => void {
  let set = callbacks.get(signal);
  if (set === undefined) {
    const waiting = new Set<() => void>();
    callbacks.set(signal, waiting);
    signal.addEventListener('abort', () => {
      callbacks.delete(signal);
      for (const f of waiting) f();
      waiting.clear();
    }, { once: true });
    set = waiting;
  }
  set.add(fn);
  const registered = set;
  return () => {
    registered.delete(fn);
  };
}
