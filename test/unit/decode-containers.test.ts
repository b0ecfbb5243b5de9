/**
 * One decoder for every container, detected by content and never by file name: the same chain of
 * three certificates (and their keys), each file written by the openssl CLI, decodes to the same
 * certificates (by fingerprint) and the same keys, whatever the wrapping.
 */
import { execFile } from 'node:child_process';
import { createPublicKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicKeyInfo } from '../../src/x509/certificate.js';
import { decode, type Decoded, type DecodedKey } from '../../src/x509/decode.js';
import { DecodeError, type DecodeFailure } from '../../src/x509/decode-error.js';

const run = promisify(execFile);
const PASSWORD = 'correct horse ✓';

let dir: string;
const file = (name: string) => join(dir, name);
const read = (name: string) => readFileSync(file(name));
const text = (name: string) => readFileSync(file(name), 'utf8');

async function openssl(...args: string[]): Promise<void> {
  await run('openssl', args, { maxBuffer: 16 << 20 });
}

/** Fingerprints as Node computes them from the files openssl wrote, leaf first. */
let chainFingerprints: string[];
let leaf2Fingerprint: string;
/** SubjectPublicKeyInfo of each certificate's key, as Node exports it from the certificate. */
const spkiOf: Record<string, Buffer> = {};

const KEYS: Record<string, PublicKeyInfo> = {
  root: { type: 'ec', bits: 521, curve: 'P-521' },
  intermediate: { type: 'ed448' },
  leaf: { type: 'rsa', bits: 2048 },
  leaf2: { type: 'ed25519' },
};

