// dashboard/* endpoints: the console's own per-minute collection of broker and topic TPS.

import type { Topic } from '../entities.js';
import { fail, ok, type EndpointContext, type Reply } from './context.js';

const POINTS = 5;
const MINUTE = 60_000;

function minutes(now: number): number[] {
  const last = now - (now % MINUTE);
  return Array.from({ length: POINTS }, (_, i) => last - (POINTS - 1 - i) * MINUTE);
}

function requireDate(ctx: EndpointContext): Reply | null {
  return ctx.params['date'] === undefined ? fail(ctx.traits.missingParameter('date')) : null;
}

export function brokerTps(ctx: EndpointContext): Reply {
  const missing = requireDate(ctx);
  if (missing !== null) return missing;
  const rates = new Map(ctx.model.brokers.map((b) => [b, 0]));
  for (const topic of ctx.model.topics()) for (const q of topic.queues) rates.set(q.broker, (rates.get(q.broker) ?? 0) + q.production.rateAt(ctx.now));
  const data: Record<string, string[]> = {};
  for (const [broker, rate] of rates) data[`${broker.name}:0`] = minutes(ctx.now).map((t) => `${t},${rate.toFixed(5)}`);
  return ok(JSON.stringify(data));
}

function topicLines(topic: Topic, now: number): string[] {
  return minutes(now).map((t) => {
    let count = 0;
    let rate = 0;
    for (const q of topic.queues) {
      count += q.production.offsetAt(t);
      rate += q.production.rateAt(t);
    }
    return `${t},${rate.toFixed(5)},${count},${rate.toFixed(5)},${count}`;
  });
}

export function topicTps(ctx: EndpointContext): Reply {
  const missing = requireDate(ctx);
  if (missing !== null) return missing;
  const name = ctx.params['topicName'];
  if (name !== undefined && name !== '') {
    const topic = ctx.model.topic(name);
    return ok(topic === undefined ? 'null' : JSON.stringify(topicLines(topic, ctx.now)));
  }
  const data: Record<string, string[]> = {};
  for (const topic of ctx.model.topics()) if (topic.kind !== 'system') data[topic.name] = topicLines(topic, ctx.now);
  return ok(JSON.stringify(data));
}

export function topicCurrent(ctx: EndpointContext): Reply {
  const lines: string[] = [];
  for (const topic of ctx.model.topics()) {
    if (topic.kind === 'system') continue;
    let count = 0;
    for (const q of topic.queues) count += q.production.offsetAt(ctx.now);
    lines.push(`${topic.name},${count}`);
  }
  return ok(JSON.stringify(lines));
}
