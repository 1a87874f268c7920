// The HTTPS side of WEB_CONFIG_FILE: the TLS files re-read when they change, the client certificate policies.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientAuthOptions, TlsFilesWatch } from '../src/tls-server.js';
import { CLIENT_AUTH_TYPES, loadWebConfig, type TlsServerConfig } from '../src/web-config.js';
import { makeCertificates, type Certificates } from './support/certificates.js';

let certs: Certificates;
let dir: string;
let server: { certFile: string; keyFile: string };
let other: { certFile: string; keyFile: string };

before(() => {
  certs = makeCertificates();
  dir = mkdtempSync(join(tmpdir(), 'rocketmq-lag-tls-server-'));
  server = certs.issue('server', ['127.0.0.1', 'localhost']);
  other = certs.issue('other', ['127.0.0.1']);
});

after(() => {
  certs.remove();
  rmSync(dir, { recursive: true, force: true });
});

describe('TLS files', () => {
  const tlsOf = (certFile: string, keyFile: string): TlsServerConfig =>
    ({ certFile, keyFile, clientCaFile: undefined, clientAuthType: 'NoClientCert', minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' });

  test('re-read once after they change; a broken pair is reported once and the files in use stay', async () => {
    const rotating = mkdtempSync(join(dir, 'rotating-'));
    const cert = join(rotating, 'tls.crt');
    const key = join(rotating, 'tls.key');
    copyFileSync(server.certFile, cert);
    copyFileSync(server.keyFile, key);
    const file = join(rotating, 'web.yml');
    writeFileSync(file, `tls_server_config:\n  cert_file: ${cert}\n  key_file: ${key}\n`);
    const web = await loadWebConfig(file);
    const https = web?.https;
    assert.ok(https !== undefined);
    const watch = new TlsFilesWatch(file, https.tls, https.files);
    assert.equal(watch.check(), undefined, 'nothing changed');

    // Half a rotation: the new certificate, the old key.
    copyFileSync(other.certFile, cert);
    const broken = watch.check();
    assert.ok(broken !== undefined && 'failed' in broken);
    assert.equal(broken.failed.message, `WEB_CONFIG_FILE: ${JSON.stringify(file)}: tls_server_config.key_file: ${JSON.stringify(key)} is not the key of the certificate in cert_file`);
    assert.equal(watch.check(), undefined, 'reported once');

    copyFileSync(other.keyFile, key);
    const renewed = watch.check();
    assert.ok(renewed !== undefined && 'loaded' in renewed);
    assert.equal(renewed.loaded.serialNumber, '02');
    assert.equal(watch.check(), undefined);
  });

  test('client auth types as node:tls options: OpenSSL refuses unverified clients only for RequireAndVerifyClientCert', async () => {
    const base = tlsOf(server.certFile, server.keyFile);
    assert.deepEqual(CLIENT_AUTH_TYPES.map((clientAuthType) => clientAuthOptions({ ...base, clientAuthType })), [
      { requestCert: false, rejectUnauthorized: false },
      { requestCert: true, rejectUnauthorized: false },
      { requestCert: true, rejectUnauthorized: false },
      { requestCert: true, rejectUnauthorized: false },
      { requestCert: true, rejectUnauthorized: true },
    ]);
  });
});
