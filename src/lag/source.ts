// What the walk needs from the console: the console client implements it; the walk knows nothing of HTTP.
import type { ClusterBrokerNames, ConsoleHome, Flavour, GroupConsumeInfo, QueueMaxOffset, TopicConsumerInfo } from '../console/types.js';
import { ConsoleError } from '../console/errors/index.js';
import type { FailureScope, WalkFailure } from './types.js';

/** Each call takes `cancel`, the walk's deadline: a call not yet answered when it fires fails as `deadline`. */
export interface LagSource {
  listTopics(cancel?: AbortSignal): Promise<{ readonly topics: readonly string[]; readonly systemMarked: boolean }>;
  consumersOfTopic(topic: string, cancel?: AbortSignal): Promise<ReadonlyMap<string, TopicConsumerInfo>>;
  listGroups(cancel?: AbortSignal): Promise<readonly GroupConsumeInfo[]>;
  topicsOfGroup(group: GroupConsumeInfo, cancel?: AbortSignal): Promise<readonly TopicConsumerInfo[]>;
  clusterBrokerNames(cancel?: AbortSignal): Promise<ClusterBrokerNames>;
  /** The name servers the console reads from. */
  homePage(cancel?: AbortSignal): Promise<ConsoleHome>;
  /** Max offsets and last store times of a topic's queues, for time lag. */
  topicStats(topic: string, cancel?: AbortSignal): Promise<readonly QueueMaxOffset[]>;
  flavour(): Flavour | undefined;
}

/** The walk could not list what to walk, or none of its calls succeeded: nothing new to export. */
export class WalkFailedError extends Error {
  constructor(readonly failure: WalkFailure) {
    super(failure.message);
    this.name = 'WalkFailedError';
  }
}

export function failureOf(scope: FailureScope, name: string, error: unknown): WalkFailure {
  if (error instanceof ConsoleError) return { scope, name, kind: error.kind, message: error.message };
  // Not a console answer: a defect here, reported without its text, which could hold console data.
  return { scope, name, kind: 'internal', message: `internal error (${error instanceof Error ? error.name : typeof error})` };
}