const CONFIG = `
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = unused
[ v3_ca ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ v3_leaf ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:api.example.com, IP:10.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mtlskit-decode-containers-'));
  const cnf = file('openssl.cnf');
  writeFileSync(cnf, CONFIG);
  await Promise.all([
    openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-521', '-out', file('root.key')),
    openssl('genpkey', '-algorithm', 'ED448', '-out', file('intermediate.key')),
    openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', file('leaf.key')),
    openssl('genpkey', '-algorithm', 'ED25519', '-out', file('leaf2.key')),
  ]);
  await openssl('req', '-x509', '-new', '-key', file('root.key'), '-subj', '/O=Acme/CN=Containers Root', '-days', '30', '-config', cnf, '-extensions', 'v3_ca', '-out', file('root.pem'));
  const issue = async (name: string, cn: string, ca: string, extensions: string) => {
    await openssl('req', '-new', '-key', file(`${name}.key`), '-subj', `/O=Acme/CN=${cn}`, '-config', cnf, '-out', file(`${name}.csr`));
    await openssl('x509', '-req', '-in', file(`${name}.csr`), '-CA', file(`${ca}.pem`), '-CAkey', file(`${ca}.key`), '-set_serial', String(100 + cn.length), '-days', '20', '-extfile', cnf, '-extensions', extensions, '-out', file(`${name}.pem`));
  };
  await issue('intermediate', 'Containers Intermediate', 'root', 'v3_ca');
  await Promise.all([issue('leaf', 'api.example.com', 'intermediate', 'v3_leaf'), issue('leaf2', 'ed.example.com', 'intermediate', 'v3_leaf')]);
  writeFileSync(file('chain.pem'), ['leaf', 'intermediate', 'root'].map((n) => text(`${n}.pem`)).join(''));
  writeFileSync(file('cas.pem'), ['intermediate', 'root'].map((n) => text(`${n}.pem`)).join(''));

  chainFingerprints = ['leaf', 'intermediate', 'root'].map((n) => new X509Certificate(read(`${n}.pem`)).fingerprint256);
  leaf2Fingerprint = new X509Certificate(read('leaf2.pem')).fingerprint256;
  for (const name of Object.keys(KEYS)) spkiOf[name] = new X509Certificate(read(`${name}.pem`)).publicKey.export({ type: 'spki', format: 'der' });

  const pw = `pass:${PASSWORD}`;
  await Promise.all([
    // Certificates
    ...['leaf', 'intermediate', 'root'].map((n) => openssl('x509', '-in', file(`${n}.pem`), '-outform', 'DER', '-out', file(`${n}.der`))),
    ...['leaf', 'intermediate', 'root'].map((n) => openssl('x509', '-in', file(`${n}.pem`), '-trustout', '-addtrust', 'serverAuth', '-addreject', 'emailProtection', '-out', file(`${n}.trusted.pem`))),
    openssl('crl2pkcs7', '-nocrl', '-certfile', file('chain.pem'), '-out', file('chain.p7b')),
    openssl('crl2pkcs7', '-nocrl', '-certfile', file('chain.pem'), '-outform', 'DER', '-out', file('chain.p7b.der')),
    openssl('pkcs12', '-export', '-inkey', file('leaf.key'), '-in', file('leaf.pem'), '-certfile', file('cas.pem'), '-name', 'api', '-passout', pw, '-out', file('modern.p12')),
    openssl('pkcs12', '-export', '-legacy', '-inkey', file('leaf.key'), '-in', file('leaf.pem'), '-certfile', file('cas.pem'), '-name', 'api', '-passout', pw, '-out', file('legacy.p12')),
    // CSRs
    openssl('req', '-new', '-key', file('leaf.key'), '-subj', '/C=US/O=Acme\\, Inc./CN=api.example.com', '-addext', 'subjectAltName=DNS:api.example.com,IP:10.0.0.1,IP:2001:db8::1,URI:spiffe://example.org/ns/a/sa/b,email:ops@example.com', '-config', cnf, '-out', file('request.csr')),
    openssl('req', '-new', '-key', file('leaf.key'), '-subj', '/C=US/O=Acme\\, Inc./CN=api.example.com', '-addext', 'subjectAltName=DNS:api.example.com,IP:10.0.0.1,IP:2001:db8::1,URI:spiffe://example.org/ns/a/sa/b,email:ops@example.com', '-config', cnf, '-outform', 'DER', '-out', file('request.csr.der')),
    openssl('req', '-new', '-key', file('leaf2.key'), '-subj', '/CN=ed.example.com', '-config', cnf, '-outform', 'DER', '-out', file('ed.csr.der')),
    // RSA private keys: PKCS#8 (genpkey's), PKCS#1, encrypted PKCS#8, legacy PEM encryption
    // (`openssl pkey -outform DER` would write PKCS#1 for RSA.)
    openssl('pkcs8', '-topk8', '-nocrypt', '-in', file('leaf.key'), '-outform', 'DER', '-out', file('leaf.pk8.der')),
    openssl('rsa', '-in', file('leaf.key'), '-traditional', '-out', file('leaf.pkcs1.pem')),
    openssl('rsa', '-in', file('leaf.key'), '-traditional', '-outform', 'DER', '-out', file('leaf.pkcs1.der')),
    openssl('pkcs8', '-topk8', '-v2', 'aes-256-cbc', '-in', file('leaf.key'), '-passout', pw, '-out', file('leaf.enc.pem')),
    openssl('pkcs8', '-topk8', '-v2', 'aes-256-cbc', '-in', file('leaf.key'), '-passout', pw, '-outform', 'DER', '-out', file('leaf.enc.der')),
    openssl('rsa', '-in', file('leaf.key'), '-aes256', '-traditional', '-passout', pw, '-out', file('leaf.legacy.pem')),
    // RSA public keys: SPKI and PKCS#1
    openssl('pkey', '-in', file('leaf.key'), '-pubout', '-out', file('leaf.pub.pem')),
    openssl('pkey', '-in', file('leaf.key'), '-pubout', '-outform', 'DER', '-out', file('leaf.pub.der')),
    openssl('rsa', '-in', file('leaf.key'), '-RSAPublicKey_out', '-out', file('leaf.rsapub.pem')),
    openssl('rsa', '-in', file('leaf.key'), '-RSAPublicKey_out', '-outform', 'DER', '-out', file('leaf.rsapub.der')),
    // EC (P-521): SEC1, PEM and DER, and encrypted legacy SEC1
    openssl('ec', '-in', file('root.key'), '-out', file('root.sec1.pem')),
    openssl('ec', '-in', file('root.key'), '-outform', 'DER', '-out', file('root.sec1.der')),
    openssl('ec', '-in', file('root.key'), '-aes256', '-passout', pw, '-out', file('root.sec1.enc.pem')),
    openssl('pkey', '-in', file('root.key'), '-pubout', '-outform', 'DER', '-out', file('root.pub.der')),
    openssl('ecparam', '-name', 'secp521r1', '-genkey', '-out', file('ecparam.pem')),
    // Edwards keys
    ...['intermediate', 'leaf2'].flatMap((n) => [
      openssl('pkcs8', '-topk8', '-nocrypt', '-in', file(`${n}.key`), '-outform', 'DER', '-out', file(`${n}.pk8.der`)),
      openssl('pkey', '-in', file(`${n}.key`), '-pubout', '-out', file(`${n}.pub.pem`)),
      openssl('pkcs8', '-topk8', '-v2', 'aes-256-cbc', '-in', file(`${n}.key`), '-passout', pw, '-out', file(`${n}.enc.pem`)),
    ]),
  ]);
  await Promise.all([
    openssl('base64', '-in', file('leaf.der'), '-out', file('leaf.b64')),
    openssl('base64', '-A', '-in', file('root.der'), '-out', file('root.b64')),
    openssl('base64', '-in', file('leaf.pk8.der'), '-out', file('leaf.pk8.b64')),
    openssl('base64', '-in', file('modern.p12'), '-out', file('modern.p12.b64')),
  ]);
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const fingerprints = (decoded: Decoded) => decoded.certificates.map((c) => c.fingerprintSha256);

/** A certificate-only input: the chain, leaf first, and nothing else. */
async function expectChain(data: Buffer, container: string, options: { password?: string } = {}): Promise<Decoded> {
  const decoded = await decode(data, options);
  expect(decoded.container).toBe(container);
  expect(fingerprints(decoded)).toEqual(chainFingerprints);
  expect(decoded.certificates.map((c) => c.publicKey)).toEqual([KEYS.leaf, KEYS.intermediate, KEYS.root]);
  expect(decoded.certificates.map((c) => c.spki)).toEqual([spkiOf.leaf, spkiOf.intermediate, spkiOf.root]);
  expect(decoded.certificates[0]!.subject.display).toBe('O=Acme, CN=api.example.com');
  expect(decoded.certificates[0]!.issuer.display).toBe('O=Acme, CN=Containers Intermediate');
  expect(decoded.certificates[0]!.extensions.subjectAltName!.map((n) => n.value)).toEqual(['api.example.com', '10.0.0.1']);
  return decoded;
}

/** One key and nothing else; `owner` names the certificate whose public key it must be. */
async function expectKey(data: Buffer, owner: keyof typeof KEYS, expected: Pick<DecodedKey, 'kind' | 'format' | 'encrypted'>, options: { password?: string } = {}): Promise<DecodedKey> {
  const decoded = await decode(data, options);
  expect(decoded.certificates).toEqual([]);
  expect(decoded.csrs).toEqual([]);
  expect(decoded.keys).toHaveLength(1);
  const key = decoded.keys[0]!;
  expect({ kind: key.kind, format: key.format, encrypted: key.encrypted }).toEqual(expected);
  expect(key.key).toEqual(KEYS[owner]);
  expect(key.spki, `${owner} key's spki equals its certificate's`).toEqual(spkiOf[owner]);
  return key;
}

async function expectFailure(data: Buffer, reason: DecodeFailure, options: { password?: string } = {}): Promise<void> {
  const error = await decode(data, options).then(
    () => null,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(DecodeError);
  expect((error as DecodeError).reason).toBe(reason);
}

const pem = (der: Buffer, label: string) => `-----BEGIN ${label}-----\n${der.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END ${label}-----\n`;

describe('certificates', () => {
  it('PEM with log text before, between and after the blocks', async () => {
    const [leaf, intermediate, root] = ['leaf', 'intermediate', 'root'].map((n) => text(`${n}.pem`));
    const data = `2026-11-23T10:00:00Z INFO fetched bundle from https://api.example.com:\n${leaf}\n  -- next --\n${intermediate}subject=CN = x\n${root}\nEOF (3 certificates)\n`;
    const decoded = await expectChain(Buffer.from(data), 'pem');
    expect(decoded.keys).toEqual([]);
    expect(decoded.notes).toEqual([]);
  });

  it('CRLF line endings', async () => {
    await expectChain(Buffer.from(text('chain.pem').replace(/\n/g, '\r\n')), 'pem');
  });

  it('a UTF-8 byte order mark', async () => {
    const data = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), read('chain.pem')]);
    await expectChain(data, 'pem');
    await expectChain(Buffer.from(`\ufeff${text('chain.pem').replace(/\n/g, '\r\n')}`), 'pem');
  });

  it('TRUSTED CERTIFICATE blocks (openssl x509 -trustout)', async () => {
    const data = ['leaf', 'intermediate', 'root'].map((n) => text(`${n}.trusted.pem`)).join('');
    expect(data).toContain('-----BEGIN TRUSTED CERTIFICATE-----');
    await expectChain(Buffer.from(data), 'pem');
  });

  it('DER, one certificate per file, with or without a trailing newline', async () => {
    for (const [i, name] of ['leaf', 'intermediate', 'root'].entries()) {
      for (const data of [read(`${name}.der`), Buffer.concat([read(`${name}.der`), Buffer.from('\n')])]) {
        const decoded = await decode(data);
        expect(decoded.container).toBe('der');
        expect(fingerprints(decoded)).toEqual([chainFingerprints[i]]);
        expect(decoded.certificates[0]!.publicKey).toEqual(KEYS[name]);
      }
    }
  });

  it('several DER certificates concatenated', async () => {
    await expectChain(Buffer.concat(['leaf', 'intermediate', 'root'].map((n) => read(`${n}.der`))), 'der');
  });

  it('PKCS#7, PEM and DER (openssl crl2pkcs7 -nocrl)', async () => {
    expect(text('chain.p7b')).toContain('-----BEGIN PKCS7-----');
    const fromPem = await expectChain(read('chain.p7b'), 'pem');
    expect(fromPem.notes).toEqual([]);
    await expectChain(read('chain.p7b.der'), 'pkcs7');
  });

  it('bare base64 DER without PEM lines, wrapped or on one line', async () => {
    const wrapped = await decode(read('leaf.b64'));
    expect(text('leaf.b64')).toContain('\n');
    expect(wrapped.container).toBe('base64');
    expect(fingerprints(wrapped)).toEqual([chainFingerprints[0]]);
    const oneLine = await decode(read('root.b64'));
    expect(oneLine.container).toBe('base64');
    expect(fingerprints(oneLine)).toEqual([chainFingerprints[2]]);
  });

  it('bare base64 of several concatenated DER certificates (`cat a.der b.der | base64`)', async () => {
    const der = Buffer.concat(['leaf', 'intermediate', 'root'].map((n) => read(`${n}.der`)));
    const decoded = await decode(Buffer.from(der.toString('base64').replace(/.{76}/g, '$&\n')));
    expect(decoded.container).toBe('base64');
    expect(fingerprints(decoded)).toEqual(chainFingerprints);
  });

  it('the file name does not matter: only buffers are decoded', async () => {
    // A DER certificate saved as x.pem, a PEM chain as x.der, a PKCS#12 as x.crt.
    writeFileSync(file('x.pem'), read('leaf.der'));
    writeFileSync(file('x.der'), read('chain.pem'));
    writeFileSync(file('x.crt'), read('modern.p12'));
    expect(fingerprints(await decode(read('x.pem')))).toEqual([chainFingerprints[0]]);
    await expectChain(read('x.der'), 'pem');
    const p12 = await decode(read('x.crt'), { password: PASSWORD });
    expect(p12.container).toBe('pkcs12');
    expect(new Set(fingerprints(p12))).toEqual(new Set(chainFingerprints));
  });

  it('skips blocks it does not read, and says so', async () => {
    const data = `${pem(read('leaf.der'), 'X509 CRL')}${text('leaf.pem')}${pem(Buffer.from('hello'), 'SOMETHING ELSE')}`;
    const decoded = await decode(Buffer.from(data));
    expect(fingerprints(decoded)).toEqual([chainFingerprints[0]]);
    expect(decoded.notes).toHaveLength(2);
    expect(decoded.notes[0]).toMatch(/CRL/);
    expect(decoded.notes[1]).toMatch(/SOMETHING ELSE/);
  });
});

