// topic/* endpoints: the topic list, per-topic consumer lag, and per-queue broker offsets.

import { consoleErrors } from '../messages.js';
import type { Topic } from '../entities.js';
import { fail, javaDouble, ok, quote, type EndpointContext, type Reply } from './context.js';
import { RowCounter, topicConsumerInfoJson } from './lag-json.js';

function listedName(ctx: EndpointContext, topic: Topic, raw: boolean): string {
  return topic.kind === 'system' && ctx.traits.markSystemTopics && !raw ? `%SYS%${topic.name}` : topic.name;
}

export function topicList(ctx: EndpointContext): Reply {
  const raw = ctx.params['skipSysProcess'] === 'true';
  const skipRetryAndDlq = ctx.traits.dashboard && ctx.params['skipRetryAndDlq'] === 'true';
  const names: string[] = [];
  for (const topic of ctx.model.topics()) {
    if (skipRetryAndDlq && (topic.kind === 'retry' || topic.kind === 'dlq')) continue;
    names.push(listedName(ctx, topic, raw));
  }
  return ok(`{"topicList":${JSON.stringify(names)},"brokerAddr":null}`);
}

const TYPE_OF_KIND = { retry: 'RETRY', dlq: 'DLQ', system: 'SYSTEM' } as const;

export function topicTypes(ctx: EndpointContext): Reply {
  const names: string[] = [];
  const types: string[] = [];
  for (const topic of ctx.model.topics()) {
    names.push(listedName(ctx, topic, false));
    types.push(topic.kind === 'normal' ? topic.messageType : TYPE_OF_KIND[topic.kind]);
  }
  return ok(`{"topicNameList":${JSON.stringify(names)},"messageTypeList":${JSON.stringify(types)}}`);
}

function requireTopic(ctx: EndpointContext): Topic | Reply {
  const name = ctx.params['topic'];
  if (name === undefined) return fail(ctx.traits.missingParameter('topic'));
  return ctx.model.topic(name) ?? fail(consoleErrors.noRoute(name));
}

export function queryConsumerByTopic(ctx: EndpointContext): Reply {
  const topic = requireTopic(ctx);
  if ('body' in topic) return topic;
  const rows = new RowCounter(ctx.negativeDiff);
  let data = '';
  for (const sub of ctx.model.listedSubscriptions(topic)) {
    if (data !== '') data += ',';
    data += `${quote(sub.group.name)}:${topicConsumerInfoJson(ctx.model, sub, ctx.now, rows) ?? 'null'}`;
  }
  return ok(`{${data}}`);
}

export function queryTopicConsumerInfo(ctx: EndpointContext): Reply {
  const topic = requireTopic(ctx);
  if ('body' in topic) return topic;
  return ok(`{"groupList":${JSON.stringify(ctx.model.listedSubscriptions(topic).map((s) => s.group.name))}}`);
}

export function topicStats(ctx: EndpointContext): Reply {
  const topic = requireTopic(ctx);
  if ('body' in topic) return topic;
  const now = ctx.now;
  let table = '';
  let putTps = 0;
  for (const queue of topic.queues) {
    const maxOffset = queue.production.offsetAt(now);
    const updated = maxOffset > 0 ? queue.production.storeTime(maxOffset - 1, now) : 0;
    putTps += queue.production.rateAt(now);
    if (table !== '') table += ',';
    table += `${quote(`MessageQueue [topic=${topic.name}, brokerName=${queue.broker.name}, queueId=${queue.queueId}]`)}:{"minOffset":${Math.min(queue.minOffset, maxOffset)},"maxOffset":${maxOffset},"lastUpdateTimestamp":${updated}}`;
  }
  const tps = ctx.traits.v2 ? `,"topicPutTps":${javaDouble(Math.round(putTps * 10) / 10)}` : '';
  return ok(`{"offsetTable":{${table}}${tps}}`);
}
