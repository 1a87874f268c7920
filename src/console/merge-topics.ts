// One entry per topic, whatever the console sent: dashboard 2.0 is asked once per broker address, and
// dashboard 2.1 answers the same topic once per broker.
import type { QueueStatInfo, TopicConsumerInfo } from './types.js';

/**
 * Merges entries of the same topic across and within `answers`: queue rows concatenated in arrival order and
 * de-duplicated by broker and queue id, diffTotal recomputed from the kept rows (as the console computes it),
 * lastTimestamp the latest. A topic seen once is returned as the console sent it.
 */
export function mergeTopicConsumerInfos(answers: readonly (readonly TopicConsumerInfo[])[]): TopicConsumerInfo[] {
  const only = answers.length === 1 ? answers[0] : undefined;
  if (only !== undefined && hasDistinctTopics(only)) return only.slice();
  const byTopic = new Map<string, TopicConsumerInfo[]>();
  for (const answer of answers) {
    for (const info of answer) {
      const seen = byTopic.get(info.topic);
      if (seen === undefined) byTopic.set(info.topic, [info]);
      else seen.push(info);
    }
  }
  const merged: TopicConsumerInfo[] = [];
  for (const infos of byTopic.values()) {
    const first = infos[0];
    if (first !== undefined) merged.push(infos.length === 1 ? first : mergeSameTopic(first.topic, infos));
  }
  return merged;
}

function mergeSameTopic(topic: string, infos: readonly TopicConsumerInfo[]): TopicConsumerInfo {
  const queues: QueueStatInfo[] = [];
  const seenQueues = new Set<string>();
  let diffTotal = 0;
  let lastTimestamp = 0;
  for (const info of infos) {
    if (info.lastTimestamp > lastTimestamp) lastTimestamp = info.lastTimestamp;
    for (const queue of info.queueStatInfoList) {
      const key = `${queue.brokerName}\u0000${queue.queueId}`;
      if (seenQueues.has(key)) continue;
      seenQueues.add(key);
      queues.push(queue);
      diffTotal += queue.brokerOffset - queue.consumerOffset;
      if (queue.lastTimestamp > lastTimestamp) lastTimestamp = queue.lastTimestamp;
    }
  }
  return { topic, diffTotal, lastTimestamp, queueStatInfoList: queues };
}

function hasDistinctTopics(infos: readonly TopicConsumerInfo[]): boolean {
  if (infos.length < 2) return true;
  const topics = new Set<string>();
  for (const info of infos) {
    if (topics.has(info.topic)) return false;
    topics.add(info.topic);
  }
  return true;
}