describe('PKCS#12', () => {
  it.each(['modern', 'legacy'])('%s: the chain and the leaf key, with the password', async (kind) => {
    for (const data of [read(`${kind}.p12`), ...(kind === 'modern' ? [read('modern.p12.b64')] : [])]) {
      const decoded = await decode(data, { password: PASSWORD });
      expect(decoded.container).toBe('pkcs12');
      // The leaf first; PKCS#12 does not promise an order for the rest.
      expect(fingerprints(decoded)[0]).toBe(chainFingerprints[0]);
      expect([...fingerprints(decoded)].sort()).toEqual([...chainFingerprints].sort());
      expect(decoded.keys).toHaveLength(1);
      expect(decoded.keys[0]).toMatchObject({ kind: 'private', format: 'pkcs12', encrypted: true, key: KEYS.leaf });
      expect(decoded.keys[0]!.spki).toEqual(spkiOf.leaf);
      expect(decoded.keys[0]!.spki).toEqual(decoded.certificates.find((c) => c.fingerprintSha256 === chainFingerprints[0])!.spki);
    }
  });

  it.each(['modern', 'legacy'])('%s: no password, or a wrong one, is a typed failure', async (kind) => {
    await expectFailure(read(`${kind}.p12`), 'password-required');
    await expectFailure(read(`${kind}.p12`), 'wrong-password', { password: 'not it' });
  });
});

