// The console's URL map: path -> method, login guard, flavours that have it, handler.

import type { FlavourTraits } from './flavours.js';
import { clusterList, homePage, proxyHomePage } from './endpoints/cluster.js';
import type { Handler } from './endpoints/context.js';
import { consumerConnection, groupInfo, groupList, queryTopicByConsumer } from './endpoints/consumer.js';
import { brokerTps, topicCurrent, topicTps } from './endpoints/dashboard.js';
import { csrfToken, login, loginCheck, logout } from './endpoints/login.js';
import { queryConsumerByTopic, queryTopicConsumerInfo, topicList, topicStats, topicTypes } from './endpoints/topic.js';

export interface Route {
  readonly method: 'GET' | 'POST';
  /** Needs a logged-in session when login is on. */
  readonly guarded: boolean;
  readonly available: (traits: FlavourTraits) => boolean;
  readonly handle: Handler;
}

const everywhere = (): boolean => true;
const get = (handle: Handler, available: (t: FlavourTraits) => boolean = everywhere): Route => ({ method: 'GET', guarded: true, available, handle });
const withLogin = (t: FlavourTraits): boolean => t.supportsLogin;

const ROUTES: ReadonlyMap<string, Route> = new Map<string, Route>([
  ['topic/list.query', get(topicList)],
  ['topic/list.queryTopicType', get(topicTypes, (t) => t.dashboard)],
  ['topic/queryConsumerByTopic.query', get(queryConsumerByTopic)],
  ['topic/queryTopicConsumerInfo.query', get(queryTopicConsumerInfo)],
  ['topic/stats.query', get(topicStats)],
  ['consumer/groupList.query', get(groupList)],
  ['consumer/group.query', get(groupInfo)],
  ['consumer/queryTopicByConsumer.query', get(queryTopicByConsumer)],
  ['consumer/consumerConnection.query', get(consumerConnection)],
  ['cluster/list.query', get(clusterList)],
  ['ops/homePage.query', get(homePage)],
  ['proxy/homePage.query', get(proxyHomePage, (t) => t.v2)],
  ['dashboard/broker.query', get(brokerTps)],
  ['dashboard/topic.query', get(topicTps)],
  ['dashboard/topicCurrent.query', get(topicCurrent)],
  ['login/check.query', { method: 'GET', guarded: false, available: withLogin, handle: loginCheck }],
  ['login/login.do', { method: 'POST', guarded: false, available: withLogin, handle: login }],
  ['login/logout.do', { method: 'POST', guarded: false, available: withLogin, handle: logout }],
  ['rocketmq-dashboard/csrf-token', { method: 'GET', guarded: false, available: (t) => t.csrfLogin, handle: csrfToken }],
]);

/** Endpoint paths (without context path or leading slash) the simulator knows. */
export const ENDPOINTS: readonly string[] = [...ROUTES.keys()];

export function routeFor(endpoint: string, traits: FlavourTraits): Route | undefined {
  const route = ROUTES.get(endpoint);
  return route !== undefined && route.available(traits) ? route : undefined;
}
