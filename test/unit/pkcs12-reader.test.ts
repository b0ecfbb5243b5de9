import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, createHmac, createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPkcs12 } from '../../src/pki/pkcs12.js';
import { DecodeError, type DecodeFailure } from '../../src/x509/decode-error.js';
import { bytesOf, childrenOf, contentOf, octetsOf, readWhole, sequence } from '../../src/x509/der-reader.js';
import { pkcs12Kdf } from '../../src/x509/pkcs12-kdf.js';
import { looksLikePkcs12, readPkcs12, type Pkcs12Contents } from '../../src/x509/pkcs12-reader.js';

// Real files from the openssl CLI (3.0), Java's keytool, node-forge and our own writer; no mocks.

/** Non-ASCII on purpose: the PKCS#12 KDF takes it as a BMPString, PBES2 as UTF-8. */
const PW = 'pässwörd ключ 42';
const WRONG = 'pässwörd ключ 43';

let dir: string;
let cfg: string;
let counter = 0;

function tmp(name: string): string {
  counter += 1;
  return path.join(dir, `${counter}-${name}`);
}

function openssl(args: string[]): Buffer {
  return execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
}

function genKey(args: string[]): string {
  const file = tmp('key.pem');
  openssl(['genpkey', ...args, '-out', file]);
  return file;
}

/** DER of a PEM certificate, by `openssl x509 -outform DER`. */
function derOf(certPem: string): Buffer {
  return openssl(['x509', '-in', certPem, '-outform', 'DER']);
}

function selfSigned(keyFile: string, cn: string): string {
  const out = tmp('cert.pem');
  openssl(['req', '-x509', '-new', '-key', keyFile, '-subj', `/CN=${cn}`, '-days', '2', '-config', cfg, '-extensions', 'v3_ca', '-out', out]);
  return out;
}

function issue(keyFile: string, cn: string, issuerPem: string, issuerKey: string, ca: boolean): string {
  const csr = tmp('req.csr');
  openssl(['req', '-new', '-key', keyFile, '-subj', `/CN=${cn}`, '-config', cfg, '-out', csr]);
  const out = tmp('cert.pem');
  counter += 1;
  openssl([
    'x509', '-req', '-in', csr, '-CA', issuerPem, '-CAkey', issuerKey, '-set_serial', String(1000 + counter), '-days', '2',
    '-extfile', cfg, '-extensions', ca ? 'v3_ca' : 'v3_leaf', '-out', out,
  ]);
  return out;
}

/** `openssl pkcs12 -export` with `args`; returns the file's bytes. */
function export12(args: string[], password = PW): Buffer {
  const out = tmp('store.p12');
  openssl(['pkcs12', '-export', ...args, '-passout', `pass:${password}`, '-out', out]);
  return fs.readFileSync(out);
}

function spkiOfCert(der: Buffer): Buffer {
  return new X509Certificate(der).publicKey.export({ type: 'spki', format: 'der' });
}

function spkiOfPkcs8(der: Buffer): Buffer {
  const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  return createPublicKey(key).export({ type: 'spki', format: 'der' });
}

function keyType(der: Buffer): string | undefined {
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }).asymmetricKeyType;
}

const sha1 = (b: Buffer): Buffer => createHash('sha1').update(b).digest();

function failure(fn: () => unknown): DecodeError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DecodeError) return err;
    throw new Error(`expected a DecodeError, got ${String(err)}`);
  }
  throw new Error('expected a DecodeError, but it succeeded');
}

function expectFailure(fn: () => unknown, reason: DecodeFailure, message?: RegExp | string): void {
  const err = failure(fn);
  expect(err.reason, err.message).toBe(reason);
  if (message) expect(err.message).toMatch(message);
}

/** Replaces the `nth` occurrence of `find` in `der` with `replace` (same length). */
function patch(der: Buffer, find: Buffer, replace: Buffer, nth = 0): Buffer {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = der.indexOf(find, at + 1);
    if (at < 0) throw new Error(`occurrence ${nth} of ${find.toString('hex')} not found`);
  }
  const out = Buffer.from(der);
  replace.copy(out, at);
  return out;
}

// ---------------------------------------------------------------------------
// A small DER writer for hand-built files

function tlv(tag: number, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  let length: Buffer;
  if (body.length < 0x80) length = Buffer.from([body.length]);
  else {
    const bytes: number[] = [];
    for (let n = body.length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
    length = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), length, body]);
}
const seq = (...parts: Buffer[]) => tlv(0x30, ...parts);
const set = (...parts: Buffer[]) => tlv(0x31, ...parts);
const octets = (b: Buffer) => tlv(0x04, b);
const explicit0 = (...parts: Buffer[]) => tlv(0xa0, ...parts);
const nullValue = () => Buffer.from([0x05, 0x00]);
const bmp = (s: string) => tlv(0x1e, Buffer.from(s, 'utf16le').swap16());
function oid(dotted: string): Buffer {
  return tlv(0x06, Buffer.from(forge.asn1.oidToDer(dotted).getBytes(), 'binary'));
}
function int(n: number | bigint): Buffer {
  let hex = BigInt(n).toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (parseInt(hex.slice(0, 2), 16) >= 0x80) hex = `00${hex}`;
  return tlv(0x02, Buffer.from(hex, 'hex'));
}