describe('certificate requests', () => {
  const expected = {
    subject: 'C=US, O=Acme\\, Inc., CN=api.example.com',
    sans: ['DNS:api.example.com', 'IP:10.0.0.1', 'IP:2001:db8::1', 'URI:spiffe://example.org/ns/a/sa/b', 'email:ops@example.com'],
    key: { type: 'rsa', bits: 2048 },
    signatureAlgorithm: 'sha256WithRSAEncryption',
  };

  it.each([
    ['PEM', 'request.csr', 'pem'],
    ['DER', 'request.csr.der', 'der'],
  ])('%s', async (_kind, name, container) => {
    const decoded = await decode(read(name));
    expect(decoded.container).toBe(container);
    expect(decoded.certificates).toEqual([]);
    expect(decoded.keys).toEqual([]);
    expect(decoded.csrs).toHaveLength(1);
    const { spki, ...csr } = decoded.csrs[0]!;
    expect(csr).toEqual(expected);
    expect(spki).toEqual(spkiOf.leaf);
  });

  it('an Ed25519 request', async () => {
    const decoded = await decode(read('ed.csr.der'));
    expect(decoded.csrs).toHaveLength(1);
    expect(decoded.csrs[0]).toMatchObject({ subject: 'CN=ed.example.com', sans: [], key: KEYS.leaf2 });
    expect(decoded.csrs[0]!.spki).toEqual(spkiOf.leaf2);
  });
});

