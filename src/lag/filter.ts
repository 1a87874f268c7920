// Which topics and groups the walk asks about: decided before any call for them.
import type { Config } from '../config.js';
import { isSystemGroup, type TopicName } from './topic-kind.js';

export type FilterOptions = Pick<Config,
  'ignoredTopics' | 'topicInclude' | 'topicExclude' | 'groupInclude' | 'groupExclude'
  | 'includeSystemTopics' | 'includeRetryTopics' | 'includeDlqTopics'> & Partial<Pick<Config, 'shard'>>;

export class LagFilter {
  constructor(private readonly options: FilterOptions) {}

  /** Retry and DLQ topics belong to their group: the group filters decide for them; a POP retry topic's topic too. */
  wantsTopic(topic: TopicName): boolean {
    const o = this.options;
    if (o.ignoredTopics.has(topic.name)) return false;
    switch (topic.kind) {
      case 'system':
        return o.includeSystemTopics && matches(topic.name, o.topicInclude, o.topicExclude);
      case 'retry':
        // A POP retry topic retries one topic of its group: wanted when both are.
        return o.includeRetryTopics && this.wantsGroup(topic.group ?? '')
          && (topic.retried === undefined || (!o.ignoredTopics.has(topic.retried) && matches(topic.retried, o.topicInclude, o.topicExclude)));
      case 'dlq':
        return o.includeDlqTopics && this.wantsGroup(topic.group ?? '');
      case 'normal':
        return matches(topic.name, o.topicInclude, o.topicExclude);
    }
  }

  /** System groups (TOOLS_CONSUMER and the like) only with INCLUDE_SYSTEM_TOPICS; `subGroupType` as groupList says. */
  wantsGroup(group: string, subGroupType: string | null = null): boolean {
    if (!this.options.includeSystemTopics && isSystemGroup(group, subGroupType)) return false;
    const shard = this.options.shard;
    if (shard !== undefined && shardOf(group, shard.count) !== shard.index) return false;
    return matches(group, this.options.groupInclude, this.options.groupExclude);
  }
}

/**
 * The shard (0 to count - 1) a consumer group belongs to: FNV-1a (32 bits) of its name's UTF-16 code units, modulo
 * count. Stable across processes and versions: the same group always lands on the same replica.
 */
export function shardOf(group: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < group.length; i++) {
    hash ^= group.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % count;
}

// Exclude wins over include.
function matches(name: string, include: RegExp | undefined, exclude: RegExp | undefined): boolean {
  if (exclude !== undefined && exclude.test(name)) return false;
  return include === undefined || include.test(name);
}
