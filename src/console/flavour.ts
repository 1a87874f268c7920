// Which console answers: worked out from what its responses look like, never asked of the user.
import type { Flavour } from './types.js';
import type { GroupListShape } from './validate.js';

/** What the responses seen so far say about the console version. */
export interface FlavourEvidence {
  /** `login.do` answered `data` as a string (console 2019) or as an object (dashboard). */
  loginData?: 'string' | 'object';
  /** groupList entries carried `address` (dashboard 2.0), `updateTime` (2.1), or neither. */
  groupList?: GroupListShape;
  /** The topic list had `%SYS%` markers (console 2019 and later) or a raw TBW102 (console 1.0). */
  topicList?: 'marked' | 'raw';
}

/** The most specific flavour the evidence supports; undefined until something telling was seen. */
export function flavourOf(evidence: Readonly<FlavourEvidence>): Flavour | undefined {
  if (evidence.groupList === 'update-time') return 'dashboard-2.1';
  if (evidence.groupList === 'address') return 'dashboard-2.0';
  if (evidence.loginData === 'object') return 'dashboard-1.0';
  if (evidence.loginData === 'string') return 'console-2019';
  if (evidence.topicList === 'marked') return 'console-2019';
  if (evidence.topicList === 'raw') return 'console-1.0';
  return undefined;
}

export function topicListEvidence(topics: readonly string[], systemMarked: boolean): FlavourEvidence['topicList'] {
  if (systemMarked) return 'marked';
  // Every broker creates TBW102; a console that marks system topics would have listed it as %SYS%TBW102.
  return topics.includes('TBW102') ? 'raw' : undefined;
}

export function loginDataEvidence(data: unknown): FlavourEvidence['loginData'] {
  if (typeof data === 'string') return 'string';
  if (typeof data === 'object' && data !== null && !Array.isArray(data)) return 'object';
  return undefined;
}