describe('private keys', () => {
  const plain = (format: string) => ({ kind: 'private' as const, format, encrypted: false });

  it('PKCS#8, PEM and DER', async () => {
    expect(text('leaf.key')).toContain('-----BEGIN PRIVATE KEY-----');
    await expectKey(read('leaf.key'), 'leaf', plain('pkcs8'));
    await expectKey(read('leaf.pk8.der'), 'leaf', plain('pkcs8'));
    await expectKey(read('leaf.pk8.b64'), 'leaf', plain('pkcs8'));
  });

  it('PKCS#1 (openssl rsa -traditional), PEM and DER', async () => {
    expect(text('leaf.pkcs1.pem')).toContain('-----BEGIN RSA PRIVATE KEY-----');
    await expectKey(read('leaf.pkcs1.pem'), 'leaf', plain('pkcs1'));
    await expectKey(read('leaf.pkcs1.der'), 'leaf', plain('pkcs1'));
  });

  it('SEC1 (openssl ec), PEM and DER, for a P-521 key', async () => {
    expect(text('root.sec1.pem')).toContain('-----BEGIN EC PRIVATE KEY-----');
    await expectKey(read('root.sec1.pem'), 'root', plain('sec1'));
    await expectKey(read('root.sec1.der'), 'root', plain('sec1'));
    await expectKey(read('root.key'), 'root', plain('pkcs8'));
  });

  it('SEC1 after an EC PARAMETERS block (openssl ecparam -genkey)', async () => {
    expect(text('ecparam.pem')).toContain('-----BEGIN EC PARAMETERS-----');
    const decoded = await decode(read('ecparam.pem'));
    expect(decoded.keys).toHaveLength(1);
    expect(decoded.keys[0]).toMatchObject({ kind: 'private', format: 'sec1', encrypted: false, key: { type: 'ec', bits: 521, curve: 'P-521' } });
    const node = createPublicKey(read('ecparam.pem').toString()).export({ type: 'spki', format: 'der' });
    expect(decoded.keys[0]!.spki).toEqual(node);
  });

  it('Ed25519 and Ed448, PEM and DER', async () => {
    await expectKey(read('leaf2.key'), 'leaf2', plain('pkcs8'));
    await expectKey(read('leaf2.pk8.der'), 'leaf2', plain('pkcs8'));
    await expectKey(read('intermediate.key'), 'intermediate', plain('pkcs8'));
    await expectKey(read('intermediate.pk8.der'), 'intermediate', plain('pkcs8'));
  });

  it('encrypted PKCS#8 (aes-256-cbc): read with the password, reported as encrypted without it', async () => {
    for (const name of ['leaf.enc.pem', 'leaf.enc.der']) {
      await expectKey(read(name), 'leaf', { kind: 'private', format: 'encrypted-pkcs8', encrypted: true }, { password: PASSWORD });
      const locked = await decode(read(name));
      expect(locked.keys).toEqual([{ kind: 'private', format: 'encrypted-pkcs8', encrypted: true, key: null, spki: null }]);
      await expectFailure(read(name), 'wrong-password', { password: 'not it' });
    }
    await expectKey(read('leaf2.enc.pem'), 'leaf2', { kind: 'private', format: 'encrypted-pkcs8', encrypted: true }, { password: PASSWORD });
    await expectKey(read('intermediate.enc.pem'), 'intermediate', { kind: 'private', format: 'encrypted-pkcs8', encrypted: true }, { password: PASSWORD });
  });

  it('legacy PEM encryption (Proc-Type/DEK-Info), RSA and EC', async () => {
    expect(text('leaf.legacy.pem')).toMatch(/Proc-Type: 4,ENCRYPTED/);
    const expected = { kind: 'private' as const, format: 'pem-encrypted', encrypted: true };
    await expectKey(read('leaf.legacy.pem'), 'leaf', expected, { password: PASSWORD });
    await expectKey(Buffer.from(text('leaf.legacy.pem').replace(/\n/g, '\r\n')), 'leaf', expected, { password: PASSWORD });
    await expectKey(read('root.sec1.enc.pem'), 'root', expected, { password: PASSWORD });
    const locked = await decode(read('leaf.legacy.pem'));
    expect(locked.keys).toEqual([{ ...expected, key: null, spki: null }]);
    await expectFailure(read('leaf.legacy.pem'), 'wrong-password', { password: 'not it' });
  });
});