const O = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  crlBag: '1.2.840.113549.1.12.10.1.4',
  secretBag: '1.2.840.113549.1.12.10.1.5',
  safeContentsBag: '1.2.840.113549.1.12.10.1.6',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  sdsiCertificate: '1.2.840.113549.1.9.22.2',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  hmacWithSHA256: '1.2.840.113549.2.9',
  aes256: '2.16.840.1.101.3.4.1.42',
  sha256: '2.16.840.1.101.3.4.2.1',
  pbeSha3Des: '1.2.840.113549.1.12.1.3',
  pbeShaRc4: '1.2.840.113549.1.12.1.1',
};

const attributes = (friendlyName?: string, localKeyId?: Buffer): Buffer =>
  set(
    ...(friendlyName !== undefined ? [seq(oid(O.friendlyName), set(bmp(friendlyName)))] : []),
    ...(localKeyId ? [seq(oid(O.localKeyId), set(octets(localKeyId)))] : []),
  );
const certBag = (der: Buffer, attrs?: Buffer) =>
  seq(oid(O.certBag), explicit0(seq(oid(O.x509Certificate), explicit0(octets(der)))), ...(attrs ? [attrs] : []));
const keyBag = (pkcs8: Buffer, attrs?: Buffer) => seq(oid(O.keyBag), explicit0(pkcs8), ...(attrs ? [attrs] : []));
const shroudedBag = (epki: Buffer, attrs?: Buffer) => seq(oid(O.shroudedKeyBag), explicit0(epki), ...(attrs ? [attrs] : []));
const nestedBag = (...bags: Buffer[]) => seq(oid(O.safeContentsBag), explicit0(seq(...bags)));
const dataContentInfo = (content: Buffer) => seq(oid(O.data), explicit0(octets(content)));
/** ContentInfo (encryptedData) with the algorithm and [0] IMPLICIT ciphertext. */
const encryptedContentInfo = (algorithm: Buffer, ciphertext: Buffer) =>
  seq(oid(O.encryptedData), explicit0(seq(int(0), seq(oid(O.data), algorithm, tlv(0x80, ciphertext)))));
/** PFX without a MAC from SafeContents DERs, each in its own data ContentInfo (or ready ContentInfos). */
const pfxOf = (contentInfos: Buffer[], macData?: Buffer) =>
  seq(int(3), dataContentInfo(seq(...contentInfos)), ...(macData ? [macData] : []));
const pbes2Algorithm = (iterations: number | bigint) =>
  seq(
    oid(O.pbes2),
    seq(
      seq(oid(O.pbkdf2), seq(octets(Buffer.alloc(16, 1)), int(iterations), seq(oid(O.hmacWithSHA256), nullValue()))),
      seq(oid(O.aes256), octets(Buffer.alloc(16, 2))),
    ),
  );

// ---------------------------------------------------------------------------
// Fixtures: an EC P-384 root, an EC P-256 intermediate and one leaf per key type

