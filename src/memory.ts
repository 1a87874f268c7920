// Gives memory back after a walk. A walk allocates many times what the exporter keeps (at L, about 40 MB live at the
// end of a walk and 25 MB at rest, for hundreds of MB allocated), and V8 lets its heap grow to several times the live
// size before it collects, then keeps the pages: 100 MB and more of resident memory that holds nothing. The exporter
// knows the one moment its garbage is largest and the loop is idle, the end of a render: one full collection there.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** A full, synchronous collection; the pages it empties are returned to the system. */
export function fullCollector(): () => void {
  // gc() is only put into contexts created once the flag is set; the flag changes nothing else.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as unknown;
  if (typeof gc !== 'function') throw new Error('this Node.js runtime gives no gc() to collect after a walk');
  return () => (gc as () => void)();
}
