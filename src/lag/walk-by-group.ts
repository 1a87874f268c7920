// The group plan (the default): one queryTopicByConsumer per wanted group. It returns the group's %RETRY% topic with
// its other topics at no extra cost, which is what makes it the cheapest plan on every console (docs/console-api.md).
import type { GroupConsumeInfo, TopicList } from '../console/types.js';
import { rawGroupName } from '../console/names.js';
import type { LagFilter } from './filter.js';
import type { LagSource } from './source.js';
import { queueBlock } from './queues.js';
import { classifyTopic } from './topic-kind.js';
import type { Observation, WalkUnit } from './types.js';

const NO_EXTRA_SYSTEM_NAMES: ReadonlySet<string> = new Set();

/**
 * A unit per wanted clustering group of the group list, and per group the topic list shows a %RETRY% topic for but
 * the list does not name (created since the list was fetched, or missing from dashboard 2.1's stale cache).
 */
export function groupUnits(
  listed: readonly GroupConsumeInfo[], topics: TopicList | undefined, source: LagSource, filter: LagFilter, now: () => number,
): WalkUnit[] {
  const groups = new Map<string, GroupConsumeInfo>();
  for (const g of listed) {
    const name = rawGroupName(g.group);
    // Broadcast groups keep their offsets on the clients: the console has no lag to give for them.
    if (g.messageModel === 'BROADCASTING' || groups.has(name) || !filter.wantsGroup(name, g.subGroupType)) continue;
    groups.set(name, g);
  }
  const known = new Set(listed.map((g) => rawGroupName(g.group)));
  const addresses = [...new Set(listed.flatMap((g) => g.address ?? []))];
  for (const t of topics?.topics ?? []) {
    const topic = classifyTopic(t, NO_EXTRA_SYSTEM_NAMES, known);
    const name = topic.group;
    if (topic.kind !== 'retry' || name === undefined || known.has(name) || groups.has(name) || !filter.wantsGroup(name, null)) continue;
    groups.set(name, unlisted(name, addresses));
  }
  return [...groups].map(([name, group]) => {
    // Its own POP retry topics (%RETRY%name_topic) are read against a list that names it, listed or not.
    const named = known.has(name) ? known : new Set([...known, name]);
    return {
      scope: 'group',
      name,
      async fetch(cancel) {
        const infos = await source.topicsOfGroup(group, cancel);
        const observedAt = now();
        const observations: Observation[] = [];
        for (const info of infos) {
          if (filter.wantsTopic(classifyTopic(info.topic, NO_EXTRA_SYSTEM_NAMES, named))) observations.push({ topic: info.topic, group: name, queues: queueBlock(info.queueStatInfoList), observedAt });
        }
        return { observations, call: { kind: 'topicsOfGroup', addresses: group.address?.length ?? 0, clients: group.count, empty: infos.length === 0 } };
      },
    };
  });
}

/** A group known only by its retry topic: nothing else is known of it; asked at the addresses the others have. */
function unlisted(name: string, addresses: readonly string[]): GroupConsumeInfo {
  return {
    group: name, version: null, count: 0, consumeType: null, messageModel: null, consumeTps: 0, diffTotal: -1,
    address: addresses.length === 0 ? null : addresses, subGroupType: null,
  };
}
