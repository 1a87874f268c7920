import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../src/config.js';
import { CLIENT_AUTH_TYPES, loadWebConfig } from '../src/web-config.js';
import { makeCertificates, type Certificates } from './support/certificates.js';

// A bcrypt hash of "hunter2" (cost 4); it must never show in a message.
const HASH = '$2b$04$9NMrHryePAOPABQmyImtNe36uGb94Neo5I1X865lvsBAdLrdjLXA.';

let certs: Certificates;
let dir: string;
let server: { certFile: string; keyFile: string };
let other: { certFile: string; keyFile: string };

before(() => {
  certs = makeCertificates();
  dir = mkdtempSync(join(tmpdir(), 'rocketmq-lag-web-config-'));
  const issued = certs.issue('server', ['127.0.0.1', 'localhost']);
  other = certs.issue('other', ['127.0.0.1']);
  // The files beside the web config, so that relative paths resolve against its folder.
  copyFileSync(issued.certFile, join(dir, 'server.crt'));
  copyFileSync(issued.keyFile, join(dir, 'server.key'));
  copyFileSync(certs.caFile, join(dir, 'clients-ca.crt'));
  server = { certFile: join(dir, 'server.crt'), keyFile: join(dir, 'server.key') };
});

after(() => {
  certs.remove();
  rmSync(dir, { recursive: true, force: true });
});

let count = 0;
/** Writes a web config file in the test folder; its path. */
function webConfig(text: string): string {
  const file = join(dir, `web-${++count}.yml`);
  writeFileSync(file, text);
  return file;
}

async function failure(file: string | undefined): Promise<ConfigError> {
  try {
    await loadWebConfig(file);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    assert.equal(error.variable, 'WEB_CONFIG_FILE');
    assert.equal(error.message.includes('\n'), false, error.message);
    return error;
  }
  assert.fail('expected a ConfigError, nothing was thrown');
}

