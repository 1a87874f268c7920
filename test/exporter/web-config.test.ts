// WEB_CONFIG_FILE with real clients over real TLS: curl and node:tls against the exporter in front of the simulator,
// with certificates made by openssl and a password hash made by htpasswd -B.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { makeCertificates, type Certificates } from '../support/certificates.js';
import { startStack, until, type Stack } from '../support/stack.js';

const USER = 'prometheus';
const PASSWORD = 'Scr4pe-me-gently!';

let certs: Certificates;
/** A client certificate signed by another CA: one the exporter must not take for a known client. */
let strangers: Certificates;
let dir: string;
let hash: string;

before(() => {
  certs = makeCertificates();
  strangers = makeCertificates();
  dir = mkdtempSync(join(tmpdir(), 'rocketmq-lag-web-'));
  const r = spawnSync('htpasswd', ['-nbB', '-C', '4', USER, PASSWORD], { encoding: 'utf8' });
  assert.equal(r.error, undefined, 'htpasswd (Debian apache2-utils) is installed by scripts/install-test-deps.sh');
  hash = r.stdout.trim().slice(USER.length + 1);
  assert.match(hash, /^\$2y\$04\$/);
});

after(() => {
  certs.remove();
  strangers.remove();
  rmSync(dir, { recursive: true, force: true });
});

let count = 0;
/** A folder holding tls.crt and tls.key (a new server certificate) and web-config.yml (`yaml`, naming them relatively). */
function webConfigFolder(yaml: string): { readonly folder: string; readonly file: string } {
  const folder = join(dir, `web-${++count}`);
  const issued = certs.issue(`server-${count}`, ['127.0.0.1']);
  mkdirSync(folder);
  copyFileSync(issued.certFile, join(folder, 'tls.crt'));
  copyFileSync(issued.keyFile, join(folder, 'tls.key'));
  copyFileSync(certs.caFile, join(folder, 'ca.crt'));
  const file = join(folder, 'web-config.yml');
  writeFileSync(file, yaml);
  return { folder, file };
}

interface Curl {
  /** curl's exit code: 0, or why it failed (7 refused, 52 empty reply, 56 receive failure, 60 untrusted certificate...). */
  readonly code: number;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly stderr: string;
}

/** curl, asynchronously (the exporter runs in this process), with its response headers parsed. */
function curl(args: readonly string[]): Promise<Curl> {
  return new Promise((resolve) => {
    execFile('curl', ['-sS', '--max-time', '10', '-D', '-', ...args], { encoding: 'utf8' }, (error, stdout, stderr) => {
      const [head = '', ...rest] = stdout.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      const code = error === null ? 0 : Number((error as { code?: number }).code ?? -1);
      resolve({ code, status: Number(statusLine.split(' ')[1] ?? 0), headers, body: rest.join('\r\n\r\n'), stderr });
    });
  });
}

const https = (stack: Stack, path: string): string => `https://127.0.0.1:${stack.exporter.address.port}${path}`;

async function startTls(yaml: string): Promise<{ stack: Stack; folder: string; ca: string[] }> {
  const { folder, file } = webConfigFolder(yaml);
  const stack = await startStack({ sim: { scale: 'S', seed: 4 }, env: { WEB_CONFIG_FILE: file } });
  return { stack, folder, ca: ['--cacert', join(folder, 'ca.crt')] };
}

