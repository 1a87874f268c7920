// TopicConsumerInfo rendering: the hot path of both walks, built as strings straight from model readings.

import type { NegativeDiffFault } from '../faults.js';
import type { Broker, QueueReading, Subscription } from '../entities.js';
import type { ClusterModel } from '../model.js';
import { quote } from './context.js';

/** Counts rows across one response so the negative-diff fault hits every n-th row. */
export class RowCounter {
  private seen = 0;

  constructor(private readonly fault: NegativeDiffFault | null) {}

  consumerOffset(brokerOffset: number, consumerOffset: number): number {
    const fault = this.fault;
    if (fault === null) return consumerOffset;
    return this.seen++ % fault.every === 0 ? brokerOffset + fault.by : consumerOffset;
  }
}

const reading: QueueReading = { brokerOffset: 0, consumerOffset: 0, lastTimestamp: 0, owner: null, clientInfo: null };

/** One TopicConsumerInfo of a subscription, for all its queues or those of one broker (null when it has none there). */
export function topicConsumerInfoJson(model: ClusterModel, sub: Subscription, now: number, rows: RowCounter, onBroker?: Broker): string | null {
  const topicJson = quote(sub.topic.name);
  if (sub.group.statsFailed) return onBroker === undefined ? `{"topic":${topicJson},"diffTotal":0,"lastTimestamp":0,"queueStatInfoList":[]}` : null;
  let diffTotal = 0;
  let lastTimestamp = 0;
  let list = '';
  for (const queue of sub.topic.queues) {
    if (onBroker !== undefined && queue.broker !== onBroker) continue;
    model.read(sub, queue.index, now, reading);
    const brokerOffset = reading.brokerOffset;
    const consumerOffset = rows.consumerOffset(brokerOffset, reading.consumerOffset);
    diffTotal += brokerOffset - consumerOffset;
    if (reading.lastTimestamp > lastTimestamp) lastTimestamp = reading.lastTimestamp;
    const clientInfo = reading.clientInfo === null ? 'null' : quote(reading.clientInfo);
    if (list !== '') list += ',';
    list += `{"brokerName":${quote(queue.broker.name)},"queueId":${queue.queueId},"brokerOffset":${brokerOffset},"consumerOffset":${consumerOffset},"clientInfo":${clientInfo},"lastTimestamp":${reading.lastTimestamp}}`;
  }
  if (onBroker !== undefined && list === '') return null;
  return `{"topic":${topicJson},"diffTotal":${diffTotal},"lastTimestamp":${lastTimestamp},"queueStatInfoList":[${list}]}`;
}
