import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redact } from '../src/redact.js';

const SK = 'Zk9QW2hXc3RlcmtleVNlY3JldDEyMzQ1Njc4OTA';
const PASSWORD = 's3cr3t-P@ss';

const cases: ReadonlyArray<readonly [string, string, string]> = [
  ['plain text is untouched', 'the consumer group[order_audit_group] not online', 'the consumer group[order_audit_group] not online'],
  ['a normal clientId is untouched', 'owner 10.0.2.15@5123#2384719283471234', 'owner 10.0.2.15@5123#2384719283471234'],
  ['the configured password', `login as admin with ${PASSWORD} failed`, 'login as admin with [redacted] failed'],
  ['every occurrence of the password', `${PASSWORD}/${PASSWORD}`, '[redacted]/[redacted]'],
  ['ACL clientId ip@AK|SK|group|pid keeps the IP', `clientId=10.0.2.19@rocketmq2|${SK}|order_group|3131#55512 gone`, 'clientId=10.0.2.19@[redacted] gone'],
  ['ACL run without ip@', `rocketmq2|${SK}|order_group|3131`, '[redacted]'],
  ['ACL run inside JSON', `{"clientInfo":"10.0.2.19@RocketMQ|12345678|g|1"}`, '{"clientInfo":"10.0.2.19@[redacted]"}'],
  ['short pipe runs are not keys', 'a|b|c', 'a|b|c'],
  ['a single pipe is not a clientId', `left|${SK}`, `left|${SK}`],
  ['secretKey=value', `secretKey=${SK} rejected`, 'secretKey=[redacted] rejected'],
  ['"accessKey": "value"', '{"accessKey": "LTAI4FzYq9xkW8"}', '{"accessKey": "[redacted]"}'],
  ['password: value', 'password: hunter22 was wrong', 'password: [redacted] was wrong'],
  ['ACCESS_KEY env style', 'ROCKETMQ_ACCESS_KEY=AKIDEXAMPLE123', 'ROCKETMQ_ACCESS_KEY=[redacted]'],
  ['secret_key followed by a space', 'secret_key abcdefgh12345', 'secret_key [redacted]'],
  ['short words after "password" stay', 'Bad username or password!', 'Bad username or password!'],
  ['our own advice stays readable', 'set ROCKETMQ_CONSOLE_USERNAME and ROCKETMQ_CONSOLE_PASSWORD', 'set ROCKETMQ_CONSOLE_USERNAME and ROCKETMQ_CONSOLE_PASSWORD'],
  ['redacting twice changes nothing more', 'secretKey=[redacted] and 10.0.2.19@[redacted]', 'secretKey=[redacted] and 10.0.2.19@[redacted]'],
];

for (const [name, input, expected] of cases) {
  test(`redact: ${name}`, () => {
    assert.equal(redact(input, [PASSWORD]), expected);
  });
}

test('redact: without secrets only the patterns apply', () => {
  assert.equal(redact(`x ${PASSWORD} y`), `x ${PASSWORD} y`);
  assert.equal(redact('x', []), 'x');
});

test('redact: an empty secret masks nothing', () => {
  assert.equal(redact('abc', ['']), 'abc');
});
