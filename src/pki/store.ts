import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inputError } from '../errors.js';
import { subjectNameDer } from './certificate.js';
import { keyIdentifier } from './extensions.js';
import { publicKeysEqual, spkiDer } from './keys.js';

/** Where a CA store keeps its files (design.md: ca.crt, ca.key, intermediate.*, issuance log). */
export interface StorePaths {
  dir: string;
  rootCert: string;
  rootKey: string;
  intermediateCert: string;
  intermediateKey: string;
  /** Append-only JSON lines, one per issued certificate. */
  log: string;
  lock: string;
  /** Default output folder for `cert create`. */
  certs: string;
}

export function storePaths(dir: string): StorePaths {
  const abs = resolve(dir);
  return {
    dir: abs,
    rootCert: join(abs, 'ca.crt'),
    rootKey: join(abs, 'ca.key'),
    intermediateCert: join(abs, 'intermediate.crt'),
    intermediateKey: join(abs, 'intermediate.key'),
    log: join(abs, 'issuance.log'),
    lock: join(abs, '.lock'),
    certs: join(abs, 'certs'),
  };
}

/** A CA certificate with its key, ready to sign. */
export interface SigningCa {
  der: Buffer;
  x509: X509Certificate;
  key: KeyObject;
  /** Its subjectKeyIdentifier, which becomes the authorityKeyIdentifier of what it signs. */
  keyId: Buffer;
  subjectDer: Buffer;
  certPath: string;
}

export interface LoadedStore {
  paths: StorePaths;
  root: SigningCa;
  intermediate: SigningCa | null;
  /** Signs leaves: the intermediate when there is one (design.md). */
  issuer: SigningCa;
}

export const hasCa = (paths: StorePaths) => existsSync(paths.rootCert) || existsSync(paths.rootKey);

/** Loads and cross-checks the CA store; every failure is an input error (exit 3) naming the file. */
export function loadStore(dir: string, passphrase: string | undefined): LoadedStore {
  const paths = storePaths(dir);
  if (!existsSync(paths.dir) || !statSync(paths.dir).isDirectory()) {
    throw inputError(`no CA store at ${paths.dir}; create one with: mtlskit ca create --dir ${dir}`, { subject: paths.dir, causeId: 'key-load-failed' });
  }
  if (!existsSync(paths.rootCert)) {
    throw inputError(`${paths.rootCert} is missing, so ${paths.dir} holds no CA; create one with: mtlskit ca create --dir ${dir}`, { subject: paths.rootCert });
  }
  const root = loadSigningCa(paths.rootCert, paths.rootKey, passphrase);
  const intermediate = existsSync(paths.intermediateCert)
    ? loadSigningCa(paths.intermediateCert, paths.intermediateKey, passphrase)
    : null;
  return { paths, root, intermediate, issuer: intermediate ?? root };
}

export function readCertificateFile(path: string): { der: Buffer; x509: X509Certificate } {
  let text: Buffer;
  try {
    text = readFileSync(path);
  } catch (error) {
    throw inputError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code}; check the path and its permissions`, { subject: path, cause: error });
  }
  try {
    const x509 = new X509Certificate(text);
    return { der: x509.raw, x509 };
  } catch (error) {
    throw inputError(`${path} is not a PEM or DER certificate (${(error as Error).message}); restore it from a backup or re-create the CA with --force`, { subject: path, causeId: 'key-load-failed' });
  }
}

export function readPrivateKeyFile(path: string, passphrase: string | undefined): KeyObject {
  let text: Buffer;
  try {
    text = readFileSync(path);
  } catch (error) {
    throw inputError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code}; check the path and its permissions`, { subject: path, causeId: 'key-load-failed', cause: error });
  }
  const encrypted = text.includes('ENCRYPTED PRIVATE KEY') || text.includes('Proc-Type: 4,ENCRYPTED');
  if (encrypted && passphrase === undefined) {
    throw inputError(`${path} is encrypted; give its passphrase with --passphrase-file FILE or the MTLSKIT_CA_PASSPHRASE variable`, { subject: path, causeId: 'key-load-failed' });
  }
  try {
    const key = createPrivateKey(encrypted ? { key: text, passphrase } : { key: text });
    // A damaged EC key can load and then abort the process when its details are read (Node 20
    // asserts on it); exporting it first turns that into an ordinary error here.
    key.export({ type: 'pkcs8', format: 'der' });
    return key;
  } catch (error) {
    const reason = encrypted ? 'the passphrase is wrong (or the file is damaged)' : 'it is not a readable PEM private key';
    throw inputError(`cannot load ${path}: ${reason}`, { subject: path, causeId: 'key-load-failed', cause: error });
  }
}

function loadSigningCa(certPath: string, keyPath: string, passphrase: string | undefined): SigningCa {
  const { der, x509 } = readCertificateFile(certPath);
  if (!existsSync(keyPath)) {
    throw inputError(`${keyPath} is missing; a CA cannot sign without its key (re-create it with: mtlskit ca create --force)`, { subject: keyPath, causeId: 'key-load-failed' });
  }
  const key = readPrivateKeyFile(keyPath, passphrase);
  if (!publicKeysEqual(key, x509.publicKey)) {
    throw inputError(`${keyPath} does not belong to ${certPath} (their public keys differ); put the matching key back or re-create the CA with --force`, { subject: keyPath, causeId: 'key-mismatch' });
  }
  return { der, x509, key, keyId: keyIdentifier(spkiDer(x509.publicKey)), subjectDer: subjectNameDer(der), certPath };
}