const KEY_TYPES = [
  { name: 'RSA-2048', args: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'], type: 'rsa' },
  { name: 'EC P-256', args: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'], type: 'ec' },
  { name: 'EC P-384', args: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'], type: 'ec' },
  { name: 'EC P-521', args: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-521'], type: 'ec' },
  { name: 'Ed25519', args: ['-algorithm', 'ED25519'], type: 'ed25519' },
  { name: 'Ed448', args: ['-algorithm', 'ED448'], type: 'ed448' },
] as const;

interface Leaf {
  keyFile: string;
  certPem: string;
  certDer: Buffer;
}

let rootPem: string;
let rootDer: Buffer;
let intDer: Buffer;
/** intermediate + root, for -certfile. */
let chainPem: string;
const leaves = new Map<string, Leaf>();

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtlskit-p12-reader-'));
  cfg = path.join(dir, 'openssl.cnf');
  fs.writeFileSync(
    cfg,
    [
      '[req]',
      'distinguished_name = dn',
      'prompt = no',
      '[dn]',
      'CN = unused',
      '[v3_ca]',
      'basicConstraints = critical,CA:TRUE',
      'keyUsage = critical,keyCertSign,cRLSign',
      'subjectKeyIdentifier = hash',
      '[v3_leaf]',
      'basicConstraints = critical,CA:FALSE',
      'keyUsage = critical,digitalSignature',
      'subjectKeyIdentifier = hash',
      'authorityKeyIdentifier = keyid:always',
      '',
    ].join('\n'),
  );
  const rootKey = genKey(['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384']);
  rootPem = selfSigned(rootKey, 'p12 test root');
  rootDer = derOf(rootPem);
  const intKey = genKey(['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']);
  const intPem = issue(intKey, 'p12 test intermediate', rootPem, rootKey, true);
  intDer = derOf(intPem);
  chainPem = tmp('chain.pem');
  fs.writeFileSync(chainPem, fs.readFileSync(intPem, 'utf8') + fs.readFileSync(rootPem, 'utf8'));
  for (const { name, args } of KEY_TYPES) {
    const keyFile = genKey([...args]);
    const certPem = issue(keyFile, `leaf ${name}`, intPem, intKey, false);
    leaves.set(name, { keyFile, certPem, certDer: derOf(certPem) });
  }
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** The leaf, key and chain checks shared by most files. */
function expectLeafAndKey(contents: Pkcs12Contents, leaf: Leaf, type: string, friendlyName: string | null): void {
  expect(contents.keys).toHaveLength(1);
  const key = contents.keys[0]!;
  expect(keyType(key.der)).toBe(type);
  expect(spkiOfPkcs8(key.der).equals(spkiOfCert(leaf.certDer))).toBe(true);
  const leafBag = contents.certificates.find((c) => c.der.equals(leaf.certDer));
  expect(leafBag).toBeDefined();
  expect(leafBag!.friendlyName).toBe(friendlyName);
  expect(key.friendlyName).toBe(friendlyName);
  // OpenSSL, forge and our writer all use the SHA-1 of the certificate as localKeyId.
  expect(leafBag!.localKeyId?.toString('hex')).toBe(sha1(leaf.certDer).toString('hex'));
  expect(key.localKeyId?.toString('hex')).toBe(sha1(leaf.certDer).toString('hex'));
}

// ---------------------------------------------------------------------------

const OPENSSL_VARIANTS = [
  {
    name: 'defaults with a chain',
    args: [] as string[],
    encryption: ['PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC)'],
    mac: 'HMAC-SHA256',
  },
  {
    name: '-legacy',
    args: ['-legacy'],
    encryption: ['pbeWithSHAAnd40BitRC2-CBC', 'pbeWithSHAAnd3-KeyTripleDES-CBC'],
    mac: 'HMAC-SHA1',
  },
  {
    name: '-certpbe AES-128-CBC -keypbe DES-EDE3-CBC -macalg sha512',
    args: ['-certpbe', 'AES-128-CBC', '-keypbe', 'DES-EDE3-CBC', '-macalg', 'sha512'],
    encryption: ['PBES2 (PBKDF2-HMAC-SHA256, AES-128-CBC)', 'PBES2 (PBKDF2-HMAC-SHA256, DES-EDE3-CBC)'],
    mac: 'HMAC-SHA512',
  },
  {
    name: '-certpbe PBE-SHA1-RC2-128',
    // RC2 lives in OpenSSL 3's legacy provider.
    args: ['-provider', 'legacy', '-provider', 'default', '-certpbe', 'PBE-SHA1-RC2-128'],
    encryption: ['pbeWithSHAAnd128BitRC2-CBC', 'PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC)'],
    mac: 'HMAC-SHA256',
  },
];

describe.each(KEY_TYPES)('openssl pkcs12 -export with a $name leaf', ({ name, type }) => {
  it.each(OPENSSL_VARIANTS)('$name', (variant) => {
    const leaf = leaves.get(name)!;
    const friendlyName = `leaf ${name}`;
    const der = export12(['-inkey', leaf.keyFile, '-in', leaf.certPem, '-certfile', chainPem, '-name', friendlyName, ...variant.args]);
    expect(looksLikePkcs12(der)).toBe(true);

    const contents = readPkcs12(der, PW);
    // OpenSSL puts the leaf first, then the -certfile certificates in file order.
    expect(contents.certificates.map((c) => c.der.toString('hex'))).toEqual([leaf.certDer, intDer, rootDer].map((d) => d.toString('hex')));
    expect(contents.certificates.slice(1).map((c) => [c.friendlyName, c.localKeyId])).toEqual([
      [null, null],
      [null, null],
    ]);
    expectLeafAndKey(contents, leaf, type, friendlyName);
    expect(contents.encryption).toEqual(variant.encryption);
    expect(contents.mac).toBe(variant.mac);

    expectFailure(() => readPkcs12(der, WRONG), 'wrong-password', 'the PKCS#12 password is wrong (the MAC does not verify)');
    expectFailure(() => readPkcs12(der, null), 'password-required');
  });
});

describe('openssl pkcs12 -export options (EC P-256 leaf)', () => {
  const leaf = () => leaves.get('EC P-256')!;
  const base = () => ['-inkey', leaf().keyFile, '-in', leaf().certPem, '-name', 'p256'];

  it('an empty password (-passout pass:) reads with null and with the empty string', () => {
    const der = export12([...base(), '-certfile', chainPem], '');
    for (const password of [null, '']) {
      const contents = readPkcs12(der, password);
      expect(contents.certificates.map((c) => c.der)).toEqual([leaf().certDer, intDer, rootDer]);
      expectLeafAndKey(contents, leaf(), 'ec', 'p256');
      expect(contents.mac).toBe('HMAC-SHA256');
    }
    expectFailure(() => readPkcs12(der, PW), 'wrong-password');
  });

  it('an empty password with -legacy (PKCS#12 KDF ciphers) reads with null', () => {
    const der = export12([...base(), '-legacy'], '');
    const contents = readPkcs12(der, null);
    expectLeafAndKey(contents, leaf(), 'ec', 'p256');
    expect(contents.encryption).toEqual(['pbeWithSHAAnd40BitRC2-CBC', 'pbeWithSHAAnd3-KeyTripleDES-CBC']);
  });

  it('-nokeys: certificates only', () => {
    const der = export12(['-nokeys', '-in', leaf().certPem, '-certfile', chainPem]);
    expect(looksLikePkcs12(der)).toBe(true);
    const contents = readPkcs12(der, PW);
    expect(contents.keys).toEqual([]);
    expect(contents.certificates.map((c) => c.der)).toEqual([leaf().certDer, intDer, rootDer]);
    expect(contents.encryption).toEqual(['PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC)']);
    expect(contents.mac).toBe('HMAC-SHA256');
  });

  it('-nomac: no MAC, and a wrong password is still told apart by the padding and the structure', () => {
    // OpenSSL 3.0 leaves the certificates unencrypted with -nomac unless -certpbe is given.
    const der = export12([...base(), '-nomac']);
    expect(looksLikePkcs12(der)).toBe(true);
    const contents = readPkcs12(der, PW);
    expect(contents.mac).toBeNull();
    expectLeafAndKey(contents, leaf(), 'ec', 'p256');
    expect(contents.encryption).toEqual(['PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC)']);
    expectFailure(() => readPkcs12(der, WRONG), 'wrong-password', 'the PKCS#12 password is wrong (it does not decrypt the private key)');
    expectFailure(() => readPkcs12(der, null), 'password-required', /the empty one does not decrypt the private key/);

    const encryptedCerts = export12([...base(), '-nomac', '-certpbe', 'AES-256-CBC']);
    expect(readPkcs12(encryptedCerts, PW).certificates.map((c) => c.der)).toEqual([leaf().certDer]);
    expectFailure(() => readPkcs12(encryptedCerts, WRONG), 'wrong-password', /does not decrypt the encrypted contents/);
  });

  it('-nomac -legacy: wrong passwords fail through RC2-40 and 3DES', () => {
    const der = export12([...base(), '-nomac', '-legacy', '-certpbe', 'PBE-SHA1-RC2-40']);
    expect(readPkcs12(der, PW).encryption).toEqual(['pbeWithSHAAnd40BitRC2-CBC', 'pbeWithSHAAnd3-KeyTripleDES-CBC']);
    for (const wrong of [WRONG, 'a', 'b', 'c', 'x'.repeat(40)]) expectFailure(() => readPkcs12(der, wrong), 'wrong-password');
    expectFailure(() => readPkcs12(der, null), 'password-required');
  });

  it('-keypbe NONE -certpbe NONE: an unencrypted keyBag, with and without a MAC', () => {
    const withMac = readPkcs12(export12([...base(), '-keypbe', 'NONE', '-certpbe', 'NONE']), PW);
    expectLeafAndKey(withMac, leaf(), 'ec', 'p256');
    expect(withMac.encryption).toEqual([]);
    expect(withMac.mac).toBe('HMAC-SHA256');

    const plain = export12([...base(), '-keypbe', 'NONE', '-certpbe', 'NONE', '-nomac']);
    for (const password of [null, PW]) {
      const contents = readPkcs12(plain, password);
      expectLeafAndKey(contents, leaf(), 'ec', 'p256');
      expect(contents).toMatchObject({ encryption: [], mac: null });
    }
  });

  it.each([
    ['sha1', 'HMAC-SHA1'],
    ['sha224', 'HMAC-SHA224'],
    ['sha384', 'HMAC-SHA384'],
    ['sha512-224', 'HMAC-SHA512/224'],
    ['sha512-256', 'HMAC-SHA512/256'],
  ])('-macalg %s', (macalg, name) => {
    const der = export12([...base(), '-macalg', macalg]);
    const contents = readPkcs12(der, PW);
    expect(contents.mac).toBe(name);
    expectLeafAndKey(contents, leaf(), 'ec', 'p256');
    expectFailure(() => readPkcs12(der, WRONG), 'wrong-password');
  });

  it.each([
    [['-keypbe', 'PBE-SHA1-2DES'], 'pbeWithSHAAnd2-KeyTripleDES-CBC'],
    [['-provider', 'legacy', '-provider', 'default', '-keypbe', 'PBE-SHA1-RC2-40'], 'pbeWithSHAAnd40BitRC2-CBC'],
    [['-provider', 'legacy', '-provider', 'default', '-keypbe', 'PBE-SHA1-RC2-128'], 'pbeWithSHAAnd128BitRC2-CBC'],
    [['-keypbe', 'AES-192-CBC'], 'PBES2 (PBKDF2-HMAC-SHA256, AES-192-CBC)'],
  ])('-keypbe %j (without a MAC, so the key decryption alone judges the password)', (args, description) => {
    const der = export12([...base(), '-nomac', ...args]);
    const contents = readPkcs12(der, PW);
    expect(contents.encryption).toEqual([description]);
    expectLeafAndKey(contents, leaf(), 'ec', 'p256');
    expectFailure(() => readPkcs12(der, WRONG), 'wrong-password', /does not decrypt the private key/);
  });

  it('-noiter -nomaciter: iteration counts of 1', () => {
    const contents = readPkcs12(export12([...base(), '-noiter', '-nomaciter']), PW);
    expectLeafAndKey(contents, leaf(), 'ec', 'p256');
    expect(contents.mac).toBe('HMAC-SHA256');
  });
});

describe('PBES2 variants in a shrouded key bag (openssl pkcs8 -topk8 wrapped in a hand-built PFX)', () => {
  it.each([
    // hmacWithSHA1 is the default, so openssl leaves the PRF out: the absent-PRF path.
    ['aes-192-cbc', 'hmacWithSHA1', 'PBES2 (PBKDF2-HMAC-SHA1, AES-192-CBC)'],
    ['des-ede3-cbc', 'hmacWithSHA224', 'PBES2 (PBKDF2-HMAC-SHA224, DES-EDE3-CBC)'],
    ['aes-128-cbc', 'hmacWithSHA384', 'PBES2 (PBKDF2-HMAC-SHA384, AES-128-CBC)'],
    ['aes-256-cbc', 'hmacWithSHA512', 'PBES2 (PBKDF2-HMAC-SHA512, AES-256-CBC)'],
  ])('%s with %s', (cipher, prf, description) => {
    const leaf = leaves.get('Ed25519')!;
    const epki = openssl(['pkcs8', '-topk8', '-in', leaf.keyFile, '-v2', cipher, '-v2prf', prf, '-passout', `pass:${PW}`, '-outform', 'DER']);
    const localKeyId = sha1(leaf.certDer);
    const der = pfxOf([dataContentInfo(seq(shroudedBag(epki, attributes('ed', localKeyId)), certBag(leaf.certDer, attributes('ed', localKeyId))))]);
    expect(looksLikePkcs12(der)).toBe(true);
    const contents = readPkcs12(der, PW);
    expect(contents).toMatchObject({ encryption: [description], mac: null });
    expect(contents.certificates).toHaveLength(1);
    expectLeafAndKey(contents, leaf, 'ed25519', 'ed');
    expectFailure(() => readPkcs12(der, WRONG), 'wrong-password', /does not decrypt the private key/);
  });
});

describe('other writers', () => {
  it('Java keytool (PKCS12 store with an EC key entry and a trusted certificate)', (ctx) => {
    if (spawnSync('keytool', ['-help']).error) return ctx.skip();
    const store = tmp('java.p12');
    const common = ['-storetype', 'PKCS12', '-keystore', store, '-storepass', 'changeit'];
    execFileSync('keytool', [
      '-genkeypair', '-keyalg', 'EC', '-groupname', 'secp256r1', '-alias', 'javakey', '-dname', 'CN=java.example',
      '-validity', '2', '-keypass', 'changeit', ...common,
    ], { stdio: 'pipe' });
    const rootFile = tmp('root.der');
    fs.writeFileSync(rootFile, rootDer);
    execFileSync('keytool', ['-importcert', '-noprompt', '-alias', 'trusted-root', '-file', rootFile, ...common], { stdio: 'pipe' });
    const exported = tmp('java-cert.der');
    execFileSync('keytool', ['-exportcert', '-alias', 'javakey', '-file', exported, ...common], { stdio: 'pipe' });
    const javaCert = fs.readFileSync(exported);
    const der = fs.readFileSync(store);

    expect(looksLikePkcs12(der)).toBe(true);
    const contents = readPkcs12(der, 'changeit');
    expect(contents.mac).toBe('HMAC-SHA256');
    expect(contents.encryption).toEqual(['PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC)']);
    const byName = new Map(contents.certificates.map((c) => [c.friendlyName, c]));
    expect([...byName.keys()].sort()).toEqual(['javakey', 'trusted-root']);
    expect(byName.get('javakey')!.der.equals(javaCert)).toBe(true);
    expect(byName.get('trusted-root')!.der.equals(rootDer)).toBe(true);
    expect(contents.keys).toHaveLength(1);
    const key = contents.keys[0]!;
    expect(key.friendlyName).toBe('javakey');
    expect(keyType(key.der)).toBe('ec');
    expect(spkiOfPkcs8(key.der).equals(spkiOfCert(javaCert))).toBe(true);
    // Java's localKeyId is "Time <millis>", shared by the key and its certificate.
    expect(key.localKeyId?.toString('latin1')).toMatch(/^Time \d+$/);
    expect(byName.get('javakey')!.localKeyId?.equals(key.localKeyId!)).toBe(true);
    expectFailure(() => readPkcs12(der, 'changeiT'), 'wrong-password');
    expectFailure(() => readPkcs12(der, null), 'password-required');
  });

  it.each([
    { legacy: false, encryption: ['PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC)'], mac: 'HMAC-SHA256' },
    { legacy: true, encryption: ['pbeWithSHAAnd3-KeyTripleDES-CBC'], mac: 'HMAC-SHA1' },
  ])('our buildPkcs12 (legacy: $legacy)', ({ legacy, encryption, mac }) => {
    const leaf = leaves.get('EC P-384')!;
    const friendlyName = 'Tëst ключ';
    const der = buildPkcs12({
      privateKeyPkcs8Der: createPrivateKey(fs.readFileSync(leaf.keyFile)).export({ type: 'pkcs8', format: 'der' }),
      certificateDers: [leaf.certDer, intDer, rootDer],
      password: PW,
      friendlyName,
      legacy,
    });
    expect(looksLikePkcs12(der)).toBe(true);
    const contents = readPkcs12(der, PW);
    expect(contents.certificates.map((c) => c.der)).toEqual([leaf.certDer, intDer, rootDer]);
    expectLeafAndKey(contents, leaf, 'ec', friendlyName);
    expect(contents.certificates[1]!.friendlyName).toBeNull();
    expect(contents).toMatchObject({ encryption, mac });
    expectFailure(() => readPkcs12(der, WRONG), 'wrong-password');
    expectFailure(() => readPkcs12(der, null), 'password-required');
  });

  it('node-forge: PBES2 with the default (absent) PRF, and a password-less file whose MAC uses the zero-length password', () => {
    // forge re-encodes the certificates it is given: a self-signed RSA one comes out byte for byte.
    const rsa = leaves.get('RSA-2048')!;
    const certPem = selfSigned(rsa.keyFile, 'forge');
    const leaf: Leaf = { keyFile: rsa.keyFile, certPem, certDer: derOf(certPem) };
    const key = forge.pki.privateKeyFromPem(fs.readFileSync(leaf.keyFile, 'utf8'));
    const cert = forge.pki.certificateFromPem(fs.readFileSync(leaf.certPem, 'utf8'));
    const asDer = (asn: forge.asn1.Asn1) => Buffer.from(forge.asn1.toDer(asn).getBytes(), 'binary');

    const encrypted = asDer(forge.pkcs12.toPkcs12Asn1(key, [cert], 'forge-pw', { algorithm: 'aes256', friendlyName: 'forged' }));
    expect(looksLikePkcs12(encrypted)).toBe(true);
    const contents = readPkcs12(encrypted, 'forge-pw');
    expect(contents).toMatchObject({ encryption: ['PBES2 (PBKDF2-HMAC-SHA1, AES-256-CBC)'], mac: 'HMAC-SHA1' });
    expect(contents.certificates.map((c) => c.der)).toEqual([leaf.certDer]);
    expectLeafAndKey(contents, leaf, 'rsa', 'forged');
    expectFailure(() => readPkcs12(encrypted, 'forge-pX'), 'wrong-password');

    // password null: forge writes an unencrypted keyBag and derives the MAC key from a zero-length password.
    const open = asDer(forge.pkcs12.toPkcs12Asn1(key, [cert], null, { friendlyName: 'open' }));
    const plain = readPkcs12(open, null);
    expect(plain).toMatchObject({ encryption: [], mac: 'HMAC-SHA1' });
    expectLeafAndKey(plain, leaf, 'rsa', 'open');
    expectFailure(() => readPkcs12(open, 'something'), 'wrong-password');
  });
});

describe('structure', () => {
  const leaf = () => leaves.get('Ed448')!;
  const pkcs8 = () => createPrivateKey(fs.readFileSync(leaf().keyFile)).export({ type: 'pkcs8', format: 'der' });

  it('nested safeContentsBags, ignored bags and certificate types, bags without attributes', () => {
    const ignored = [
      seq(oid(O.crlBag), explicit0(seq(oid('1.2.840.113549.1.9.23.1'), explicit0(octets(Buffer.from([0x30, 0]))))), attributes('crl')),
      seq(oid(O.secretBag), explicit0(seq(oid('1.2.3.4'), explicit0(octets(Buffer.from('secret')))))),
      seq(oid(O.certBag), explicit0(seq(oid(O.sdsiCertificate), explicit0(tlv(0x16, Buffer.from('sdsi')))))),
    ];
    const der = pfxOf([
      dataContentInfo(seq(certBag(rootDer), ...ignored)),
      dataContentInfo(seq(nestedBag(certBag(intDer, attributes('int')), nestedBag(keyBag(pkcs8(), attributes(undefined, Buffer.from('k1'))))))),
      dataContentInfo(seq(certBag(leaf().certDer, attributes(undefined, Buffer.from('k1'))))),
    ]);
    const contents = readPkcs12(der, null);
    expect(contents.certificates.map((c) => [c.der, c.friendlyName, c.localKeyId?.toString()])).toEqual([
      [rootDer, null, undefined],
      [intDer, 'int', undefined],
      [leaf().certDer, null, 'k1'],
    ]);
    expect(contents.keys).toHaveLength(1);
    expect(contents.keys[0]!.localKeyId?.toString()).toBe('k1');
    expect(spkiOfPkcs8(contents.keys[0]!.der).equals(spkiOfCert(leaf().certDer))).toBe(true);
    expect(keyType(contents.keys[0]!.der)).toBe('ed448');
  });

  it('a MAC keyed with the pre-1.1.0 OpenSSL password encoding (each UTF-8 byte widened) still verifies', () => {
    const l = leaves.get('EC P-256')!;
    const der = export12(['-inkey', l.keyFile, '-in', l.certPem, '-keypbe', 'NONE', '-certpbe', 'NONE', '-name', 'old']);
    const [version, authSafe] = sequence(readWhole(der, 'pfx'), 'pfx');
    const content = octetsOf(childrenOf(sequence(authSafe, 'authSafe')[1]!)[0]);
    const utf8 = Buffer.from(PW, 'utf8');
    const widened = Buffer.alloc(utf8.length * 2 + 2);
    utf8.forEach((b, i) => (widened[i * 2 + 1] = b));
    const salt = Buffer.alloc(8, 7);
    const macKey = pkcs12Kdf('sha256', widened, salt, 3, 2048, 32);
    const mac = createHmac('sha256', macKey).update(content).digest();
    const macData = seq(seq(seq(oid(O.sha256), nullValue()), octets(mac)), octets(salt), int(2048));
    const rebuilt = seq(bytesOf(version!), bytesOf(authSafe!), macData);
    const contents = readPkcs12(rebuilt, PW);
    expectLeafAndKey(contents, l, 'ec', 'old');
    expect(contents.mac).toBe('HMAC-SHA256');
    expectFailure(() => readPkcs12(rebuilt, WRONG), 'wrong-password');
  });

  it('BER: indefinite lengths and constructed OCTET STRINGs keep the MAC and the ciphertext readable', () => {
    const l = leaves.get('EC P-521')!;
    const der = export12(['-inkey', l.keyFile, '-in', l.certPem, '-name', 'ber']);
    const [version, authSafe, macData] = sequence(readWhole(der, 'pfx'), 'pfx');
    const content = octetsOf(childrenOf(sequence(authSafe, 'authSafe')[1]!)[0]);
    // The encryptedData's [0] IMPLICIT ciphertext, re-encoded as constructed pieces, changes the
    // AuthenticatedSafe and so the MAC: only the outer OCTET STRING is chunked here, which keeps it.
    const chunks: Buffer[] = [];
    for (let i = 0; i < content.length; i += 100) chunks.push(octets(content.subarray(i, i + 100)));
    const indefinite = (tag: number, ...parts: Buffer[]) => Buffer.concat([Buffer.from([tag, 0x80]), ...parts, Buffer.from([0, 0])]);
    const ber = Buffer.concat([
      Buffer.from([0x30, 0x80]),
      bytesOf(version!),
      indefinite(0x30, oid(O.data), indefinite(0xa0, indefinite(0x24, ...chunks))),
      bytesOf(macData!),
      Buffer.from([0, 0]),
    ]);
    expect(looksLikePkcs12(ber)).toBe(true);
    const contents = readPkcs12(ber, PW);
    expectLeafAndKey(contents, l, 'ec', 'ber');
    expect(contents.mac).toBe('HMAC-SHA256');

    // Without a MAC the encrypted ContentInfo's ciphertext can be chunked too.
    const nomac = export12(['-inkey', l.keyFile, '-in', l.certPem, '-name', 'ber', '-nomac', '-certpbe', 'AES-256-CBC']);
    const infos = sequence(readWhole(octetsOf(childrenOf(sequence(sequence(readWhole(nomac, 'pfx'), 'pfx')[1], 'a')[1]!)[0]), 'as'), 'as');
    const [encInfo, dataInfo] = infos;
    const eci = sequence(sequence(childrenOf(sequence(encInfo, 'ci')[1]!)[0], 'ed')[1], 'eci');
    const ciphertext = contentOf(eci[2]!);
    const algorithm = bytesOf(eci[1]!);
    const pieces = [octets(ciphertext.subarray(0, 17)), octets(ciphertext.subarray(17))];
    const rechunked = seq(oid(O.encryptedData), explicit0(seq(int(0), seq(oid(O.data), algorithm, indefinite(0xa0, ...pieces)))));
    const rebuilt = seq(int(3), dataContentInfo(seq(rechunked, bytesOf(dataInfo!))));
    expectLeafAndKey(readPkcs12(rebuilt, PW), l, 'ec', 'ber');
  });
});

describe('bad input', () => {
  let good: Buffer;
  let goodNoMac: Buffer;
  const leaf = () => leaves.get('EC P-256')!;

  beforeAll(() => {
    good = export12(['-inkey', leaf().keyFile, '-in', leaf().certPem, '-certfile', chainPem]);
    goodNoMac = export12(['-inkey', leaf().keyFile, '-in', leaf().certPem, '-nomac', '-certpbe', 'AES-256-CBC']);
  });

  /** Deterministic junk. */
  const junk = (n: number, seed: string) => {
    const out: Buffer[] = [];
    for (let i = 0; out.length * 32 < n; i++) out.push(createHash('sha256').update(`${seed}${i}`).digest());
    return Buffer.concat(out).subarray(0, n);
  };

  it('looksLikePkcs12 is false on a certificate, PEM text, junk and empty input, and never throws', () => {
    expect(looksLikePkcs12(leaf().certDer)).toBe(false);
    expect(looksLikePkcs12(fs.readFileSync(leaf().certPem))).toBe(false);
    expect(looksLikePkcs12(junk(1000, 'a'))).toBe(false);
    expect(looksLikePkcs12(Buffer.alloc(0))).toBe(false);
    expect(looksLikePkcs12(good.subarray(0, 5))).toBe(false);
    // A PFX in public-key integrity mode still looks like one.
    expect(looksLikePkcs12(seq(int(3), seq(oid(O.signedData), explicit0(seq()))))).toBe(true);
    expect(looksLikePkcs12(seq(int(2), seq(oid(O.data), explicit0(octets(seq())))))).toBe(false);
  });

  it('truncated files, random bytes and a certificate are malformed', () => {
    expectFailure(() => readPkcs12(good.subarray(0, good.length - 1), PW), 'malformed', /truncated/);
    expectFailure(() => readPkcs12(good.subarray(0, 200), PW), 'malformed', /truncated/);
    expectFailure(() => readPkcs12(Buffer.alloc(0), PW), 'malformed');
    expectFailure(() => readPkcs12(junk(2000, 'b'), PW), 'malformed');
    expectFailure(() => readPkcs12(Buffer.concat([Buffer.from([0x30, 0x82, 0x07, 0xd0]), junk(2000, 'c')]), null), 'malformed');
    expectFailure(() => readPkcs12(leaf().certDer, PW), 'malformed');
    expectFailure(() => readPkcs12(Buffer.concat([good, Buffer.from([0])]), PW), 'malformed', /unexpected bytes/);
  });

  it('a patched cipher OID is unsupported, named in the message, MAC or not', () => {
    const aes256 = oid(O.aes256);
    const unknownCipher = Buffer.from(aes256);
    unknownCipher[unknownCipher.length - 1] = 0x7f; // 2.16.840.1.101.3.4.1.127
    // In the certificates' encryptedData: found before the MAC is checked.
    expectFailure(() => readPkcs12(patch(good, aes256, unknownCipher), PW), 'unsupported', 'unsupported PBES2 cipher 2.16.840.1.101.3.4.1.127');
    // In the key bag without a MAC.
    expectFailure(() => readPkcs12(patch(goodNoMac, aes256, unknownCipher, 1), PW), 'unsupported', 'unsupported PBES2 cipher 2.16.840.1.101.3.4.1.127');
    // Inside the MACed data the change breaks the MAC first: no way to tell that from a wrong password.
    expectFailure(() => readPkcs12(patch(good, aes256, unknownCipher, 1), PW), 'wrong-password');

    const pbes2 = oid(O.pbes2);
    const unknownScheme = Buffer.from(pbes2);
    unknownScheme[unknownScheme.length - 1] = 0x7f;
    expectFailure(() => readPkcs12(patch(good, pbes2, unknownScheme), PW), 'unsupported', 'unsupported PKCS#12 encryption algorithm 1.2.840.113549.1.5.127');
    const prf = oid(O.hmacWithSHA256);
    const unknownPrf = Buffer.from(prf);
    unknownPrf[unknownPrf.length - 1] = 0x7f;
    expectFailure(() => readPkcs12(patch(good, prf, unknownPrf), PW), 'unsupported', 'unsupported PBKDF2 PRF 1.2.840.113549.2.127');
    const sha256 = oid(O.sha256);
    const unknownDigest = Buffer.from(sha256);
    unknownDigest[unknownDigest.length - 1] = 0x7f;
    expectFailure(() => readPkcs12(patch(good, sha256, unknownDigest), PW), 'unsupported', 'unsupported PKCS#12 MAC digest algorithm 2.16.840.1.101.3.4.2.127');
    // RC4 is a known PKCS#12 scheme we do not read.
    const rc4 = pfxOf([encryptedContentInfo(seq(oid(O.pbeShaRc4), seq(octets(Buffer.alloc(8)), int(2048))), Buffer.alloc(16))]);
    expectFailure(() => readPkcs12(rc4, PW), 'unsupported', /pbeWithSHAAnd128BitRC4/);
  });

  it('hostile iteration counts are refused before any work, nesting is capped', () => {
    const started = Date.now();
    const macData = (iterations: number) => seq(seq(seq(oid(O.sha256), nullValue()), octets(Buffer.alloc(32))), octets(Buffer.alloc(8)), int(iterations));
    expectFailure(() => readPkcs12(pfxOf([], macData(1_000_001)), PW), 'unsupported', /MAC iteration count 1000001 is more than 1000000/);
    expectFailure(() => readPkcs12(pfxOf([], macData(0)), PW), 'malformed');
    expectFailure(() => readPkcs12(pfxOf([encryptedContentInfo(pbes2Algorithm(2n ** 40n), Buffer.alloc(16))]), PW), 'unsupported', /PBKDF2 iteration count/);
    expectFailure(() => readPkcs12(pfxOf([encryptedContentInfo(pbes2Algorithm(-5), Buffer.alloc(16))]), PW), 'malformed');
    // Each under the per-item cap, together far over the total budget.
    const heavy = seq(oid(O.pbeSha3Des), seq(octets(Buffer.alloc(8)), int(900_000)));
    expectFailure(() => readPkcs12(pfxOf([1, 2, 3].map(() => encryptedContentInfo(heavy, Buffer.alloc(16)))), PW), 'unsupported', /iterations in all/);
    expect(Date.now() - started).toBeLessThan(5_000);

    let bag = certBag(rootDer);
    for (let i = 0; i < 12; i++) bag = nestedBag(bag);
    expectFailure(() => readPkcs12(pfxOf([dataContentInfo(seq(bag))]), null), 'malformed', /nested deeper/);
    let shallow = certBag(rootDer);
    for (let i = 0; i < 5; i++) shallow = nestedBag(shallow);
    expect(readPkcs12(pfxOf([dataContentInfo(seq(shallow))]), null).certificates.map((c) => c.der)).toEqual([rootDer]);
  });

  it('unsupported versions and integrity modes', () => {
    expectFailure(() => readPkcs12(seq(int(2), dataContentInfo(seq())), null), 'unsupported', /version 2/);
    expectFailure(() => readPkcs12(seq(int(3), seq(oid(O.signedData), explicit0(seq()))), null), 'unsupported', /signedData/);
    const pbmac1 = seq(seq(seq(oid('1.2.840.113549.1.5.14'), seq()), octets(Buffer.alloc(32))), octets(Buffer.alloc(8)), int(1));
    expectFailure(() => readPkcs12(pfxOf([], pbmac1), PW), 'unsupported', /PBMAC1/);
  });

  it('every truncation and every flipped byte ends in contents or a DecodeError, nothing else', () => {
    const plain = export12(['-inkey', leaf().keyFile, '-in', leaf().certPem, '-keypbe', 'NONE', '-certpbe', 'NONE', '-nomac']);
    for (let n = 0; n < plain.length; n++) expect(failure(() => readPkcs12(plain.subarray(0, n), null)).reason).toBe('malformed');
    let decoded = 0;
    for (let i = 0; i < plain.length; i++) {
      const flipped = Buffer.from(plain);
      flipped[i]! ^= 0xff;
      expect(looksLikePkcs12(flipped)).toBeTypeOf('boolean');
      try {
        readPkcs12(flipped, null);
        decoded++;
      } catch (err) {
        expect(err).toBeInstanceOf(DecodeError);
      }
    }
    // Flips inside certificate and key bodies still decode (the reader does not parse those).
    expect(decoded).toBeGreaterThan(0);
    expect(decoded).toBeLessThan(plain.length);
    // Through the crypto paths: every 7th byte of an encrypted file without a MAC.
    for (let i = 0; i < goodNoMac.length; i += 7) {
      const flipped = Buffer.from(goodNoMac);
      flipped[i]! ^= 0x5a;
      try {
        readPkcs12(flipped, PW);
      } catch (err) {
        expect(err).toBeInstanceOf(DecodeError);
      }
    }
  });
});