test('HTTPS and basic auth: the right password gets the lag, none or a wrong one 401, the probes are open, plain HTTP fails', async () => {
  const { stack, ca } = await startTls([
    'tls_server_config:',
    '  cert_file: tls.crt',
    '  key_file: tls.key',
    'basic_auth_users:',
    `  ${USER}: ${hash}`,
    'http_server_config:',
    '  headers:',
    '    X-Frame-Options: deny',
    '    Strict-Transport-Security: max-age=31536000',
    '',
  ].join('\n'));
  try {
    const responses: Curl[] = [];
    const ask = async (args: readonly string[]) => {
      const r = await curl(args);
      responses.push(r);
      return r;
    };
    await until('ready over HTTPS', async () => ((await ask([...ca, https(stack, '/readyz')])).status === 200 ? true : undefined));

    const scrape = await ask([...ca, '-u', `${USER}:${PASSWORD}`, https(stack, '/metrics')]);
    assert.equal(scrape.status, 200, scrape.stderr);
    assert.match(scrape.body, /^rocketmq_msg_diff_consumergroup\{.*\} \d+$/m);
    assert.equal(scrape.headers['x-frame-options'], 'deny');
    assert.equal(scrape.headers['strict-transport-security'], 'max-age=31536000');

    for (const credentials of [[], ['-u', `${USER}:wrong-password`], ['-u', `grafana:${PASSWORD}`], ['-H', 'Authorization: Bearer abc']]) {
      for (const path of ['/metrics', '/', '/nope']) {
        const refused = await ask([...ca, ...credentials, https(stack, path)]);
        assert.equal(refused.status, 401, `${path} ${credentials.join(' ')}`);
        assert.equal(refused.headers['www-authenticate'], 'Basic realm="rocketmq-lag-exporter"');
        assert.equal(refused.headers['x-frame-options'], 'deny', 'the headers are on every answer');
        assert.equal(refused.body.includes('rocketmq_'), false);
      }
    }
    const landing = await ask([...ca, '-u', `${USER}:${PASSWORD}`, https(stack, '/')]);
    assert.equal(landing.status, 200);
    assert.match(landing.body, /href="\/metrics"/);

    // The probes: no password, still over TLS.
    assert.equal((await ask([...ca, https(stack, '/healthz')])).status, 200);
    assert.equal((await ask([...ca, https(stack, '/readyz')])).status, 200);

    // Plain HTTP to the TLS port: no answer at all, so nothing is served in the clear.
    const plain = await ask([`http://127.0.0.1:${stack.exporter.address.port}/healthz`]);
    assert.notEqual(plain.code, 0);
    assert.equal(plain.status, 0, plain.stderr);
    // Without the CA, curl does not trust the certificate.
    assert.equal((await ask([https(stack, '/healthz')])).code, 60);

    const listening = stack.logs.find((l) => l.msg === 'listening');
    assert.deepEqual([listening?.tls, listening?.basicAuth], [true, true]);
    const everything = JSON.stringify(stack.logs) + JSON.stringify(responses);
    for (const secret of [PASSWORD, hash, hash.slice(7)]) assert.equal(everything.includes(secret), false, 'no password or hash in a log line or an answer');
  } finally {
    await stack.stop();
  }
});