describe('public keys', () => {
  const pub = (format: string) => ({ kind: 'public' as const, format, encrypted: false });

  it('SPKI, PEM and DER', async () => {
    expect(text('leaf.pub.pem')).toContain('-----BEGIN PUBLIC KEY-----');
    await expectKey(read('leaf.pub.pem'), 'leaf', pub('spki'));
    await expectKey(read('leaf.pub.der'), 'leaf', pub('spki'));
    await expectKey(read('root.pub.der'), 'root', pub('spki'));
    await expectKey(read('leaf2.pub.pem'), 'leaf2', pub('spki'));
    await expectKey(read('intermediate.pub.pem'), 'intermediate', pub('spki'));
  });

  it('PKCS#1 RSA PUBLIC KEY, PEM and DER', async () => {
    expect(text('leaf.rsapub.pem')).toContain('-----BEGIN RSA PUBLIC KEY-----');
    await expectKey(read('leaf.rsapub.pem'), 'leaf', pub('pkcs1-public'));
    await expectKey(read('leaf.rsapub.der'), 'leaf', pub('pkcs1-public'));
  });
});

describe('mixed files', () => {
  it('a server bundle: leaf, its key, then the chain; the key matches the leaf', async () => {
    const data = `${text('leaf.pem')}${text('leaf.pkcs1.pem')}${text('intermediate.pem')}${text('root.pem')}${text('leaf2.pem')}${text('leaf2.key')}`;
    const decoded = await decode(Buffer.from(data));
    expect(decoded.container).toBe('pem');
    expect(fingerprints(decoded)).toEqual([...chainFingerprints, leaf2Fingerprint]);
    expect(decoded.keys.map((k) => [k.format, k.key])).toEqual([
      ['pkcs1', KEYS.leaf],
      ['pkcs8', KEYS.leaf2],
    ]);
    // Each key's spki is its own certificate's, and no other's.
    const owners = decoded.keys.map((k) => decoded.certificates.filter((c) => c.spki.equals(k.spki!)).map((c) => c.fingerprintSha256));
    expect(owners).toEqual([[chainFingerprints[0]], [leaf2Fingerprint]]);
  });

  it('a certificate and a request together', async () => {
    const decoded = await decode(Buffer.concat([read('root.pem'), read('request.csr')]));
    expect(fingerprints(decoded)).toEqual([chainFingerprints[2]]);
    expect(decoded.csrs.map((c) => c.subject)).toEqual(['C=US, O=Acme\\, Inc., CN=api.example.com']);
  });
});

describe('bad input fails with a DecodeError', () => {
  it.each([
    ['empty', Buffer.alloc(0)],
    ['plain text', Buffer.from('hello, this is not a certificate\n')],
    ['a truncated DER certificate', () => read('leaf.der').subarray(0, 300)],
    ['a PEM block cut short', () => Buffer.from(text('leaf.pem').slice(0, 400))],
    ['a PEM block with broken base64', () => Buffer.from(text('leaf.pem').replace(/^(.{30})./m, '$1!'))],
    ['a PEM CERTIFICATE that holds a key', () => Buffer.from(pem(read('leaf.pk8.der'), 'CERTIFICATE'))],
  ] as [string, Buffer | (() => Buffer)][])('%s', async (_name, input) => {
    const data = typeof input === 'function' ? input() : input;
    const error = await decode(data).then(
      () => null,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as DecodeError).reason).toBe('malformed');
  });
});
