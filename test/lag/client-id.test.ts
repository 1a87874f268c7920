import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseClientId } from '../../src/lag/client-id.js';

const SECRET = 'Zk9QW2hXc3RlcmtleVNlY3JldDEyMzQ1Njc4OTA';

const cases: ReadonlyArray<readonly [string, string | null, string, string]> = [
  ['null clientInfo (unassigned queue, offline group)', null, '', ''],
  ['empty string', '', '', ''],
  ['Java <= 4.8 ip@pid', '10.0.2.15@5123', '10.0.2.15', '5123'],
  ['Java >= 4.9 ip@pid#nanotime', '10.0.2.15@5123#2384719283471234', '10.0.2.15', '5123'],
  ['container PID 1 keeps its IP', '10.0.2.16@1#1827364518273645', '10.0.2.16', '1'],
  ['C++ ip@pid#instanceName', '10.0.3.4@777#orderInstance', '10.0.3.4', '777'],
  ['unit name ip@pid@unit', '10.0.2.15@5123@unitA', '10.0.2.15', '5123'],
  ['unit name with nano ip@pid#nano@unit', '10.0.2.15@5123#99887766@unitA', '10.0.2.15', '5123'],
  ['broadcast ip@DEFAULT', '10.0.2.17@DEFAULT', '10.0.2.17', 'DEFAULT'],
  ['rocketmq-spring ip@ns@pid', '10.0.2.18@10.0.0.5:9876@4242', '10.0.2.18', '4242'],
  ['rocketmq-spring ip@ns@pid#nano', '10.0.2.18@10.0.0.5:9876;10.0.0.6:9876@4242#1234567', '10.0.2.18', '4242'],
  ['ACL ip@AK|SK|group|pid', `10.0.2.19@rocketmq2|${SECRET}|order_group|3131`, '10.0.2.19', '3131'],
  ['ACL with nano', `10.0.2.19@rocketmq2|${SECRET}|order_group|3131#55512`, '10.0.2.19', '3131'],
  ['ACL with a non-numeric tail yields no PID', `10.0.2.19@rocketmq2|${SECRET}`, '10.0.2.19', ''],
  ['RocketMQ 5 gRPC hostname@pid@index@time', 'order-svc-7d9f@28@0@lx3k2a9b', 'order-svc-7d9f', '28'],
  ['no @ at all', 'weird-client', 'weird-client', ''],
  ['hostile IP part is dropped', '<script>@12', '', '12'],
];

for (const [name, input, ip, pid] of cases) {
  test(`parseClientId: ${name}`, () => {
    assert.deepEqual(parseClientId(input), { ip, pid });
  });
}

test('parseClientId never returns any part of an ACL secret key', () => {
  for (const [, input] of cases) {
    const { ip, pid } = parseClientId(input);
    assert.ok(!ip.includes(SECRET) && !pid.includes(SECRET));
    assert.ok(!ip.includes('|') && !pid.includes('|'));
  }
});
