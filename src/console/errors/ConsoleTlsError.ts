// The console's TLS certificate was refused: not signed by a known CA, expired, or issued for another name.
import { redact } from '../../redact.js';
import { ConsoleError, type ConsoleErrorOptions } from './ConsoleError.js';

// Node's codes for a certificate nobody vouches for; the others (expired, wrong name) say so themselves.
const UNKNOWN_ISSUER = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_UNTRUSTED', 'CERT_SIGNATURE_FAILURE',
]);

export class ConsoleTlsError extends ConsoleError {
  readonly kind = 'tls' as const;
  /** What the TLS layer said, e.g. `SELF_SIGNED_CERT_IN_CHAIN: self-signed certificate in certificate chain`; redacted. */
  readonly detail: string;

  constructor(endpoint: string, readonly code: string, detail: string, options?: ConsoleErrorOptions) {
    super(endpoint, `the RocketMQ console's TLS certificate was refused for ${endpoint} (${detail}): ${advice(code)}`, options);
    this.detail = redact(detail, options?.secrets);
  }
}

/** Whether `code` (an error's code) is a refused certificate. */
export function isCertificateError(code: string): boolean {
  return UNKNOWN_ISSUER.has(code) || code.startsWith('CERT_') || code === 'ERR_TLS_CERT_ALTNAME_INVALID';
}

function advice(code: string): string {
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return 'the certificate does not name the host of ROCKETMQ_CONSOLE_URL: use a name it was issued for';
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') return 'the certificate is out of its validity period: renew it on the console (or check this machine\'s clock)';
  return 'set ROCKETMQ_CONSOLE_CA_FILE to the CA certificate (PEM) that signed it; ROCKETMQ_CONSOLE_TLS_INSECURE_SKIP_VERIFY=true accepts any certificate, for a test only';
}
