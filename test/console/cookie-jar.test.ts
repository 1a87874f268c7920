import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CookieJar } from '../../src/console/cookie-jar.js';

const PAST = 'Thu, 01 Jan 1970 00:00:00 GMT';
const FUTURE = 'Fri, 01 Jan 2100 00:00:00 GMT';

/** Each response's Set-Cookie header (one line, several, or none), in order, and the Cookie header to send after them. */
const cases: ReadonlyArray<readonly [string, ReadonlyArray<string | string[] | undefined>, string | undefined]> = [
  ['nothing set: no Cookie header', [], undefined],
  ['a response without Set-Cookie changes nothing', [undefined], undefined],
  ['one cookie, attributes dropped', ['JSESSIONID=S1; Path=/; HttpOnly'], 'JSESSIONID=S1'],
  ['a cookie without attributes', ['JSESSIONID=S1'], 'JSESSIONID=S1'],
  ['several cookies of one response, in their order', [['JSESSIONID=S1; Path=/; HttpOnly', 'route=r1; Path=/']], 'JSESSIONID=S1; route=r1'],
  ['cookies of several responses add up', ['JSESSIONID=S1; Path=/', 'route=r1'], 'JSESSIONID=S1; route=r1'],
  ['a cookie set again takes the new value and keeps its place', [['JSESSIONID=S1', 'route=r1'], 'JSESSIONID=S2; Path=/'], 'JSESSIONID=S2; route=r1'],
  ['name and value are trimmed', ['  JSESSIONID = S1 ; Path=/'], 'JSESSIONID=S1'],
  ['a value may hold "="', ['token=a=b==; Path=/'], 'token=a=b=='],
  ['an empty value is kept', ['flag=; Path=/'], 'flag='],
  ['Max-Age=0 deletes the cookie', [['JSESSIONID=S1', 'route=r1'], 'route=; Max-Age=0; Path=/'], 'JSESSIONID=S1'],
  ['a negative Max-Age deletes it', ['JSESSIONID=S1', 'JSESSIONID=; Max-Age=-1'], undefined],
  ['a positive Max-Age keeps it', ['JSESSIONID=S1; Max-Age=1800'], 'JSESSIONID=S1'],
  ['Max-Age wins over a past Expires', [`JSESSIONID=S1; Expires=${PAST}; Max-Age=60`], 'JSESSIONID=S1'],
  ['attribute names in any case', ['JSESSIONID=S1', 'JSESSIONID=; max-age=0'], undefined],
  ['an Expires in the past deletes it', ['JSESSIONID=S1', `JSESSIONID=deleted; Expires=${PAST}; Path=/`], undefined],
  ['an Expires in the future keeps it', [`JSESSIONID=S1; Expires=${FUTURE}; Path=/`], 'JSESSIONID=S1'],
  ['an Expires that is no date keeps it', ['JSESSIONID=S1; Expires=soon'], 'JSESSIONID=S1'],
  ['deleting a cookie never set changes nothing', ['JSESSIONID=S1', 'route=; Max-Age=0'], 'JSESSIONID=S1'],
  ['a cookie set already expired is not kept', [`route=r1; Expires=${PAST}`], undefined],
  ['a line without "=" is ignored', ['JSESSIONID=S1', 'garbage; Path=/'], 'JSESSIONID=S1'],
  ['a line without a name is ignored', ['=S1; Path=/', ' =S2'], undefined],
];

for (const [name, responses, expected] of cases) {
  test(`cookie jar: ${name}`, () => {
    const jar = new CookieJar();
    for (const setCookie of responses) jar.store(setCookie);
    assert.equal(jar.cookieHeader(), expected);
  });
}
