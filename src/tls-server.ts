// WEB_CONFIG_FILE's tls_server_config served: node:https with the certificate, key and client CAs the file names,
// checked when read and read again when they change on disk, and the client certificate policies OpenSSL does not
// enforce alone. Loaded by ./web-config.ts only when the file asks for TLS.
import { readFileSync, statSync } from 'node:fs';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import type { RequestListener } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createSecureContext, type SecureContextOptions, type TLSSocket } from 'node:tls';
import { ConfigError } from './config.js';
import type { Logger } from './log.js';
import { failure, reason, type ReadFile, type TlsFiles, type TlsServerConfig } from './web-config.js';

function readTlsFile(file: string, field: string, path: string, readFile: ReadFile): Buffer {
  try {
    return readFile(path);
  } catch (error) {
    throw failure(file, `tls_server_config.${field}`, `cannot read ${JSON.stringify(path)} (${reason(error)})`);
  }
}

/** Reads the certificate, key and client CAs `tls` names and checks that they make a TLS server. */
export function readTlsFiles(file: string, tls: TlsServerConfig, readFile: ReadFile = readFileSync): TlsFiles {
  // Taken before reading: a change while reading shows at the next look.
  const stamp = stampOf(tls);
  const cert = readTlsFile(file, 'cert_file', tls.certFile, readFile);
  const key = readTlsFile(file, 'key_file', tls.keyFile, readFile);
  const ca = tls.clientCaFile === undefined ? undefined : readTlsFile(file, 'client_ca_file', tls.clientCaFile, readFile);
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(cert);
  } catch {
    throw failure(file, 'tls_server_config.cert_file', `${JSON.stringify(tls.certFile)} holds no PEM certificate`);
  }
  let privateKey;
  try {
    privateKey = createPrivateKey(key);
  } catch {
    throw failure(file, 'tls_server_config.key_file', `${JSON.stringify(tls.keyFile)} holds no PEM private key (an encrypted key is not supported)`);
  }
  if (!certificate.checkPrivateKey(privateKey)) {
    throw failure(file, 'tls_server_config.key_file', `${JSON.stringify(tls.keyFile)} is not the key of the certificate in cert_file`);
  }
  if (ca !== undefined) {
    const blocks = ca.toString('latin1').match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? [];
    try {
      if (blocks.length === 0) throw new Error('none');
      for (const block of blocks) new X509Certificate(block);
    } catch {
      throw failure(file, 'tls_server_config.client_ca_file', `${JSON.stringify(tls.clientCaFile)} holds no valid PEM certificate`);
    }
  }
  const options: SecureContextOptions = { cert, key, ...(ca === undefined ? {} : { ca }), minVersion: tls.minVersion, maxVersion: tls.maxVersion };
  try {
    createSecureContext(options);
  } catch (error) {
    throw failure(file, 'tls_server_config', `OpenSSL refuses the files (${reason(error)})`);
  }
  return { options, serialNumber: certificate.serialNumber, validTo: certificate.validTo, stamp };
}

/** node:tls server options for the client authentication policy. */
export function clientAuthOptions(tls: TlsServerConfig): { readonly requestCert: boolean; readonly rejectUnauthorized: boolean } {
  return { requestCert: tls.clientAuthType !== 'NoClientCert', rejectUnauthorized: tls.clientAuthType === 'RequireAndVerifyClientCert' };
}

/**
 * Why a connection must be dropped after its handshake under the policies OpenSSL cannot enforce alone (a certificate
 * required but not verified; a certificate verified only if given); undefined to keep it.
 */
export function refusedClient(tls: TlsServerConfig, socket: TLSSocket): string | undefined {
  const given = Object.keys(socket.getPeerCertificate()).length > 0;
  if (tls.clientAuthType === 'RequireAnyClientCert' && !given) return 'no client certificate';
  if (tls.clientAuthType === 'VerifyClientCertIfGiven' && given && !socket.authorized) return 'client certificate not verified';
  return undefined;
}

/** The outcome of a look at the TLS files: the files re-read after a change, or why the changed files were refused. */
export type TlsReload = { readonly loaded: TlsFiles } | { readonly failed: ConfigError };

/**
 * The TLS files as last loaded, re-read when one of them changes on disk (a rotation: a Kubernetes Secret's atomic
 * symlink swap, cert-manager, a renewal script). A changed set that does not make a TLS server is reported once and the
 * files in use are kept, until the set changes again.
 */
export class TlsFilesWatch {
  private seen: string;

  /** `loaded`: the files as read at start. */
  constructor(
    private readonly file: string,
    private readonly tls: TlsServerConfig,
    loaded: TlsFiles,
    private readonly readFile: ReadFile = readFileSync,
  ) {
    this.seen = loaded.stamp;
  }

  /** Looks at the files (a few stat calls); undefined when nothing changed since the last look. */
  check(): TlsReload | undefined {
    const stamp = stampOf(this.tls);
    if (stamp === this.seen) return undefined;
    this.seen = stamp;
    try {
      const loaded = readTlsFiles(this.file, this.tls, this.readFile);
      this.seen = loaded.stamp;
      return { loaded };
    } catch (error) {
      return { failed: error instanceof ConfigError ? error : failure(this.file, 'tls_server_config', reason(error)) };
    }
  }
}

/** Inode, size and times of each TLS file, through symlinks; a missing file counts as a state too. */
function stampOf(tls: TlsServerConfig): string {
  return [tls.certFile, tls.keyFile, tls.clientCaFile].map((path) => {
    if (path === undefined) return '';
    try {
      const s = statSync(path);
      return `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;
    } catch (error) {
      return `missing:${(error as { code?: string }).code ?? ''}`;
    }
  }).join('|');
}

/**
 * node:https with the TLS files, which are looked at on every new connection and re-read when they changed; a changed
 * set that does not make a TLS server is logged once and the files in use are kept.
 */
export function httpsServer(file: string, tls: TlsServerConfig, files: TlsFiles, logger: Logger, listener: RequestListener): HttpsServer {
  const server = createHttpsServer({ ...files.options, ...clientAuthOptions(tls) }, listener);
  const watch = new TlsFilesWatch(file, tls, files);
  // Prepended: node:tls wraps the connection in its own 'connection' listener, with the context set at that moment.
  server.prependListener('connection', () => {
    const reload = watch.check();
    if (reload === undefined) return;
    const problem = 'loaded' in reload ? renew(server, reload.loaded.options) : reload.failed.message;
    if (problem !== undefined) logger.warn(`TLS files changed but cannot be used, keeping the certificate in use: ${problem}`);
    else if ('loaded' in reload) logger.info({ serialNumber: reload.loaded.serialNumber, validTo: reload.loaded.validTo }, 'TLS files changed: serving the new certificate');
  });
  // The policies OpenSSL does not enforce alone (see refusedClient): the connection closes before any request.
  server.prependListener('secureConnection', (socket) => {
    const refused = refusedClient(tls, socket);
    if (refused !== undefined) {
      logger.debug({ reason: refused }, 'TLS client refused');
      socket.destroy();
    }
  });
  server.on('tlsClientError', (error) => logger.debug({ code: (error as { code?: string }).code }, 'TLS handshake failed'));
  return server;
}

/** Swaps the server's certificate; why it could not, if it could not (the files were checked, so hardly ever). */
function renew(server: HttpsServer, options: SecureContextOptions): string | undefined {
  try {
    server.setSecureContext(options);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
