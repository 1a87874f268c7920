// What an endpoint handler gets and gives back.

import type { RequestParams, NegativeDiffFault } from '../faults.js';
import type { FlavourTraits } from '../flavours.js';
import type { ClusterModel } from '../model.js';
import type { Sessions } from '../sessions.js';
import type { GroupListCache } from './group-info.js';

export interface EndpointContext {
  readonly model: ClusterModel;
  readonly traits: FlavourTraits;
  /** Decoded query parameters. */
  readonly params: RequestParams;
  /** Decoded form fields of a POST body. */
  readonly form: RequestParams;
  readonly now: number;
  /** The servlet context path as the console reports it ("/" at the root). */
  readonly contextPath: string;
  readonly sessions: Sessions;
  readonly sessionId: string | undefined;
  readonly groupListCache: GroupListCache;
  readonly negativeDiff: NegativeDiffFault | null;
}

export interface Reply {
  readonly body: string;
  readonly httpStatus?: number;
  readonly headers?: Readonly<Record<string, string>>;
}

export type Handler = (ctx: EndpointContext) => Reply;

/** The console's JsonResult on success; `data` is already JSON. */
export function ok(data: string): Reply {
  return { body: `{"status":0,"data":${data},"errMsg":null}` };
}

/** The console's JsonResult on failure: HTTP 200, status -1. */
export function fail(message: string): Reply {
  return { body: `{"status":-1,"data":null,"errMsg":${JSON.stringify(message)}}` };
}

export const quote: (text: string) => string = JSON.stringify;

/** Jackson writes a double with a fraction digit: 0.0, 152.3. */
export function javaDouble(value: number): string {
  return Number.isInteger(value) ? `${value}.0` : String(value);
}
