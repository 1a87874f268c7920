// Error texts as the real console and its brokers word them.

const FAQ = 'For more information, please visit the url, http://rocketmq.apache.org/docs/faq/';

export const consoleErrors = {
  offsetTableEmpty: `org.apache.rocketmq.client.exception.MQClientException: CODE: 206  DESC: Not found the consumer group consume stats, because return offset table is empty, maybe the consumer not consume any message\n${FAQ}`,
  missingAddress: 'Cannot invoke "String.split(String)" because "address" is null',
  cacheBuilding: 'Cache is being built, please try again later',
  badLogin: 'Bad username or password!',
  notLoggedIn: 'user not login',
  notOnline: (group: string, brokerAddr: string): string =>
    `org.apache.rocketmq.client.exception.MQBrokerException: CODE: 206  DESC: the consumer group[${group}] not online\nBROKER: ${brokerAddr}\n${FAQ}`,
  noRoute: (topic: string): string =>
    `org.apache.rocketmq.client.exception.MQClientException: CODE: 17  DESC: No topic route info in name server for the topic: ${topic}\nSee http://rocketmq.apache.org/docs/faq/ for further details.`,
  brokerTimeout: (brokerAddr: string): string =>
    `org.apache.rocketmq.remoting.exception.RemotingTimeoutException: wait response on the channel <${brokerAddr}> timeout, 3000(ms)`,
  connectFailed: (addr: string): string => `org.apache.rocketmq.remoting.exception.RemotingConnectException: connect to ${addr} failed`,
  methodNotSupported: (method: string): string => `Request method '${method}' not supported`,
};
