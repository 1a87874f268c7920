// An in-memory LagSource for the walk tests: answers given per call (an Error is thrown), every call recorded.
import type { ClusterBrokerNames, Flavour, GroupConsumeInfo, TopicConsumerInfo, TopicList } from '../../src/console/types.js';
import type { LagSource } from '../../src/lag/source.js';

export type Answer<T> = T | Error;

export interface Answers {
  readonly topics?: Answer<TopicList>;
  /** By topic name. */
  readonly consumersOfTopic?: Readonly<Record<string, Answer<ReadonlyMap<string, TopicConsumerInfo>>>>;
  readonly groups?: Answer<readonly GroupConsumeInfo[]>;
  /** By the group's name as listed (with %SYS% when the console marks it). */
  readonly topicsOfGroup?: Readonly<Record<string, Answer<readonly TopicConsumerInfo[]>>>;
  readonly cluster?: Answer<ClusterBrokerNames>;
  readonly flavour?: Flavour;
}

export class FakeSource implements LagSource {
  /** Every call, in the order made: `listTopics`, `consumersOfTopic <topic>`, `topicsOfGroup <group as listed>`, ... */
  readonly calls: string[] = [];

  constructor(private readonly answers: Answers) {}

  listTopics(): Promise<TopicList> {
    return this.answer('listTopics', this.answers.topics ?? new Error('no topic list in this test'));
  }

  consumersOfTopic(topic: string): Promise<ReadonlyMap<string, TopicConsumerInfo>> {
    return this.answer(`consumersOfTopic ${topic}`, this.answers.consumersOfTopic?.[topic] ?? new Map<string, TopicConsumerInfo>());
  }

  listGroups(): Promise<readonly GroupConsumeInfo[]> {
    return this.answer('listGroups', this.answers.groups ?? []);
  }

  topicsOfGroup(group: GroupConsumeInfo): Promise<readonly TopicConsumerInfo[]> {
    return this.answer(`topicsOfGroup ${group.group}`, this.answers.topicsOfGroup?.[group.group] ?? []);
  }

  clusterBrokerNames(): Promise<ClusterBrokerNames> {
    return this.answer('clusterBrokerNames', this.answers.cluster ?? new Error('no cluster answer in this test'));
  }

  flavour(): Flavour | undefined {
    return this.answers.flavour;
  }

  private async answer<T>(call: string, answer: Answer<T>): Promise<T> {
    this.calls.push(call);
    await Promise.resolve();
    if (answer instanceof Error) throw answer;
    return answer;
  }
}
