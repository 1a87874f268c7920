// The default walk: list topics, then one queryConsumerByTopic per wanted topic; works on every console.
import type { GroupConsumeInfo } from '../console/types.js';
import type { LagFilter } from './filter.js';
import { failureOf, WalkFailedError, type LagSource } from './source.js';
import { rawGroupName } from '../console/names.js';
import { classifyTopic, type TopicName } from './topic-kind.js';
import type { Observation, WalkFailure, WalkResult } from './types.js';

export async function walkByTopic(source: LagSource, filter: LagFilter, now: () => number): Promise<WalkResult> {
  const startedAt = now();
  const failures: WalkFailure[] = [];

  let listed: Awaited<ReturnType<LagSource['listTopics']>>;
  try {
    listed = await source.listTopics();
  } catch (error) {
    throw new WalkFailedError(failureOf('topic_list', '', error));
  }
  const groupsCall = listGroupsOrFailure(source, failures);
  const extraSystem = listed.systemMarked ? new Set<string>() : await clusterNames(source);
  const topics: TopicName[] = [];
  for (const t of listed.topics) {
    const topic = classifyTopic(t, extraSystem);
    if (filter.wantsTopic(topic)) topics.push(topic);
  }

  const observations: Observation[] = [];
  await Promise.all(topics.map(async (topic) => {
    try {
      const byGroup = await source.consumersOfTopic(topic.name);
      const observedAt = now();
      for (const [group, info] of byGroup) {
        if (filter.wantsGroup(group)) observations.push({ topic: topic.name, group, info, observedAt });
      }
    } catch (error) {
      failures.push(failureOf('topic', topic.name, error));
    }
  }));

  return {
    startedAt,
    finishedAt: now(),
    observations,
    groups: await groupsCall,
    failures,
    flavour: source.flavour(),
    topicsWalked: topics.length,
  };
}

// groupList is the only cheap source of message model and online clients; the walk goes on without it.
export async function listGroupsOrFailure(source: LagSource, failures: WalkFailure[]): Promise<Map<string, GroupConsumeInfo> | undefined> {
  try {
    const groups = await source.listGroups();
    const byName = new Map<string, GroupConsumeInfo>();
    for (const g of groups) byName.set(rawGroupName(g.group), g);
    return byName;
  } catch (error) {
    failures.push(failureOf('group_list', '', error));
    return undefined;
  }
}

// Console 1.0 does not mark system topics: cluster and broker names (and <cluster>_REPLY_TOPIC) are topics too.
async function clusterNames(source: LagSource): Promise<Set<string>> {
  try {
    const { clusters, brokers } = await source.clusterBrokerNames();
    return new Set([...clusters, ...clusters.map((c) => c + '_REPLY_TOPIC'), ...brokers]);
  } catch {
    return new Set();
  }
}
