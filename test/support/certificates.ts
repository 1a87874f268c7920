// Test certificates made with openssl in a temporary folder: a CA, and server (or client) certificates it signs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Certificates {
  readonly dir: string;
  /** PEM of the CA certificate. */
  readonly ca: string;
  readonly caFile: string;
  /** A certificate signed by the CA for `names` (DNS names or IP addresses), with its key; PEM and files. */
  issue(name: string, names: readonly string[]): { readonly cert: string; readonly key: string; readonly certFile: string; readonly keyFile: string };
  remove(): void;
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function openssl(args: readonly string[], cwd: string): void {
  try {
    execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    throw new Error(`openssl ${args[0] ?? ''} failed (is openssl installed?): ${String((error as { stderr?: Buffer }).stderr ?? error)}`, { cause: error });
  }
}

export function makeCertificates(): Certificates {
  const dir = mkdtempSync(join(tmpdir(), 'rocketmq-lag-certs-'));
  openssl(['req', '-x509', ...EC, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=rocketmq-lag-exporter test CA'], dir);
  let serial = 1;
  return {
    dir,
    ca: readFileSync(join(dir, 'ca.pem'), 'utf8'),
    caFile: join(dir, 'ca.pem'),
    issue(name, names) {
      const san = names.map((n) => (/^[\d.]+$|:/.test(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
      writeFileSync(join(dir, `${name}.ext`), `subjectAltName=${san}\nextendedKeyUsage=serverAuth,clientAuth\n`);
      openssl(['req', ...EC, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${names[0] ?? name}`], dir);
      openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', String(serial++), '-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.ext`], dir);
      const certFile = join(dir, `${name}.pem`);
      const keyFile = join(dir, `${name}.key`);
      return { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8'), certFile, keyFile };
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
