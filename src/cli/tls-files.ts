/**
 * The files `serve` and `connect` hand to Node's TLS: a certificate (with its chain), its private
 * key and trust anchors. Every problem is found here, before a socket opens, and named with the
 * file and the fix (exit 3): a key that does not belong to the certificate, an encrypted key
 * without its password, a CA file holding no certificate. --cert may also be a PKCS#12 file
 * (.p12/.pfx, as curl's --cert-type P12 and Java keystores take): its key and chain come with it.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { inputError, usageError } from '../errors.js';
import { parseCertificate, type Certificate } from '../x509/certificate.js';
import { orderChains } from '../x509/chain.js';
import { DecodeError } from '../x509/decode-error.js';
import { looksLikePkcs12, readPkcs12 } from '../x509/pkcs12-reader.js';
import { decodeLocalInput, openWithPassword, readInput, readInputFile, readLocalInput } from './inputs.js';
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
  /** Where the key came from, for messages: the --key file, or 'the key in X.p12' when --cert brought it. */
  keySource: string;
}

export interface PairFiles {
  cert?: unknown;
  key?: unknown;
  chain?: unknown;
  passwordFile?: unknown;
}

/** The flags that named cert and key, for messages (diagnose --local also reads --server-cert/--server-key). */
export interface PairFlags {
  cert: string;
  key: string;
}

const CERT_FLAGS: PairFlags = { cert: '--cert', key: '--key' };

/**
 * --cert (a leaf, or a leaf with its intermediates, or a PKCS#12 file), --key (optional with a
 * PKCS#12 file holding the key; when given, it wins) and optional --chain. The certificate whose
 * public key matches the key is the leaf, wherever it sits in the files.
 */
export async function loadPair(options: PairFiles, io: Io, flags: PairFlags = CERT_FLAGS): Promise<LoadedPair> {
  if (typeof options.cert !== 'string') throw usageError(`${flags.cert} FILE is required (the certificate to present, e.g. .mtlskit/certs/api.crt)`);
  const certFile = options.cert;
  const { certs, pkcs12Keys } = await readCertificateFile(certFile, options.passwordFile, io);
  if (certs.length === 0) {
    const fix = pkcs12Keys ? 'export it again with its certificate (openssl pkcs12 -export -in NAME.crt -inkey NAME.key)' : 'give the PEM certificate file (NAME.crt or NAME-chain.crt)';
    throw inputError(`${certFile} holds no certificate; ${fix}`, { subject: certFile, causeId: 'key-load-failed' });
  }
  let key: KeyObject;
  let keySource: string;
  if (typeof options.key === 'string') {
    key = loadPrivateKey(options.key, options.passwordFile, io);
    keySource = options.key;
  } else if (pkcs12Keys === null) {
    throw usageError(`${flags.key} FILE is required with ${flags.cert} (the private key of ${certFile}; a PKCS#12 ${flags.cert} may bring its own)`);
  } else if (pkcs12Keys.length === 0) {
    throw usageError(`${certFile} holds no private key; give ${flags.key} FILE`, certFile);
  } else {
    key = pkcs12Key(certFile, pkcs12Keys, certs);
    keySource = `the key in ${certFile}`;
  }
  const extra = typeof options.chain === 'string' ? (await readInput(options.chain, {}, io)).decoded.certificates : [];
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  const leaf = certs.find((cert) => cert.spki.equals(spki));
  const first = leaf ?? certs[0]!;
  const chain = orderChains([first, ...certs, ...extra]).find((c) => c[0] === first) ?? [first];
  return { chain, key, keyMatches: leaf !== undefined, keySource };
}

/** loadPair, refusing a key that does not belong to the certificate (exit 3). */
export async function loadIdentity(options: PairFiles, io: Io): Promise<TlsIdentity> {
  const pair = await loadPair(options, io);
  if (!pair.keyMatches) {
    const cert = String(options.cert);
    const message =
      typeof options.key === 'string'
        ? `${options.key} is not the private key of ${cert} (their public keys differ); give the key file written with that certificate`
        : `the private key in ${cert} belongs to none of its certificates; export it again with the certificate's own key (openssl pkcs12 -export -in NAME.crt -inkey NAME.key)`;
    throw inputError(message, { subject: typeof options.key === 'string' ? options.key : cert, causeId: 'key-mismatch' });
  }
  return { chain: pair.chain, key: pair.key };
}

/**
 * What --cert holds: its certificates and, when it is a PKCS#12 file, the private keys in it as
 * PKCS#8 DER (null for any other file: its keys are not --cert's business). PKCS#12 is recognised
 * by content; its password comes as for `inspect` (--password-file, $MTLSKIT_P12_PASSWORD, a prompt).
 */
async function readCertificateFile(file: string, passwordFile: unknown, io: Io): Promise<{ certs: Certificate[]; pkcs12Keys: Buffer[] | null }> {
  const local = readLocalInput(file, io);
  if (local && looksLikePkcs12(local.bytes)) {
    return openWithPassword(
      local.name,
      (password) => {
        const contents = readPkcs12(local.bytes, password);
        return { certs: contents.certificates.map((bag, i) => pkcs12Certificate(bag.der, i + 1)), pkcs12Keys: contents.keys.map((bag) => bag.der) };
      },
      { passwordFile },
      io,
    );
  }
  const read = local ? await decodeLocalInput(local, {}, io) : await readInput(file, {}, io);
  return { certs: read.decoded.certificates, pkcs12Keys: null };
}

/** A certificate bag's X.509 certificate; damage of any kind is a DecodeError (as decode() guarantees for other inputs). */
function pkcs12Certificate(der: Buffer, index: number): Certificate {
  try {
    return parseCertificate(der);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new DecodeError(error instanceof DecodeError ? error.reason : 'malformed', `PKCS#12 certificate #${index}: ${why}`);
  }
}

/** The key of a PKCS#12 file: the one that belongs to one of its certificates, else the first (to be reported as a mismatch). */
function pkcs12Key(file: string, ders: readonly Buffer[], certs: readonly Certificate[]): KeyObject {
  const keys = ders.map((der) => {
    try {
      return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    } catch (error) {
      throw inputError(`${file} holds a private key Node cannot read (${(error as Error).message}); export it again`, { subject: file, causeId: 'key-load-failed', cause: error });
    }
  });
  const belongs = (key: KeyObject) => {
    const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
    return certs.some((cert) => cert.spki.equals(spki));
  };
  return keys.find(belongs) ?? keys[0]!;
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
