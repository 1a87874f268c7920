// cluster/list.query, ops/homePage.query and proxy/homePage.query.

import type { Broker } from '../entities.js';
import { ok, quote, type EndpointContext, type Reply } from './context.js';

interface BrokerTotals {
  putNow: number;
  putMorning: number;
  tps: number;
}

function startOfDay(ms: number): number {
  return ms - (ms % 86_400_000);
}

/** Put counters and rates per broker, summed over its queues (a rare call: a full pass is fine). */
function brokerTotals(ctx: EndpointContext): Map<Broker, BrokerTotals> {
  const totals = new Map<Broker, BrokerTotals>(ctx.model.brokers.map((b) => [b, { putNow: 0, putMorning: 0, tps: 0 }]));
  const morning = startOfDay(ctx.now);
  for (const topic of ctx.model.topics()) {
    for (const queue of topic.queues) {
      const t = totals.get(queue.broker) as BrokerTotals;
      t.putNow += queue.production.offsetAt(ctx.now);
      t.putMorning += queue.production.offsetAt(morning);
      t.tps += queue.production.rateAt(ctx.now);
    }
  }
  return totals;
}

function runtime(ctx: EndpointContext, t: BrokerTotals, master: boolean): Record<string, string> {
  const tps = master ? t.tps.toFixed(1) : '0.0';
  const got = (n: number) => Math.floor(n * 0.999);
  const booted = ctx.model.startedAt - 5 * 86_400_000;
  return {
    brokerVersionDesc: 'V4_9_4',
    brokerVersion: '402',
    msgPutTotalTodayNow: master ? String(t.putNow) : '0',
    msgGetTotalTodayNow: master ? String(got(t.putNow)) : '0',
    msgPutTotalTodayMorning: master ? String(t.putMorning) : String(-(t.putNow - t.putMorning)),
    msgGetTotalTodayMorning: master ? String(got(t.putMorning)) : String(-got(t.putNow - t.putMorning)),
    getTotalTps: `${tps} ${tps} ${tps}`,
    putTps: `${tps} ${tps} ${tps}`,
    commitLogDirCapacity: 'Total : 199.9 GiB, Free : 120.3 GiB.',
    dispatchBehindBytes: '0',
    sendThreadPoolQueueSize: '0',
    pullThreadPoolQueueSize: '0',
    earliestMessageTimeStamp: String(booted - 2 * 86_400_000),
    bootTimestamp: String(booted),
  };
}

export function clusterList(ctx: EndpointContext): Reply {
  const model = ctx.model;
  const v2 = ctx.traits.v2;
  const totals = brokerTotals(ctx);
  const brokerAddrTable: Record<string, unknown> = {};
  const brokerServer: Record<string, Record<string, Record<string, string>>> = {};
  for (const broker of model.brokers) {
    const addrs: Record<string, string> = { '0': broker.masterAddr };
    broker.slaveAddrs.forEach((a, i) => (addrs[String(i + 1)] = a));
    brokerAddrTable[broker.name] = v2
      ? { cluster: model.clusterName, brokerName: broker.name, brokerAddrs: addrs, zoneName: null, enableActingMaster: false }
      : { cluster: model.clusterName, brokerName: broker.name, brokerAddrs: addrs };
    const t = totals.get(broker) as BrokerTotals;
    const ids: Record<string, Record<string, string>> = { '0': runtime(ctx, t, true) };
    broker.slaveAddrs.forEach((_, i) => (ids[String(i + 1)] = runtime(ctx, t, false)));
    brokerServer[broker.name] = ids;
  }
  const data: Record<string, unknown> = {
    clusterInfo: { brokerAddrTable, clusterAddrTable: { [model.clusterName]: model.brokers.map((b) => b.name) } },
    brokerServer,
  };
  if (v2) {
    data['messageTypes'] = {
      DELAY: 'MESSAGE_TYPE_DELAY',
      FIFO: 'MESSAGE_TYPE_FIFO',
      NORMAL: 'MESSAGE_TYPE_NORMAL',
      TRANSACTION: 'MESSAGE_TYPE_TRANSACTION',
      UNSPECIFIED: 'MESSAGE_TYPE_UNSPECIFIED',
    };
  }
  return ok(JSON.stringify(data));
}

export function homePage(ctx: EndpointContext): Reply {
  const namesrv = ctx.model.nameservers.join(';');
  const current = ctx.traits.homePageCurrentNamesrv ? `"currentNamesrv":${quote(namesrv)},` : '';
  const tls = ctx.traits.homePageTls ? ',"useTLS":false' : '';
  return ok(`{${current}"namesvrAddrList":[${quote(namesrv)}],"useVIPChannel":false${tls}}`);
}

export function proxyHomePage(ctx: EndpointContext): Reply {
  const proxies = ctx.model.proxies;
  return ok(`{"currentProxyAddr":${proxies[0] === undefined ? 'null' : quote(proxies[0])},"proxyAddrList":${JSON.stringify(proxies)}}`);
}
