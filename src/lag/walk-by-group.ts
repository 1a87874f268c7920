// The optional walk: groupList, then one queryTopicByConsumer per wanted group (WALK_MODE=group).
import type { GroupConsumeInfo } from '../console/types.js';
import type { LagFilter } from './filter.js';
import { failureOf, WalkFailedError, type LagSource } from './source.js';
import { rawGroupName } from '../console/names.js';
import { classifyTopic, isSystemGroup } from './topic-kind.js';
import type { Observation, WalkFailure, WalkResult } from './types.js';

export async function walkByGroup(source: LagSource, filter: LagFilter, now: () => number): Promise<WalkResult> {
  const startedAt = now();
  const failures: WalkFailure[] = [];

  let listed: readonly GroupConsumeInfo[];
  try {
    listed = await source.listGroups();
  } catch (error) {
    throw new WalkFailedError(failureOf('group_list', '', error));
  }
  const groups = new Map<string, GroupConsumeInfo>();
  for (const g of listed) {
    const name = rawGroupName(g.group);
    if (!filter.includeSystem && isSystemGroup(g.group, g.subGroupType)) continue;
    if (filter.wantsGroup(name)) groups.set(name, g);
  }

  const noSystemNames = new Set<string>();
  const observations: Observation[] = [];
  let topicsWalked = 0;
  await Promise.all([...groups].map(async ([name, group]) => {
    // Broadcast groups keep their offsets on the clients: the console has no lag to give for them.
    if (group.messageModel === 'BROADCASTING') return;
    try {
      const topics = await source.topicsOfGroup(group);
      const observedAt = now();
      for (const info of topics) {
        const topic = classifyTopic(info.topic, noSystemNames);
        if (!filter.wantsTopic(topic)) continue;
        topicsWalked++;
        observations.push({ topic: topic.name, group: name, info, observedAt });
      }
    } catch (error) {
      failures.push(failureOf('group', name, error));
    }
  }));

  return {
    startedAt,
    finishedAt: now(),
    observations,
    groups,
    failures,
    flavour: source.flavour(),
    topicsWalked,
  };
}
