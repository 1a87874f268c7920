// GroupConsumeInfo (groupList, group.query) per flavour, and dashboard 2.1's never-refreshed groupList cache.

import type { FlavourTraits } from '../flavours.js';
import type { ConsumerGroup, QueueReading } from '../entities.js';
import type { ClusterModel } from '../model.js';
import { quote } from './context.js';

const reading: QueueReading = { brokerOffset: 0, consumerOffset: 0, lastTimestamp: 0, owner: null, clientInfo: null };

/**
 * Sum of diffs over every subscribed queue, or -1 where the console's examineConsumeStats fails, and for a group
 * behind a proxy unless asked through the proxy (`viaProxy`).
 */
export function groupDiffTotal(model: ClusterModel, group: ConsumerGroup, now: number, viaProxy = false): number {
  if (group.statsFailed || !group.committed || group.messageModel === 'BROADCASTING' || group.subscriptions.length === 0) return -1;
  if (!model.connectionsVisible(group, viaProxy)) return -1;
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
function minVersion(clients: ConsumerGroup['clients']): string | null {
  let best: { code: number; desc: string } | null = null;
  for (const c of clients) if (best === null || c.versionCode < best.code) best = { code: c.versionCode, desc: c.versionDesc };
  return best === null ? null : best.desc;
}

/**
 * One GroupConsumeInfo as JSON. `listing` = an element of groupList (dashboard >= 2.0: address list and
 * %SYS% marker); otherwise the group.query shape (address null). `updateTime` only for dashboard 2.1's list.
 * `viaProxy`: the request named a proxy address, so the connections of a group behind it are seen; otherwise such a
 * group reads as one without connections: count 0, version, consumeType and messageModel null, consumeTps 0, diffTotal -1.
 */
export function groupInfoJson(
  model: ClusterModel,
  traits: FlavourTraits,
  group: ConsumerGroup,
  now: number,
  listing: boolean,
  updateTime?: number,
  viaProxy = false,
): string {
  const visible = model.connectionsVisible(group, viaProxy);
  const clients = visible ? group.clients : [];
  const online = clients.length > 0;
  const name = listing && traits.v2 && group.system ? `%SYS%${group.name}` : group.name;
  const version = minVersion(clients);
  let json = `{"group":${quote(name)},"version":${version === null ? 'null' : quote(version)},"count":${clients.length}`;
  json += `,"consumeType":${online ? quote(group.consumeType) : 'null'},"messageModel":${online ? quote(group.messageModel) : 'null'}`;
  if (traits.v2) json += `,"address":${listing ? JSON.stringify(model.brokers.map((b) => b.masterAddr)) : 'null'}`;
  json += `,"consumeTps":${visible ? model.consumeTps(group, now) : 0},"diffTotal":${groupDiffTotal(model, group, now, viaProxy)}`;
  if (traits.v2) json += `,"subGroupType":${quote(group.subGroupType)}`;
  if (updateTime !== undefined) json += `,"updateTime":${quote(new Date(updateTime).toISOString().replace('Z', '+00:00'))}`;
  return `${json}}`;
}

interface CachedGroup {
  readonly system: boolean;
  readonly json: string;
  /** For a group behind a proxy: its entry when the request names the proxy's address. */
  readonly viaProxyJson?: string;
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
      this.entries = model.groups().map((g, i) => {
        const json = groupInfoJson(model, traits, g, now, true, now + i);
        return g.behindProxy ? { system: g.system, json, viaProxyJson: groupInfoJson(model, traits, g, now, true, now + i, true) } : { system: g.system, json };
      });
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
