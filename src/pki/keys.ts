import { createPrivateKey, createPublicKey, generateKeyPair, sign, type KeyObject } from 'node:crypto';
import { usageError } from '../errors.js';

/** The key algorithms `--key` accepts (design.md). `ec-p256` is the default. */
export const KEY_ALGORITHMS = ['ec-p256', 'ec-p384', 'ed25519', 'rsa-2048', 'rsa-3072', 'rsa-4096'] as const;
export type KeyAlgorithm = (typeof KEY_ALGORITHMS)[number];
export const DEFAULT_KEY_ALGORITHM: KeyAlgorithm = 'ec-p256';

export function parseKeyAlgorithm(value: string, source = '--key'): KeyAlgorithm {
  const normalized = value.trim().toLowerCase();
  if ((KEY_ALGORITHMS as readonly string[]).includes(normalized)) return normalized as KeyAlgorithm;
  throw usageError(`invalid value '${value}' for ${source}; options are ${KEY_ALGORITHMS.join(', ')}`, value);
}

/**
 * Generates a key with Node's native OpenSSL, already encoded. The async form runs generation and
 * encoding on libuv's thread pool, so many keys (RSA especially) are generated in parallel.
 */
export interface EncodedKey {
  algorithm: KeyAlgorithm;
  isRsa: boolean;
  spkiDer: Buffer;
  /** Unencrypted PKCS#8 PEM, as written to NAME.key. */
  pkcs8Pem: string;
}

export async function generateEncodedKey(algorithm: KeyAlgorithm): Promise<EncodedKey> {
  const encoding = { publicKeyEncoding: { type: 'spki', format: 'der' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } } as const;
  const isRsa = algorithm.startsWith('rsa-');
  const [spki, pem] = await new Promise<[Buffer, string]>((resolve, reject) => {
    const done = (error: Error | null, publicKey: Buffer, privateKey: string) => (error ? reject(error) : resolve([publicKey, privateKey]));
    if (isRsa) generateKeyPair('rsa', { modulusLength: Number(algorithm.slice(4)), publicExponent: 0x10001, ...encoding }, done);
    else if (algorithm === 'ed25519') generateKeyPair('ed25519', encoding, done);
    else generateKeyPair('ec', { namedCurve: algorithm === 'ec-p384' ? 'P-384' : 'P-256', ...encoding }, done);
  });
  return { algorithm, isRsa, spkiDer: spki, pkcs8Pem: pem };
}

/** The same key as a KeyObject, for keys that sign (CA keys). */
export async function generateKey(algorithm: KeyAlgorithm): Promise<KeyObject> {
  return createPrivateKey((await generateEncodedKey(algorithm)).pkcs8Pem);
}

/** The DER inside a single-block PEM. */
export const pemBody = (pem: string): Buffer => Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');

/** The algorithm name for a key, or null when it is not one mtlskit issues (e.g. an external P-521 CSR key). */
export function keyAlgorithmOf(key: KeyObject): KeyAlgorithm | null {
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'ec':
      return details.namedCurve === 'prime256v1' ? 'ec-p256' : details.namedCurve === 'secp384r1' ? 'ec-p384' : null;
    case 'ed25519':
      return 'ed25519';
    case 'rsa': {
      const name = `rsa-${details.modulusLength}`;
      return (KEY_ALGORITHMS as readonly string[]).includes(name) ? (name as KeyAlgorithm) : null;
    }
    default:
      return null;
  }
}

/** Whether keyEncipherment makes sense: only RSA keys encrypt a premaster secret (RFC 5246 §7.4.7.1). */
export const isRsaKey = (key: KeyObject) => key.asymmetricKeyType === 'rsa';

export interface SignatureScheme {
  /** AlgorithmIdentifier OID written into the certificate. */
  oid: string;
  /** Whether the AlgorithmIdentifier carries an explicit NULL parameter (RSA PKCS#1 v1.5 does, RFC 4055 §5). */
  nullParameters: boolean;
  /** Digest for crypto.sign; null for EdDSA, which hashes internally. */
  hash: 'sha256' | 'sha384' | null;
  name: string;
}

/**
 * The signature a CA key makes. RFC 5758 §3.2: ECDSA pairs the digest with the curve size,
 * so P-384 keys sign with SHA-384; RFC 8410 §3 for Ed25519 (no parameters).
 */
export function signatureSchemeFor(signer: KeyObject): SignatureScheme {
  switch (signer.asymmetricKeyType) {
    case 'rsa':
      return { oid: '1.2.840.113549.1.1.11', nullParameters: true, hash: 'sha256', name: 'sha256WithRSAEncryption' };
    case 'ec':
      return signer.asymmetricKeyDetails?.namedCurve === 'secp384r1'
        ? { oid: '1.2.840.10045.4.3.3', nullParameters: false, hash: 'sha384', name: 'ecdsa-with-SHA384' }
        : { oid: '1.2.840.10045.4.3.2', nullParameters: false, hash: 'sha256', name: 'ecdsa-with-SHA256' };
    case 'ed25519':
      return { oid: '1.3.101.112', nullParameters: false, hash: null, name: 'Ed25519' };
    default:
      throw usageError(`a ${signer.asymmetricKeyType} CA key cannot sign certificates here; use one of ${KEY_ALGORITHMS.join(', ')}`);
  }
}

/** Signs on the thread pool (the callback form of crypto.sign), so a batch of certificates signs in parallel. */
export function signData(signer: KeyObject, scheme: SignatureScheme, data: Buffer): Promise<Buffer> {
  // ECDSA signatures are a DER Ecdsa-Sig-Value in X.509 (RFC 3279 §2.2.3), which is Node's default encoding.
  return new Promise((resolve, reject) => sign(scheme.hash, data, signer, (error, signature) => (error ? reject(error) : resolve(signature))));
}

export const spkiDer = (key: KeyObject): Buffer =>
  (key.type === 'private' ? createPublicKey(key) : key).export({ type: 'spki', format: 'der' });

/** PEM PKCS#8; encrypted with AES-256-CBC (PBES2) when a passphrase is given. */
export function privateKeyPem(key: KeyObject, passphrase?: string): string {
  return passphrase === undefined
    ? (key.export({ type: 'pkcs8', format: 'pem' }) as string)
    : (key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }) as string);
}


export function publicKeysEqual(a: KeyObject, b: KeyObject): boolean {
  return spkiDer(a).equals(spkiDer(b));
}
