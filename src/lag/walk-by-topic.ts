// The topic plan (WALK_MODE=topic): one queryConsumerByTopic per wanted topic, %RETRY% topics included; the same on
// every console version.
import type { GroupConsumeInfo, TopicList } from '../console/types.js';
import type { LagFilter } from './filter.js';
import type { LagSource } from './source.js';
import { queueBlock } from './queues.js';
import { classifyTopic } from './topic-kind.js';
import type { Observation, WalkUnit } from './types.js';

/** A unit per wanted topic, each topic once however often it is listed. `groups`: for the online client counts. */
export function topicUnits(
  list: TopicList, extraSystemNames: ReadonlySet<string>, groups: ReadonlyMap<string, GroupConsumeInfo> | undefined,
  source: LagSource, filter: LagFilter, now: () => number,
): WalkUnit[] {
  const names = new Set<string>();
  const known = groups === undefined ? undefined : new Set(groups.keys());
  for (const listed of list.topics) {
    const topic = classifyTopic(listed, extraSystemNames, known);
    if (filter.wantsTopic(topic)) names.add(topic.name);
  }
  return [...names].map((name) => ({
    scope: 'topic',
    name,
    async fetch(cancel) {
      const byGroup = await source.consumersOfTopic(name, cancel);
      const observedAt = now();
      const observations: Observation[] = [];
      let clients = 0;
      for (const [group, info] of byGroup) {
        clients += groups?.get(group)?.count ?? 0;
        if (filter.wantsGroup(group, groups?.get(group)?.subGroupType ?? null)) observations.push({ topic: name, group, queues: queueBlock(info.queueStatInfoList), observedAt });
      }
      return { observations, call: { kind: 'consumersOfTopic', groups: byGroup.size, clients } };
    },
  }));
}
