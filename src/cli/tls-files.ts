/**
 * The files `serve` and `connect` hand to Node's TLS: a certificate (with its chain), its private
 * key and trust anchors. Every problem is found here, before a socket opens, and named with the
 * file and the fix (exit 3): a key that does not belong to the certificate, an encrypted key
 * without its password, a CA file holding no certificate.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { inputError, usageError } from '../errors.js';
import type { Certificate } from '../x509/certificate.js';
import { orderChains } from '../x509/chain.js';
import { readInput, readInputFile } from './inputs.js';
import type { Io } from './io.js';
import { readSecretFile } from './options.js';

export interface TlsIdentity {
  /** Leaf first, then the intermediates to present. */
  chain: Certificate[];
  key: KeyObject;
}

/** A certificate file and a key file as given, whether or not they belong together. */
export interface LoadedPair extends TlsIdentity {
  /** Whether the key belongs to chain[0] (else chain[0] is simply the first certificate). */
  keyMatches: boolean;
}

/**
 * --cert (a leaf, or a leaf with its intermediates), --key and optional --chain. The certificate
 * whose public key matches the key is the leaf, wherever it sits in the files.
 */
export async function loadPair(options: { cert?: unknown; key?: unknown; chain?: unknown; passwordFile?: unknown }, io: Io): Promise<LoadedPair> {
  if (typeof options.cert !== 'string') throw usageError('--cert FILE is required (the certificate to present, e.g. .mtlskit/certs/api.crt)');
  if (typeof options.key !== 'string') throw usageError(`--key FILE is required with --cert (the private key of ${options.cert})`);
  const key = loadPrivateKey(options.key, options.passwordFile, io);
  const certs = (await readInput(options.cert, {}, io)).decoded.certificates;
  if (certs.length === 0) throw inputError(`${options.cert} holds no certificate; give the PEM certificate file (NAME.crt or NAME-chain.crt)`, { subject: options.cert, causeId: 'key-load-failed' });
  const extra = typeof options.chain === 'string' ? (await readInput(options.chain, {}, io)).decoded.certificates : [];
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  const leaf = certs.find((cert) => cert.spki.equals(spki));
  const first = leaf ?? certs[0]!;
  const chain = orderChains([first, ...certs, ...extra]).find((c) => c[0] === first) ?? [first];
  return { chain, key, keyMatches: leaf !== undefined };
}

/** loadPair, refusing a key that does not belong to the certificate (exit 3). */
export async function loadIdentity(options: { cert?: unknown; key?: unknown; chain?: unknown; passwordFile?: unknown }, io: Io): Promise<TlsIdentity> {
  const pair = await loadPair(options, io);
  if (!pair.keyMatches) {
    throw inputError(`${String(options.key)} is not the private key of ${String(options.cert)} (their public keys differ); give the key file written with that certificate`, {
      subject: String(options.key),
      causeId: 'key-mismatch',
    });
  }
  return { chain: pair.chain, key: pair.key };
}

/** Trust anchors from --ca files (each may hold many certificates). */
export async function loadAnchors(files: readonly string[], io: Io): Promise<Certificate[]> {
  const anchors: Certificate[] = [];
  for (const file of files) {
    const certs = (await readInput(file, {}, io)).decoded.certificates;
    if (certs.length === 0) throw inputError(`${file} (given to --ca) holds no certificate; give the CA certificate file, e.g. .mtlskit/ca.crt`, { subject: file });
    anchors.push(...certs);
  }
  return anchors;
}

function loadPrivateKey(file: string, passwordFile: unknown, io: Io): KeyObject {
  const bytes = readInputFile(file, io);
  const passphrase = typeof passwordFile === 'string' ? readSecretFile(passwordFile, '--password-file') : io.env.MTLSKIT_KEY_PASSPHRASE || undefined;
  const pem = bytes.includes('-----BEGIN');
  try {
    return pem ? createPrivateKey({ key: bytes, passphrase }) : createPrivateKey({ key: bytes, format: 'der', type: 'pkcs8', passphrase });
  } catch (error) {
    // Without a passphrase OpenSSL reports an encrypted key as "interrupted or cancelled" (its prompt was refused).
    const encrypted = /ENCRYPTED/.test(bytes.subarray(0, 64).toString('latin1')) || /passphrase|bad decrypt|interrupted or cancelled/i.test((error as Error).message);
    if (encrypted) {
      throw inputError(
        passphrase === undefined
          ? `${file} is an encrypted private key; pass --password-file FILE or set MTLSKIT_KEY_PASSPHRASE`
          : `cannot decrypt ${file} with the given password; check --password-file or MTLSKIT_KEY_PASSPHRASE`,
        { subject: file, causeId: 'key-load-failed', cause: error },
      );
    }
    throw inputError(`${file} is not a private key Node can read (PEM or DER PKCS#8/PKCS#1/SEC1 expected)`, { subject: file, causeId: 'key-load-failed', cause: error });
  }
}

/** --min-tls / --max-tls: '1.2' or '1.3' (also 'TLSv1.2'). */
export function parseTlsVersion(value: unknown, flag: string): 'TLSv1.2' | 'TLSv1.3' | undefined {
  if (value === undefined) return undefined;
  const text = String(value).replace(/^tls(v)?/i, '');
  if (text === '1.2') return 'TLSv1.2';
  if (text === '1.3') return 'TLSv1.3';
  throw usageError(`invalid value '${String(value)}' for ${flag}; expected 1.2 or 1.3`, String(value));
}

export function checkVersionRange(min: string | undefined, max: string | undefined): void {
  if (min && max && min > max) throw usageError(`--min-tls ${min.slice(4)} is above --max-tls ${max.slice(4)}; no TLS version would remain`);
}