test('mutual TLS (RequireAndVerifyClientCert): no client certificate, or one of another CA, fails the handshake; the CA\'s client gets in', async () => {
  const client = certs.issue('client', ['prometheus']);
  const stranger = strangers.issue('stranger', ['prometheus']);
  const { stack, ca } = await startTls('tls_server_config:\n  cert_file: tls.crt\n  key_file: tls.key\n  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.crt\n');
  try {
    const without = await curl([...ca, https(stack, '/healthz')]);
    assert.notEqual(without.code, 0);
    assert.equal(without.status, 0, 'no answer, not even to the probe');
    const foreign = await curl([...ca, '--cert', stranger.certFile, '--key', stranger.keyFile, https(stack, '/healthz')]);
    assert.notEqual(foreign.code, 0);
    assert.equal(foreign.status, 0);
    const scrape = await curl([...ca, '--cert', client.certFile, '--key', client.keyFile, https(stack, '/metrics')]);
    assert.equal(scrape.status, 200, scrape.stderr);
    assert.match(scrape.body, /^rocketmq_exporter_build_info\{/m);
  } finally {
    await stack.stop();
  }
});

/** GET /healthz over HTTPS with node's client: the status, or 'refused' when the connection fails. */
function probe(stack: Stack, ca: string, client?: { certFile: string; keyFile: string }): Promise<number | 'refused'> {
  return new Promise((resolve) => {
    const request = get({
      host: '127.0.0.1', port: stack.exporter.address.port, path: '/healthz', agent: false, ca: readFileSync(ca),
      ...(client === undefined ? {} : { cert: readFileSync(client.certFile), key: readFileSync(client.keyFile) }),
    }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    request.on('error', () => resolve('refused'));
  });
}

test('the other client auth types: RequestClientCert, RequireAnyClientCert, VerifyClientCertIfGiven', async () => {
  const client = certs.issue('client-any', ['prometheus']);
  const stranger = strangers.issue('stranger-any', ['prometheus']);
  const expected = {
    // Asked for, never required nor checked.
    RequestClientCert: { none: 200, stranger: 200, known: 200 },
    // Required, not checked.
    RequireAnyClientCert: { none: 'refused', stranger: 200, known: 200 },
    // Checked when given.
    VerifyClientCertIfGiven: { none: 200, stranger: 'refused', known: 200 },
  } as const;
  for (const [type, outcomes] of Object.entries(expected)) {
    const caLine = type === 'VerifyClientCertIfGiven' ? '  client_ca_file: ca.crt\n' : '';
    const { stack, folder } = await startTls(`tls_server_config:\n  cert_file: tls.crt\n  key_file: tls.key\n  client_auth_type: ${type}\n${caLine}`);
    try {
      const ca = join(folder, 'ca.crt');
      assert.deepEqual({
        none: await probe(stack, ca),
        stranger: await probe(stack, ca, stranger),
        known: await probe(stack, ca, client),
      }, outcomes, type);
    } finally {
      await stack.stop();
    }
  }
});

/** The serial number of the certificate the exporter presents on a new connection (with a client certificate). */
function servedSerial(stack: Stack, ca: string, client: { certFile: string; keyFile: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: '127.0.0.1', port: stack.exporter.address.port, ca: readFileSync(ca), cert: readFileSync(client.certFile), key: readFileSync(client.keyFile),
    }, () => {
      resolve(socket.getPeerCertificate().serialNumber);
      socket.end();
    });
    socket.on('error', reject);
  });
}

test('a rotated certificate is served to new connections without a restart; a broken pair keeps the one in use, logged once', async () => {
  const client = certs.issue('client-rotation', ['prometheus']);
  const { stack, folder } = await startTls('tls_server_config:\n  cert_file: tls.crt\n  key_file: tls.key\n  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.crt\n');
  const ca = join(folder, 'ca.crt');
  try {
    const first = await servedSerial(stack, ca, client);
    assert.equal(first, new X509Certificate(readFileSync(join(folder, 'tls.crt'))).serialNumber);

    // As a Kubernetes Secret volume or cert-manager does: new files moved into place.
    const next = certs.issue('server-next', ['127.0.0.1']);
    copyFileSync(next.keyFile, join(folder, 'tls.key.new'));
    copyFileSync(next.certFile, join(folder, 'tls.crt.new'));
    renameSync(join(folder, 'tls.key.new'), join(folder, 'tls.key'));
    renameSync(join(folder, 'tls.crt.new'), join(folder, 'tls.crt'));
    const second = await servedSerial(stack, ca, client);
    assert.notEqual(second, first);
    assert.ok(stack.logs.some((l) => l.level === 'info' && l.msg === 'TLS files changed: serving the new certificate' && l.serialNumber === second));
    // Client certificates are still required after the swap.
    assert.equal(await probe(stack, ca), 'refused');
    assert.equal(await probe(stack, ca, client), 200);

    // A certificate without its key: the one in use stays, and the problem is logged once, however many connections.
    const broken = certs.issue('server-broken', ['127.0.0.1']);
    copyFileSync(broken.certFile, join(folder, 'tls.crt'));
    for (let i = 0; i < 3; i++) assert.equal(await servedSerial(stack, ca, client), second);
    const warnings = stack.logs.filter((l) => l.level === 'warn' && l.msg.startsWith('TLS files changed but cannot be used'));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]?.msg ?? '', /tls_server_config\.key_file: ".*tls\.key" is not the key of the certificate in cert_file/);

    // The matching key arrives: the next connection gets the new pair.
    copyFileSync(broken.keyFile, join(folder, 'tls.key'));
    assert.notEqual(await servedSerial(stack, ca, client), second);
  } finally {
    await stack.stop();
  }
});
