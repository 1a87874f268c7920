// The health families' counters and histogram: a number per combination of label values, in first-seen order,
// rendered by the TextWriter like every other family.
import type { Family } from './families.js';
import type { TextWriter } from './text.js';

const SEP = '\u0000';

interface Tally<T> {
  readonly labels: readonly string[];
  value: T;
}

class Tallies<T> {
  private readonly byKey = new Map<string, Tally<T>>();

  constructor(private readonly initial: () => T) {}

  of(labels: readonly string[]): Tally<T> {
    const key = labels.join(SEP);
    let t = this.byKey.get(key);
    if (t === undefined) {
      t = { labels: [...labels], value: this.initial() };
      this.byKey.set(key, t);
    }
    return t;
  }

  values(): IterableIterator<Tally<T>> {
    return this.byKey.values();
  }
}

/** A counter family: label values (in the family's label order) to a count. */
export class Counter {
  private readonly tallies = new Tallies(() => 0);

  constructor(private readonly family: Family) {}

  inc(labels: readonly string[], by = 1): void {
    this.tallies.of(labels).value += by;
  }

  render(w: TextWriter): void {
    w.header(this.family);
    for (const t of this.tallies.values()) w.sample(this.family, t.labels, t.value);
  }
}

interface Observed {
  /** Observations at or under each bucket's bound, cumulative. */
  readonly counts: number[];
  sum: number;
  count: number;
}

/** A histogram family: per combination of label values, cumulative bucket counts, their sum and count. */
export class Histogram {
  private readonly tallies: Tallies<Observed>;

  constructor(private readonly family: Family, private readonly buckets: readonly number[]) {
    this.tallies = new Tallies(() => ({ counts: buckets.map(() => 0), sum: 0, count: 0 }));
  }

  observe(labels: readonly string[], value: number): void {
    const o = this.tallies.of(labels).value;
    for (let i = 0; i < this.buckets.length; i++) if (value <= (this.buckets[i] as number)) (o.counts[i] as number)++;
    o.sum += value;
    o.count++;
  }

  render(w: TextWriter): void {
    const f = this.family;
    w.header(f);
    const bucket = { ...f, name: `${f.name}_bucket`, labels: [...f.labels, 'le'] };
    const sum = { ...f, name: `${f.name}_sum` };
    const count = { ...f, name: `${f.name}_count` };
    for (const { labels, value: o } of this.tallies.values()) {
      this.buckets.forEach((le, i) => w.sample(bucket, [...labels, String(le)], o.counts[i] as number));
      w.sample(bucket, [...labels, '+Inf'], o.count);
      w.sample(sum, labels, o.sum);
      w.sample(count, labels, o.count);
    }
  }
}
