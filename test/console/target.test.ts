import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConsoleHttpStatusError, ConsoleMalformedResponseError, ConsoleStatusError, ConsoleTimeoutError,
} from '../../src/console/errors/index.js';
import { foundIn, htmlPageOf, isForeignAnswer, studioIn } from '../../src/console/target.js';

const EP = '/topic/list.query';
const response = (body: string) => ({ statusCode: 200, location: undefined, body: Buffer.from(body) });

test('a foreign answer: HTTP 404, an HTML page, JSON without the wrapper; not a cut body, a console failure or odd data', () => {
  const cases: ReadonlyArray<readonly [string, boolean]> = [
    ['404', isForeignAnswer(new ConsoleHttpStatusError(EP, 404))],
    ['500', isForeignAnswer(new ConsoleHttpStatusError(EP, 500))],
    ['html', isForeignAnswer(new ConsoleMalformedResponseError(EP, '(body): an HTML page titled "x", not JSON (a login page or a proxy error?), 9 bytes', { foreign: true }))],
    ['not an object', isForeignAnswer(new ConsoleMalformedResponseError(EP, '(body): expected an object, got an array', { foreign: true }))],
    ['no status', isForeignAnswer(new ConsoleMalformedResponseError(EP, 'status: expected a number, got undefined', { foreign: true }))],
    ['cut', isForeignAnswer(new ConsoleMalformedResponseError(EP, '(body): not valid JSON (cut off?), 9 bytes'))],
    ['odd data', isForeignAnswer(new ConsoleMalformedResponseError(EP, 'data.topicList: expected an array, got null'))],
    ['status -1', isForeignAnswer(new ConsoleStatusError(EP, -1, 'broker timeout'))],
    ['timeout', isForeignAnswer(new ConsoleTimeoutError(EP, 1000))],
  ];
  assert.deepEqual(Object.fromEntries(cases), {
    '404': true, '500': false, html: true, 'not an object': true, 'no status': true, cut: false, 'odd data': false, 'status -1': false, timeout: false,
  });
  assert.equal(foundIn(new ConsoleHttpStatusError(EP, 404)), 'HTTP 404, no console API at this URL');
  assert.equal(foundIn(new ConsoleMalformedResponseError(EP, 'status: expected a number, got undefined')), 'an answer of another kind: status: expected a number, got undefined');
});

test('RocketMQ Studio is its {code, message, data} wrapper; the console\'s wrapper, other JSON and pages are not', () => {
  assert.equal(
    studioIn(response('{"code":0,"message":"success","data":[]}')),
    'a REST API answering {code, message, data} at /api/topic/list (RocketMQ Studio, or another service), which this exporter does not read',
  );
  assert.equal(studioIn(response('{"code":404,"message":"Not Found","data":null}'))?.startsWith('a REST API'), true);
  assert.equal(studioIn(response('{"status":0,"data":[],"errMsg":null}')), undefined);
  assert.equal(studioIn(response('{"code":0,"status":0,"message":"x"}')), undefined);
  assert.equal(studioIn(response('[{"code":0,"message":"x"}]')), undefined);
  assert.equal(studioIn(response('<html><title>Studio</title></html>')), undefined);
});

test('an HTML page is named by its title, read from its first 16 KiB only', () => {
  assert.equal(htmlPageOf(Buffer.from('<html><head><TITLE lang="en">\n  Welcome to   nginx!\n</TITLE></head></html>')), 'an HTML page titled "Welcome to nginx!"');
  assert.equal(htmlPageOf(Buffer.from('<!DOCTYPE html><html><body>RocketMQ Dashboard</body></html>')), 'an HTML page');
  assert.equal(htmlPageOf(Buffer.from(`<html>${' '.repeat(16 * 1024)}<title>late</title></html>`)), 'an HTML page');
  assert.equal(htmlPageOf(Buffer.from('<title></title>')), 'an HTML page');
});
