// End to end: a real Prometheus scrapes the exporter over HTTPS with basic authentication, configured as the README's
// "Protecting /metrics: TLS and basic auth" shows (scheme https, tls_config.ca_file, basic_auth).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCertificates } from '../support/certificates.js';
import { startStack, until } from '../support/stack.js';
import { startPrometheus } from './prometheus.js';

const JOB = 'rocketmq-monitor';
const USER = 'prometheus';
const PASSWORD = 'Scr4pe-me-over-TLS!';

test('Prometheus scrapes over HTTPS with basic auth: the target is up and the lag is in Prometheus', async () => {
  const certs = makeCertificates();
  const dir = mkdtempSync(join(tmpdir(), 'rocketmq-lag-e2e-web-'));
  try {
    const server = certs.issue('exporter', ['127.0.0.1']);
    copyFileSync(server.certFile, join(dir, 'tls.crt'));
    copyFileSync(server.keyFile, join(dir, 'tls.key'));
    const htpasswd = spawnSync('htpasswd', ['-nbB', '-C', '10', USER, PASSWORD], { encoding: 'utf8' });
    assert.equal(htpasswd.error, undefined, 'htpasswd (Debian apache2-utils) is installed by scripts/install-test-deps.sh');
    const hash = htpasswd.stdout.trim().slice(USER.length + 1);
    const file = join(dir, 'web-config.yml');
    writeFileSync(file, `tls_server_config:\n  cert_file: tls.crt\n  key_file: tls.key\nbasic_auth_users:\n  ${USER}: ${hash}\n`);

    const stack = await startStack({ sim: { scale: 'S', seed: 4 }, env: { WEB_CONFIG_FILE: file } });
    try {
      const prometheus = await startPrometheus({
        target: {
          jobName: JOB,
          address: `127.0.0.1:${stack.exporter.address.port}`,
          metricsPath: '/metrics',
          labels: {},
          scrape: { scheme: 'https', tls_config: { ca_file: certs.caFile }, basic_auth: { username: USER, password: PASSWORD } },
        },
      });
      try {
        const target = await until('the target scraped', async () => {
          const [found] = await prometheus.targets();
          return found !== undefined && found.health !== 'unknown' ? found : undefined;
        }, 30_000);
        assert.deepEqual([target.health, target.lastError], ['up', ''], prometheus.log());
        const up = await prometheus.query(`up{job="${JOB}"}`);
        assert.deepEqual(up.map((s) => s.value[1]), ['1']);
        const lag = await until('lag in Prometheus', async () => {
          const samples = await prometheus.query('rocketmq_msg_diff_consumergroup');
          return samples.length > 0 ? samples : undefined;
        }, 30_000);
        assert.ok(lag.length > 0);
        assert.equal(JSON.stringify(stack.logs).includes(PASSWORD), false);
      } finally {
        await prometheus.stop();
      }
    } finally {
      await stack.stop();
    }
  } finally {
    certs.remove();
    rmSync(dir, { recursive: true, force: true });
  }
});
