// GroupConsumeInfo (groupList, group.query) per flavour, and dashboard 2.1's never-refreshed groupList cache.

import type { FlavourTraits } from '../flavours.js';
import type { ConsumerGroup, QueueReading } from '../entities.js';
import type { ClusterModel } from '../model.js';
import { quote } from './context.js';

const reading: QueueReading = { brokerOffset: 0, consumerOffset: 0, lastTimestamp: 0, owner: null, clientInfo: null };

/** Sum of diffs over every subscribed queue, or -1 where the console's examineConsumeStats fails. */
export function groupDiffTotal(model: ClusterModel, group: ConsumerGroup, now: number): number {
  if (group.statsFailed || !group.committed || group.messageModel === 'BROADCASTING' || group.subscriptions.length === 0) return -1;
  let total = 0;
  for (const sub of group.subscriptions) {
    for (const queue of sub.topic.queues) {
      model.read(sub, queue.index, now, reading);
      total += reading.brokerOffset - reading.consumerOffset;
    }
  }
  return total;
}

/** Lowest client version, as MQVersion.getVersionDesc(connection.computeMinVersion()). */
function minVersion(group: ConsumerGroup): string | null {
  let best: { code: number; desc: string } | null = null;
  for (const c of group.clients) if (best === null || c.versionCode < best.code) best = { code: c.versionCode, desc: c.versionDesc };
  return best === null ? null : best.desc;
}

/**
 * One GroupConsumeInfo as JSON. `listing` = an element of groupList (dashboard >= 2.0: address list and
 * %SYS% marker); otherwise the group.query shape (address null). `updateTime` only for dashboard 2.1's list.
 */
export function groupInfoJson(model: ClusterModel, traits: FlavourTraits, group: ConsumerGroup, now: number, listing: boolean, updateTime?: number): string {
  const online = group.clients.length > 0;
  const name = listing && traits.v2 && group.system ? `%SYS%${group.name}` : group.name;
  const version = minVersion(group);
  let json = `{"group":${quote(name)},"version":${version === null ? 'null' : quote(version)},"count":${group.clients.length}`;
  json += `,"consumeType":${online ? quote(group.consumeType) : 'null'},"messageModel":${online ? quote(group.messageModel) : 'null'}`;
  if (traits.v2) json += `,"address":${listing ? JSON.stringify(model.brokers.map((b) => b.masterAddr)) : 'null'}`;
  json += `,"consumeTps":${model.consumeTps(group, now)},"diffTotal":${groupDiffTotal(model, group, now)}`;
  if (traits.v2) json += `,"subGroupType":${quote(group.subGroupType)}`;
  if (updateTime !== undefined) json += `,"updateTime":${quote(new Date(updateTime).toISOString().replace('Z', '+00:00'))}`;
  return `${json}}`;
}

interface CachedGroup {
  readonly system: boolean;
  readonly json: string;
}

/** Dashboard 2.1 builds the groupList once, on first request, and serves it until restart. */
export class GroupListCache {
  private entries: CachedGroup[] | null = null;
  private buildingAnswersLeft: number;

  /** `buildingAnswers`: how many requests, from the first, answer "Cache is being built". */
  constructor(private readonly buildingAnswers: number) {
    this.buildingAnswersLeft = buildingAnswers;
  }

  /** The cached list, built now if needed; null while it is (said to be) still building. */
  get(model: ClusterModel, traits: FlavourTraits, now: number): readonly CachedGroup[] | null {
    if (this.entries === null) {
      this.entries = model.groups().map((g, i) => ({ system: g.system, json: groupInfoJson(model, traits, g, now, true, now + i) }));
    }
    if (this.buildingAnswersLeft > 0) {
      this.buildingAnswersLeft--;
      return null;
    }
    return this.entries;
  }

  /** Forget the cache, as a console restart does. */
  reset(): void {
    this.entries = null;
    this.buildingAnswersLeft = this.buildingAnswers;
  }
}
