// Faults injected per endpoint on demand: latency, console errors, and broken HTTP of every kind.

import { Prng } from './prng.js';

export type Fault =
  /** Delay the answer by `ms`. */
  | { readonly kind: 'latency'; readonly ms: number }
  /** Delay uniformly in [minMs, maxMs], drawn from the simulator's seed. */
  | { readonly kind: 'randomLatency'; readonly minMs: number; readonly maxMs: number }
  /** HTTP 200 with status -1; default message: a broker timeout. */
  | { readonly kind: 'error'; readonly message?: string }
  /** HTTP 500 with Spring Boot's JSON error body. */
  | { readonly kind: 'http500' }
  /** Never answer (until the simulator stops). */
  | { readonly kind: 'hang' }
  /** Reset the connection without answering. */
  | { readonly kind: 'reset' }
  /** A complete HTTP answer whose body is not valid JSON. */
  | { readonly kind: 'malformedJson' }
  /** Content-Length of the full body, half of it sent, then the connection closed. */
  | { readonly kind: 'truncated' }
  /** The real body followed by whitespace up to `bytes` (default 16 MiB): valid JSON, too large. */
  | { readonly kind: 'oversized'; readonly bytes?: number }
  /** Every number inside `data` rendered as a JSON string. */
  | { readonly kind: 'numbersAsStrings' }
  /** Every `every`-th queue row (default 3rd, from the first) shows consumerOffset = brokerOffset + `by` (default 100). */
  | { readonly kind: 'negativeDiff'; readonly every?: number; readonly by?: number };

export type FaultKind = Fault['kind'];

/** Kinds that need no settings, accepted by name. */
export type SimpleFaultKind = 'error' | 'http500' | 'hang' | 'reset' | 'malformedJson' | 'truncated' | 'oversized' | 'numbersAsStrings' | 'negativeDiff';

export type RequestParams = Readonly<Record<string, string>>;

export interface FaultOptions {
  /** Applies to this many matching requests, then is removed; default forever. */
  readonly times?: number;
  /** Applies only to requests whose (decoded) parameters match. */
  readonly match?: (params: RequestParams) => boolean;
}

/** A fault that replaces the whole answer. */
export type ResponseFault = Extract<Fault, { kind: 'error' | 'http500' | 'hang' | 'reset' | 'malformedJson' | 'truncated' | 'oversized' }>;

export interface NegativeDiffFault {
  readonly every: number;
  readonly by: number;
}

/** What the faults due for one request amount to. */
export interface DueFaults {
  readonly delayMs: number;
  readonly response: ResponseFault | null;
  readonly numbersAsStrings: boolean;
  readonly negativeDiff: NegativeDiffFault | null;
}

interface Rule {
  readonly endpoint: string;
  readonly fault: Fault;
  readonly match: ((params: RequestParams) => boolean) | undefined;
  remaining: number;
}

export const ANY_ENDPOINT = '*';

/** `/topic/list.query`, `topic/list.query` -> `topic/list.query`. */
export function endpointKey(path: string): string {
  return path.replace(/^\/+/, '');
}

const NO_FAULTS: DueFaults = { delayMs: 0, response: null, numbersAsStrings: false, negativeDiff: null };

export class Faults {
  private rules: Rule[] = [];
  private readonly prng: Prng;

  constructor(seed: number) {
    this.prng = new Prng(seed).fork('faults');
  }

  /** Adds a fault on an endpoint path (e.g. `topic/queryConsumerByTopic.query`) or on every endpoint (`*`). */
  set(endpoint: string, fault: Fault | SimpleFaultKind, options: FaultOptions = {}): void {
    const resolved: Fault = typeof fault === 'string' ? { kind: fault } : fault;
    if (options.times !== undefined && !(options.times >= 1)) throw new RangeError('times must be at least 1');
    this.rules.push({ endpoint: endpointKey(endpoint), fault: resolved, match: options.match, remaining: options.times ?? Infinity });
  }

  /** Removes the faults of one endpoint, or all. */
  clear(endpoint?: string): void {
    this.rules = endpoint === undefined ? [] : this.rules.filter((r) => r.endpoint !== endpointKey(endpoint));
  }

  /** Faults currently set. */
  list(): { endpoint: string; fault: Fault; remaining: number }[] {
    return this.rules.map((r) => ({ endpoint: r.endpoint, fault: r.fault, remaining: r.remaining }));
  }

  /** Picks (and uses up) the faults due for a request: all latencies add up, the first answer-replacing fault wins. */
  take(endpoint: string, params: RequestParams): DueFaults {
    if (this.rules.length === 0) return NO_FAULTS;
    let delayMs = 0;
    let response: ResponseFault | null = null;
    let numbersAsStrings = false;
    let negativeDiff: NegativeDiffFault | null = null;
    for (const rule of this.rules) {
      if (rule.endpoint !== ANY_ENDPOINT && rule.endpoint !== endpoint) continue;
      if (rule.match !== undefined && !rule.match(params)) continue;
      const fault = rule.fault;
      switch (fault.kind) {
        case 'latency':
          delayMs += fault.ms;
          break;
        case 'randomLatency':
          delayMs += this.prng.float(fault.minMs, fault.maxMs);
          break;
        case 'numbersAsStrings':
          numbersAsStrings = true;
          break;
        case 'negativeDiff':
          negativeDiff = { every: Math.max(1, fault.every ?? 3), by: fault.by ?? 100 };
          break;
        default:
          if (response !== null) continue;
          response = fault;
      }
      rule.remaining--;
    }
    this.rules = this.rules.filter((r) => r.remaining > 0);
    return { delayMs: Math.round(delayMs), response, numbersAsStrings, negativeDiff };
  }
}
