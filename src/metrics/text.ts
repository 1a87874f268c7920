// Prometheus text: family headers from the catalogue, samples with escaped label values, values as Prometheus reads them.
import type { LabelledValue } from '../lag/types.js';
import { helpOf, type Family } from './families.js';

// About 64 KiB per chunk: few enough chunks to be cheap, small enough to stay out of V8's large-object space.
const CHUNK_CHARS = 64 * 1024;

/** Accumulates exposition text; label values are escaped once and cached, since names repeat a lot. */
export class TextWriter {
  private out = '';
  private readonly escaped = new Map<string, string>();

  constructor(readonly prefix: string) {}

  get full(): boolean {
    return this.out.length >= CHUNK_CHARS;
  }

  get empty(): boolean {
    return this.out === '';
  }

  take(): string {
    const chunk = this.out;
    this.out = '';
    return chunk;
  }

  text(text: string): void {
    this.out += text;
  }

  /** The family's name as exported. */
  nameOf(f: Family): string {
    return f.standard ? f.name : this.prefix + '_' + f.name;
  }

  header(f: Family): void {
    const name = this.nameOf(f);
    this.out += '# HELP ' + name + ' ' + helpOf(f) + '\n# TYPE ' + name + ' ' + f.type + '\n';
  }

  *family(f: Family, values: readonly LabelledValue[]): Generator<string, void, undefined> {
    this.header(f);
    for (const v of values) {
      this.sample(f, v.labels, v.value);
      if (this.full) yield this.take();
    }
  }

  /** `values` in the order of the family's labels. */
  sample(f: Family, values: readonly string[], value: number): void {
    let line = this.nameOf(f);
    for (let i = 0; i < f.labels.length; i++) {
      line += (i === 0 ? '{' : ',') + f.labels[i] + '="' + this.escape(values[i] ?? '') + '"';
    }
    this.out += line + (f.labels.length === 0 ? ' ' : '} ') + formatValue(value) + '\n';
  }

  escape(value: string): string {
    let e = this.escaped.get(value);
    if (e === undefined) {
      e = NEEDS_ESCAPE.test(value) ? value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') : value;
      this.escaped.set(value, e);
    }
    return e;
  }
}

const NEEDS_ESCAPE = /[\\"\n]/;

/** A sample value as Prometheus reads it: fractions rounded to a thousandth, infinities as +Inf and -Inf. */
export function formatValue(value: number): string {
  if (Number.isInteger(value)) return String(value);
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  return String(Math.round(value * 1000) / 1000);
}