describe('loadWebConfig', () => {
  test('unset: undefined, nothing read', async () => {
    assert.equal(await loadWebConfig(undefined, () => assert.fail('read')), undefined);
  });

  test('TLS, users and headers; paths relative to the file\'s folder; TLS 1.2 to 1.3 by default', async () => {
    const file = webConfig([
      'tls_server_config:',
      '  cert_file: server.crt',
      '  key_file: ./server.key',
      '  client_auth_type: RequireAndVerifyClientCert',
      '  client_ca_file: clients-ca.crt',
      'basic_auth_users:',
      `  prometheus: ${HASH}`,
      `  "grafana agent": '${HASH}'`,
      'http_server_config:',
      '  headers:',
      '    X-Frame-Options: deny',
      '    Strict-Transport-Security: max-age=31536000',
      '',
    ].join('\n'));
    const web = await loadWebConfig(file);
    assert.ok(web !== undefined);
    assert.deepEqual(web.https?.tls, {
      certFile: server.certFile, keyFile: server.keyFile, clientCaFile: join(dir, 'clients-ca.crt'),
      clientAuthType: 'RequireAndVerifyClientCert', minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3',
    });
    assert.equal(web.https?.files.serialNumber, '01');
    assert.deepEqual([...web.users], [['prometheus', HASH], ['grafana agent', HASH]]);
    assert.deepEqual(web.headers, { 'X-Frame-Options': 'deny', 'Strict-Transport-Security': 'max-age=31536000' });
  });

  test('absolute paths, TLS 1.3 only, and the settings read without effect (http2, prefer_server_cipher_suites)', async () => {
    const file = webConfig(`tls_server_config:\n  cert_file: ${server.certFile}\n  key_file: ${server.keyFile}\n  min_version: TLS13\n  prefer_server_cipher_suites: true\nhttp_server_config:\n  http2: false\n`);
    const web = await loadWebConfig(file);
    assert.equal(web?.https?.tls.minVersion, 'TLSv1.3');
    assert.equal(web?.https?.tls.clientAuthType, 'NoClientCert');
    assert.deepEqual(web?.headers, {});
  });

  test('an empty file, or empty sections: plain HTTP, no users, no headers (as exporter-toolkit reads them)', async () => {
    for (const text of ['', '# nothing yet\n', 'tls_server_config:\nbasic_auth_users: {}\nhttp_server_config:\n  headers:\n']) {
      const web = await loadWebConfig(webConfig(text));
      assert.deepEqual(web && { tls: web.https?.tls, users: web.users.size, headers: web.headers }, { tls: undefined, users: 0, headers: {} }, text);
    }
  });

  test("the README's example file loads as it says: HTTPS, TLS 1.2 and up, one user, HSTS", async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const example = /```yaml\n(# \/etc\/rocketmq-lag-exporter\/web\/web-config\.yml\n[\s\S]*?)\n```/.exec(readme)?.[1];
    assert.ok(example !== undefined, 'the example under "Protecting /metrics: TLS and basic auth"');
    const folder = mkdtempSync(join(dir, 'readme-'));
    copyFileSync(server.certFile, join(folder, 'tls.crt'));
    copyFileSync(server.keyFile, join(folder, 'tls.key'));
    const file = join(folder, 'web-config.yml');
    writeFileSync(file, example);
    const web = await loadWebConfig(file);
    assert.deepEqual([web?.https?.tls.certFile, web?.https?.tls.minVersion, web?.https?.tls.clientAuthType], [join(folder, 'tls.crt'), 'TLSv1.2', 'NoClientCert']);
    assert.deepEqual([...(web?.users.keys() ?? [])], ['prometheus']);
    assert.deepEqual(web?.headers, { 'Strict-Transport-Security': 'max-age=31536000' });
  });

  test("exporter-toolkit's old name RequireClientCert is RequireAnyClientCert", async () => {
    const file = webConfig(`tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_auth_type: RequireClientCert\n`);
    assert.equal((await loadWebConfig(file))?.https?.tls.clientAuthType, 'RequireAnyClientCert');
  });

  test('an unreadable file: named, with the reason and an example', async () => {
    const missing = join(dir, 'missing.yml');
    assert.equal((await failure(missing)).message,
      `WEB_CONFIG_FILE: cannot read ${JSON.stringify(missing)} (ENOENT: no such file or directory); expected a readable file, for example WEB_CONFIG_FILE=/etc/rocketmq-lag-exporter/web/web-config.yml`);
  });

  // The file's text, and the message after `WEB_CONFIG_FILE: "<file>": `.
  const invalid: readonly (readonly [string, string])[] = [
    ['basic_auth_users:\n  a: 1\n  a: 2\n', 'not valid YAML at line 3, column 3: Map keys must be unique'],
    ['tls_server_config: [\n', 'not valid YAML at line 2, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]'],
    ['- tls_server_config\n', 'the document: expected a mapping'],
    ['tls_config:\n  cert_file: server.crt\n', 'tls_config: unknown field; expected tls_server_config, http_server_config, basic_auth_users'],
    ['rate_limit:\n  interval: 1s\n', 'rate_limit: not supported by rocketmq-lag-exporter (a rate limit); remove it'],
    ['tls_server_config:\n  certfile: server.crt\n', 'tls_server_config.certfile: unknown field; expected cert_file, key_file, client_auth_type, client_ca_file, min_version, max_version, prefer_server_cipher_suites'],
    ['tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_allowed_sans: [prometheus]\n',
      'tls_server_config.client_allowed_sans: not supported by rocketmq-lag-exporter (client SAN matching: use client_ca_file with a CA that signs only the allowed clients); remove it'],
    ['tls_server_config:\n  key_file: server.key\n', 'tls_server_config.cert_file: missing; HTTPS needs cert_file and key_file'],
    ['tls_server_config:\n  cert_file: server.crt\n', 'tls_server_config.key_file: missing; HTTPS needs cert_file and key_file'],
    ['tls_server_config:\n  cert_file: nope.crt\n  key_file: server.key\n', `tls_server_config.cert_file: cannot read "${join('DIR', 'nope.crt')}" (ENOENT: no such file or directory)`],
    ['tls_server_config:\n  cert_file: server.key\n  key_file: server.key\n', `tls_server_config.cert_file: "${join('DIR', 'server.key')}" holds no PEM certificate`],
    ['tls_server_config:\n  cert_file: server.crt\n  key_file: server.crt\n', `tls_server_config.key_file: "${join('DIR', 'server.crt')}" holds no PEM private key (an encrypted key is not supported)`],
    ['tls_server_config:\n  cert_file: server.crt\n  key_file: OTHER_KEY\n', 'tls_server_config.key_file: "OTHER_KEY" is not the key of the certificate in cert_file'],
    ['tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_auth_type: RequireCert\n',
      `tls_server_config.client_auth_type: "RequireCert" is not a client auth type; expected one of ${CLIENT_AUTH_TYPES.join(', ')}`],
    ['tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_ca_file: clients-ca.crt\n',
      'tls_server_config.client_ca_file: set while client_auth_type is NoClientCert, which asks for no client certificate; set client_auth_type: RequireAndVerifyClientCert'],
    ['tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_auth_type: RequireAndVerifyClientCert\n',
      'tls_server_config.client_ca_file: missing; client_auth_type RequireAndVerifyClientCert verifies client certificates against it'],
    ['tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_auth_type: VerifyClientCertIfGiven\n  client_ca_file: server.key\n',
      `tls_server_config.client_ca_file: "${join('DIR', 'server.key')}" holds no valid PEM certificate`],
    ['tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  min_version: TLS11\n',
      'tls_server_config.min_version: "TLS11" is not supported (TLS 1.0 and 1.1 are obsolete); expected TLS12 or TLS13'],
    ['tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  min_version: TLS1.2\n', 'tls_server_config.min_version: "TLS1.2" is not a TLS version; expected TLS12 or TLS13'],
    ['tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  min_version: TLS13\n  max_version: TLS12\n', 'tls_server_config.min_version: above max_version'],
    ['tls_server_config:\n  cert_file: [server.crt]\n  key_file: server.key\n', 'tls_server_config.cert_file: expected text'],
    ['basic_auth_users:\n  prometheus: hunter2\n',
      'basic_auth_users.prometheus: not a bcrypt hash (the value is not shown); expected $2y$, $2a$ or $2b$ with a cost of 4 to 31, as `htpasswd -nBC 10 "" | tr -d \':\\n\'` prints'],
    [`basic_auth_users:\n  prometheus: ${HASH.replace('$04$', '$03$')}\n`,
      'basic_auth_users.prometheus: not a bcrypt hash (the value is not shown); expected $2y$, $2a$ or $2b$ with a cost of 4 to 31, as `htpasswd -nBC 10 "" | tr -d \':\\n\'` prints'],
    [`basic_auth_users:\n  "prom:etheus": ${HASH}\n`, 'basic_auth_users: the user name "prom:etheus" is empty or holds ":", which basic authentication cannot carry'],
    ['basic_auth_users: [prometheus]\n', 'basic_auth_users: expected a mapping'],
    ['http_server_config:\n  headers:\n    Content-Type: text/html\n',
      'http_server_config.headers.Content-Type: this header cannot be set; expected one of Strict-Transport-Security, X-Content-Type-Options, X-Frame-Options, X-XSS-Protection, Content-Security-Policy'],
    ['http_server_config:\n  headers:\n    WWW-Authenticate: Basic\n',
      'http_server_config.headers.WWW-Authenticate: this header cannot be set; expected one of Strict-Transport-Security, X-Content-Type-Options, X-Frame-Options, X-XSS-Protection, Content-Security-Policy'],
    ['http_server_config:\n  headers:\n    X-Frame-Options: allow-from example.com\n', 'http_server_config.headers.X-Frame-Options: "allow-from example.com" is not allowed; expected deny or sameorigin'],
    ['http_server_config:\n  headers:\n    Content-Security-Policy: "default-src \'none\'\\r\\nSet-Cookie: a=b"\n', 'http_server_config.headers.Content-Security-Policy: holds characters a header cannot carry'],
    ['http_server_config:\n  http2: maybe\n', 'http_server_config.http2: expected true or false'],
  ];

  for (const [text, expected] of invalid) {
    test(`invalid: ${expected.split(':')[0] ?? ''}: ${expected.slice(expected.indexOf(':') + 2, expected.indexOf(':') + 50)}`, async () => {
      const file = webConfig(text.replace('OTHER_KEY', other.keyFile));
      const message = expected.replaceAll('DIR', dir).replace('OTHER_KEY', other.keyFile);
      assert.equal((await failure(file)).message, `WEB_CONFIG_FILE: ${JSON.stringify(file)}: ${message}`);
    });
  }

  test('a hash or a password in a wrong place never shows in the message', async () => {
    const secret = 'S3cretPassw0rd!';
    for (const text of [`basic_auth_users:\n  prometheus: ${secret}\n`, `basic_auth_users:\n  prometheus: ${HASH}x\n`, `basic_auth_users:\n  prometheus: [${secret}]\n`]) {
      const { message } = await failure(webConfig(text));
      assert.equal(message.includes(secret) || message.includes(HASH.slice(7)), false, message);
    }
  });
});

test('a password pasted in place of a hash (*secret, a YAML alias) is never printed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rocketmq-lag-web-config-alias-'));
  try {
    const file = join(dir, 'web.yml');
    writeFileSync(file, 'basic_auth_users:\n  prometheus: *hunter2secret\n');
    await assert.rejects(loadWebConfig(file), (error: Error) => {
      assert.equal(error.message, `WEB_CONFIG_FILE: ${JSON.stringify(file)}: not valid YAML: an alias (*name) without its anchor, or too many aliases; a value starting with * needs quotes`);
      assert.equal(error.message.includes('hunter2'), false);
      return true;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
