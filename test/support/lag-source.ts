// An in-memory LagSource for the walk tests: answers given per call (an Error is thrown; a function is called with the
// call's `cancel` and its promise is the answer), every call recorded with its `cancel`.
import { ConsoleDeadlineError } from '../../src/console/errors/index.js';
import type { ClusterBrokerNames, ConsoleHome, Flavour, GroupConsumeInfo, QueueMaxOffset, TopicConsumerInfo, TopicList } from '../../src/console/types.js';
import type { LagSource } from '../../src/lag/source.js';

/** An answer made when the call is made, from the call's `cancel` (the walk's deadline). */
export type Deferred<T> = (cancel: AbortSignal | undefined) => Promise<T>;

export type Answer<T> = T | Error | Deferred<T>;

export interface Answers {
  readonly topics?: Answer<TopicList>;
  /** By topic name. */
  readonly consumersOfTopic?: Readonly<Record<string, Answer<ReadonlyMap<string, TopicConsumerInfo>>>>;
  readonly groups?: Answer<readonly GroupConsumeInfo[]>;
  /** By the group's name as listed (with %SYS% when the console marks it). */
  readonly topicsOfGroup?: Readonly<Record<string, Answer<readonly TopicConsumerInfo[]>>>;
  readonly cluster?: Answer<ClusterBrokerNames>;
  /** By topic name; a topic not named fails. */
  readonly topicStats?: Readonly<Record<string, Answer<readonly QueueMaxOffset[]>>>;
  readonly flavour?: Flavour;
  /** The console's name servers, read in turn by each homePage call (the last one repeated); default one that never changes. */
  readonly nameServers?: readonly string[];
}

/**
 * An answer that never comes: the call fails as the console client fails it, with a ConsoleDeadlineError for
 * `endpoint`, when its `cancel` fires (at once if it has already fired; never without one).
 */
export function untilCancelled(endpoint: string): Deferred<never> {
  return (cancel) => new Promise<never>((_resolve, reject) => {
    if (cancel === undefined) return;
    const give = (): void => reject(new ConsoleDeadlineError(endpoint));
    if (cancel.aborted) give();
    else cancel.addEventListener('abort', give, { once: true });
  });
}

function isDeferred<T>(answer: Answer<T>): answer is Deferred<T> {
  return typeof answer === 'function';
}

export class FakeSource implements LagSource {
  /** Every call, in the order made: `listTopics`, `consumersOfTopic <topic>`, `topicsOfGroup <group as listed>`, ... */
  readonly calls: string[] = [];
  /** The `cancel` each call was given, in the order of `calls`. */
  readonly cancels: (AbortSignal | undefined)[] = [];
  /** The group each topicsOfGroup call was given, in the order made. */
  readonly groupsAsked: GroupConsumeInfo[] = [];

  /** What the console answers; replace it between walks to change the answers. */
  constructor(public answers: Answers) {}

  listTopics(cancel?: AbortSignal): Promise<TopicList> {
    return this.answer('listTopics', cancel, this.answers.topics ?? new Error('no topic list in this test'));
  }

  consumersOfTopic(topic: string, cancel?: AbortSignal): Promise<ReadonlyMap<string, TopicConsumerInfo>> {
    return this.answer(`consumersOfTopic ${topic}`, cancel, this.answers.consumersOfTopic?.[topic] ?? new Map<string, TopicConsumerInfo>());
  }

  listGroups(cancel?: AbortSignal): Promise<readonly GroupConsumeInfo[]> {
    return this.answer('listGroups', cancel, this.answers.groups ?? []);
  }

  topicsOfGroup(group: GroupConsumeInfo, cancel?: AbortSignal): Promise<readonly TopicConsumerInfo[]> {
    this.groupsAsked.push(group);
    return this.answer(`topicsOfGroup ${group.group}`, cancel, this.answers.topicsOfGroup?.[group.group] ?? []);
  }

  /** Not recorded in `calls` (the walk reads it once per name server, for the info family): counted in `clusterReads`. */
  async clusterBrokerNames(): Promise<ClusterBrokerNames> {
    this.clusterReads++;
    await Promise.resolve();
    const answer = this.answers.cluster ?? new Error('no cluster answer in this test');
    if (answer instanceof Error) throw answer;
    return answer as ClusterBrokerNames;
  }

  clusterReads = 0;

  topicStats(topic: string, cancel?: AbortSignal): Promise<readonly QueueMaxOffset[]> {
    return this.answer(`topicStats ${topic}`, cancel, this.answers.topicStats?.[topic] ?? new Error(`no stats of ${topic} in this test`));
  }

  /** Not recorded in `calls` (the walk reads it at its start and end): counted in `homePageReads`. */
  homePage(): Promise<ConsoleHome> {
    const list = this.answers.nameServers ?? ['10.0.0.5:9876'];
    const nameServer = list[Math.min(this.homePageReads, list.length - 1)] ?? '';
    this.homePageReads++;
    return Promise.resolve({ nameServer });
  }

  homePageReads = 0;

  flavour(): Flavour | undefined {
    return this.answers.flavour;
  }

  private async answer<T>(call: string, cancel: AbortSignal | undefined, answer: Answer<T>): Promise<T> {
    this.calls.push(call);
    this.cancels.push(cancel);
    await Promise.resolve();
    if (isDeferred(answer)) return answer(cancel);
    if (answer instanceof Error) throw answer;
    return answer;
  }
}
