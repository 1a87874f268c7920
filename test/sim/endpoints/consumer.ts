// consumer/* endpoints: group list, per-group lag by topic, and connections.

import { consoleErrors } from '../messages.js';
import type { Broker, ConsumerGroup } from '../entities.js';
import { fail, ok, quote, type EndpointContext, type Reply } from './context.js';
import { groupInfoJson } from './group-info.js';
import { RowCounter, topicConsumerInfoJson } from './lag-json.js';

/** Dashboard >= 2.0 takes an `address` on groupList, group.query and consumerConnection: naming a proxy shows its clients. */
function viaProxy(ctx: EndpointContext): boolean {
  return ctx.traits.v2 && ctx.model.namesProxy(ctx.params['address']);
}

export function groupList(ctx: EndpointContext): Reply {
  const skipSystem = ctx.traits.v2 && ctx.params['skipSysGroup'] === 'true';
  const proxy = viaProxy(ctx);
  if (ctx.traits.groupListCache) {
    const cached = ctx.groupListCache.get(ctx.model, ctx.traits, ctx.now);
    if (cached === null) return fail(consoleErrors.cacheBuilding);
    return ok(`[${cached.filter((g) => !(skipSystem && g.system)).map((g) => (proxy ? (g.viaProxyJson ?? g.json) : g.json)).join(',')}]`);
  }
  const groups = ctx.model.groups().filter((g) => !(skipSystem && g.system));
  return ok(`[${groups.map((g) => groupInfoJson(ctx.model, ctx.traits, g, ctx.now, true, undefined, proxy)).join(',')}]`);
}

export function groupInfo(ctx: EndpointContext): Reply {
  const name = ctx.params['consumerGroup'];
  if (name === undefined) return fail(ctx.traits.missingParameter('consumerGroup'));
  const group: ConsumerGroup = ctx.model.group(name) ?? {
    name,
    system: false,
    messageModel: 'CLUSTERING',
    committed: false,
    brokerInternal: false,
    consumeType: 'CONSUME_PASSIVELY',
    subGroupType: 'NORMAL',
    behindProxy: false,
    clients: [],
    subscriptions: [],
    statsFailed: false,
    version: 0,
  };
  return ok(groupInfoJson(ctx.model, ctx.traits, group, ctx.now, false, undefined, viaProxy(ctx)));
}

/**
 * Brokers named by `address` (dashboard >= 2.0), or every broker; a Reply when the console would fail. With
 * `skipProxies`, proxy addresses in the list are no brokers' and are passed over.
 */
function addressedBrokers(ctx: EndpointContext, firstOnly: boolean, skipProxies = false): Broker[] | Reply {
  if (!ctx.traits.requiresAddress) return [...ctx.model.brokers];
  const address = ctx.params['address'];
  if (address === undefined) return fail(consoleErrors.missingAddress);
  const addrs = address.split(',').filter((a) => !(skipProxies && ctx.model.namesProxy(a)));
  const brokers: Broker[] = [];
  for (const addr of firstOnly ? addrs.slice(0, 1) : addrs) {
    const broker = ctx.model.brokerByAddr(addr.trim());
    if (broker === undefined) return fail(consoleErrors.connectFailed(addr.trim()));
    brokers.push(broker);
  }
  return brokers;
}

export function queryTopicByConsumer(ctx: EndpointContext): Reply {
  const name = ctx.params['consumerGroup'];
  if (name === undefined) return fail(ctx.traits.missingParameter('consumerGroup'));
  const brokers = addressedBrokers(ctx, !ctx.traits.everyAddress);
  if (!Array.isArray(brokers)) return brokers;
  const group = ctx.model.group(name);
  if (group === undefined || !group.committed || group.messageModel === 'BROADCASTING' || group.subscriptions.length === 0) {
    return ctx.traits.emptyOffsetTableIsEmptyList ? ok('[]') : fail(consoleErrors.offsetTableEmpty);
  }
  if (group.statsFailed) return fail(consoleErrors.brokerTimeout((brokers[0] ?? (ctx.model.brokers[0] as Broker)).masterAddr));
  const subs = [...group.subscriptions].sort((a, b) => (a.topic.name < b.topic.name ? -1 : a.topic.name > b.topic.name ? 1 : 0));
  const rows = new RowCounter(ctx.negativeDiff);
  const entries: string[] = [];
  if (ctx.traits.requiresAddress) {
    // Dashboard 2.x asks broker by broker: the same topic comes back once per broker.
    for (const broker of brokers) {
      for (const sub of subs) {
        const json = topicConsumerInfoJson(ctx.model, sub, ctx.now, rows, broker);
        if (json !== null) entries.push(json);
      }
    }
  } else {
    for (const sub of subs) entries.push(topicConsumerInfoJson(ctx.model, sub, ctx.now, rows) ?? 'null');
  }
  return ok(`[${entries.join(',')}]`);
}

export function consumerConnection(ctx: EndpointContext): Reply {
  const name = ctx.params['consumerGroup'];
  if (name === undefined) return fail(ctx.traits.missingParameter('consumerGroup'));
  const proxy = viaProxy(ctx);
  const brokers = addressedBrokers(ctx, true, proxy);
  if (!Array.isArray(brokers)) return brokers;
  const brokerAddr = (brokers[0] ?? (ctx.model.brokers[0] as Broker)).masterAddr;
  const group = ctx.model.group(name);
  // A group behind a proxy has no connection the brokers know of: "not online", unless the proxy is asked.
  if (group === undefined || group.clients.length === 0 || !ctx.model.connectionsVisible(group, proxy)) return fail(consoleErrors.notOnline(name, brokerAddr));
  const connections = group.clients.map(
    (c) =>
      `{"clientId":${quote(c.clientId)},"clientAddr":${quote(c.clientAddr)},"language":${quote(c.language)},"version":${c.versionCode},"versionDesc":${quote(c.versionDesc)}}`,
  );
  const subscriptions = group.subscriptions.map((s) => {
    const topic = quote(s.topic.name);
    return `${topic}:{"classFilterMode":false,"topic":${topic},"subString":"*","tagsSet":[],"codeSet":[],"subVersion":${s.subVersion},"expressionType":"TAG","filterClassSource":null}`;
  });
  return ok(
    `{"connectionSet":[${connections.join(',')}],"subscriptionTable":{${subscriptions.join(',')}},"consumeType":${quote(group.consumeType)},"messageModel":${quote(group.messageModel)},"consumeFromWhere":"CONSUME_FROM_LAST_OFFSET"}`,
  );
}
