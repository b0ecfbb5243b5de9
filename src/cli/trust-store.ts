import { existsSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { decode } from '../x509/decode.js';
import type { Certificate } from '../x509/certificate.js';
import type { Io } from './io.js';
import { readInputFile } from './inputs.js';

const SYSTEM_BUNDLES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/cert.pem'];

/**
 * The roots `--system` trusts: $SSL_CERT_FILE, else the distribution's bundle (what `openssl
 * verify` and curl use), else the Mozilla roots compiled into Node.
 */
export async function systemRoots(io: Io): Promise<{ source: string; certificates: Certificate[] }> {
  const file = io.env.SSL_CERT_FILE || SYSTEM_BUNDLES.find((path) => existsSync(path));
  if (file) return { source: file, certificates: (await decode(readInputFile(file, io))).certificates };
  return { source: "Node's built-in roots", certificates: (await decode(Buffer.from(rootCertificates.join('\n')))).certificates };
}
