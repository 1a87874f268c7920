// A console behind HTTPS with its own CA: refused as a certificate error (kind tls) that says what to set; read with
// ROCKETMQ_CONSOLE_CA_FILE; with the loudly documented insecure switch, read with a warning.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeCertificates, type Certificates } from '../support/certificates.js';
import { detail, expectedDetail, sampleValue, startStack } from '../support/stack.js';

let certs: Certificates;
let server: { cert: string; key: string };
before(() => {
  certs = makeCertificates();
  server = certs.issue('console', ['127.0.0.1']);
});
after(() => certs.remove());

const sim = () => ({ scale: 'S', seed: 3, flavour: 'dashboard-2.1', tls: { key: server.key, cert: server.cert } }) as const;

test('without the CA: the walk fails as a certificate error, kind tls, saying to set ROCKETMQ_CONSOLE_CA_FILE', async () => {
  const stack = await startStack({ sim: sim() });
  try {
    assert.match(stack.sim.url, /^https:/);
    const samples = await stack.scrape();
    assert.equal(sampleValue(samples, 'rocketmq_exporter_last_walk_failed', { kind: 'tls' }), 1);
    assert.equal(sampleValue(samples, 'rocketmq_exporter_console_reachable'), 0);
    const error = stack.logs.find((l) => l.level === 'error');
    assert.equal(error?.kind, 'tls');
    assert.match(error?.msg ?? '', /TLS certificate was refused .*\((UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)[^)]*\): set ROCKETMQ_CONSOLE_CA_FILE to the CA certificate \(PEM\) that signed it/);
  } finally {
    await stack.stop();
  }
});

test('with ROCKETMQ_CONSOLE_CA_FILE: every lag row exact over HTTPS, no warning', async () => {
  const stack = await startStack({ sim: sim(), env: { ROCKETMQ_CONSOLE_CA_FILE: certs.caFile } });
  try {
    assert.deepEqual(detail(await stack.scrape()), expectedDetail(stack.sim.truth()));
    assert.equal(stack.logs.some((l) => l.level === 'warn' || l.level === 'error'), false);
  } finally {
    await stack.stop();
  }
});

test('a certificate for another name: refused, naming what to fix', async () => {
  const other = certs.issue('elsewhere', ['console.example']);
  const stack = await startStack({ sim: { ...sim(), tls: { key: other.key, cert: other.cert } }, env: { ROCKETMQ_CONSOLE_CA_FILE: certs.caFile } });
  try {
    const samples = await stack.scrape();
    assert.equal(sampleValue(samples, 'rocketmq_exporter_last_walk_failed', { kind: 'tls' }), 1);
    assert.match(stack.logs.find((l) => l.level === 'error')?.msg ?? '', /ERR_TLS_CERT_ALTNAME_INVALID.*does not name the host of ROCKETMQ_CONSOLE_URL/);
  } finally {
    await stack.stop();
  }
});

test('ROCKETMQ_CONSOLE_TLS_INSECURE_SKIP_VERIFY=true reads any certificate, and warns at start that it is for a test only', async () => {
  const stack = await startStack({ sim: sim(), env: { ROCKETMQ_CONSOLE_TLS_INSECURE_SKIP_VERIFY: 'true' } });
  try {
    assert.deepEqual(detail(await stack.scrape()), expectedDetail(stack.sim.truth()));
    const warning = stack.logs.find((l) => l.level === 'warn');
    assert.match(warning?.msg ?? '', /^ROCKETMQ_CONSOLE_TLS_INSECURE_SKIP_VERIFY=true: any certificate is accepted .* set ROCKETMQ_CONSOLE_CA_FILE instead$/);
  } finally {
    await stack.stop();
  }
});
