import { spawnSync } from 'node:child_process';
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPkcs12 } from '../../src/pki/pkcs12.js';

// Real openssl (3.0) and keytool (Java 17) processes, no mocks.

const PW = 'correct horse 42';
let dir: string;
let cfg: string;
let fileCounter = 0;

interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** stdout + stderr (openssl -info writes the algorithm lines to stderr). */
  all: string;
}

function run(cmd: string, args: string[]): RunResult {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 30_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, all: `${r.stdout}\n${r.stderr}` };
}

function runOk(cmd: string, args: string[]): RunResult {
  const r = run(cmd, args);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}:\n${r.all}`);
  return r;
}

function tmpFile(name: string): string {
  fileCounter += 1;
  return path.join(dir, `${fileCounter}-${name}`);
}

function writeKey(key: KeyObject): string {
  const file = tmpFile('key.pem');
  fs.writeFileSync(file, key.export({ type: 'pkcs8', format: 'pem' }));
  return file;
}

function readCertDer(pemFile: string): Buffer {
  return Buffer.from(new X509Certificate(fs.readFileSync(pemFile)).raw);
}

/** Self-signed certificate made by the openssl CLI; `ca` picks the extension section. */
function selfSigned(keyFile: string, cn: string, ca: boolean): Buffer {
  const out = tmpFile('cert.pem');
  runOk('openssl', [
    'req', '-x509', '-new', '-key', keyFile, '-subj', `/CN=${cn}`, '-days', '1',
    '-config', cfg, '-extensions', ca ? 'v3_ca' : 'v3_leaf', '-out', out,
  ]);
  return readCertDer(out);
}

/** Certificate for `keyFile` issued by the CA (cert DER + key file) with the openssl CLI. */
function issued(keyFile: string, cn: string, issuerDer: Buffer, issuerKeyFile: string, ca: boolean): Buffer {
  const csr = tmpFile('req.csr');
  runOk('openssl', ['req', '-new', '-key', keyFile, '-subj', `/CN=${cn}`, '-config', cfg, '-out', csr]);
  const issuerPem = tmpFile('issuer.pem');
  fs.writeFileSync(issuerPem, new X509Certificate(issuerDer).toString());
  const out = tmpFile('cert.pem');
  runOk('openssl', [
    'x509', '-req', '-in', csr, '-CA', issuerPem, '-CAkey', issuerKeyFile,
    '-set_serial', `0x${randomBytes(8).toString('hex')}`, '-days', '1',
    '-extfile', cfg, '-extensions', ca ? 'v3_ca' : 'v3_leaf', '-out', out,
  ]);
  return readCertDer(out);
}

function writeP12(der: Buffer): string {
  const file = tmpFile('store.p12');
  fs.writeFileSync(file, der);
  return file;
}

function spki(key: KeyObject): Buffer {
  return key.export({ type: 'spki', format: 'der' });
}

/** "55 39 FF ..." as openssl prints localKeyID. */
function opensslHex(b: Buffer): string {
  return [...b].map((x) => x.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

const MODES = [
  {
    legacy: false,
    name: 'modern',
    cipherLine: 'PBES2, PBKDF2, AES-256-CBC, Iteration 10000, PRF hmacWithSHA256',
    macLine: 'MAC: sha256, Iteration 10000',
    macLen: 'MAC length: 32, salt length: 16',
  },
  {
    legacy: true,
    name: 'legacy',
    cipherLine: 'pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 10000',
    macLine: 'MAC: sha1, Iteration 10000',
    macLen: 'MAC length: 20, salt length: 8',
  },
] as const;

/** Checks 1, 3 and 4 for a built store; returns nothing, throws via expect. */
function expectOpensslInfo(p12: string, mode: (typeof MODES)[number], certCount: number, friendlyName: string, leafDer: Buffer): void {
  // 1. openssl parses it, verifies the MAC, and reports the expected algorithms.
  // 3DES and the PKCS#12 KDF are in OpenSSL 3's default provider: no -legacy flag is needed for the legacy mode.
  const info = run('openssl', ['pkcs12', '-info', '-in', p12, '-passin', `pass:${PW}`, '-nodes']);
  expect(info.status, info.all).toBe(0);
  expect(info.all).toContain(mode.macLine);
  expect(info.all).toContain(mode.macLen);
  expect(info.all).toContain(`PKCS7 Encrypted data: ${mode.cipherLine}`);
  expect(info.all).toContain(`Shrouded Keybag: ${mode.cipherLine}`);
  expect(count(info.all, 'Certificate bag')).toBe(certCount);
  expect(count(info.all, 'Shrouded Keybag')).toBe(1);
  expect(count(info.all, '-----BEGIN CERTIFICATE-----')).toBe(certCount);
  expect(count(info.all, '-----BEGIN PRIVATE KEY-----')).toBe(1);
  // friendlyName + localKeyID on the leaf cert bag and the key bag (and nowhere else).
  expect(count(info.all, `friendlyName: ${friendlyName}`)).toBe(2);
  const keyId = createHash('sha1').update(leafDer).digest();
  expect(count(info.all, `localKeyID: ${opensslHex(keyId)}`)).toBe(2);

  // 4. A wrong password fails MAC verification.
  const wrong = run('openssl', ['pkcs12', '-info', '-in', p12, '-passin', `pass:${PW}x`, '-nodes']);
  expect(wrong.status).not.toBe(0);
  expect(wrong.all).toContain('Mac verify error');
}

/** 2. The key inside the store matches the leaf certificate. */
function expectKeyMatchesLeaf(p12: string, leafDer: Buffer, keyType: string): void {
  const out = runOk('openssl', ['pkcs12', '-in', p12, '-passin', `pass:${PW}`, '-nodes', '-nocerts']).stdout;
  const pem = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/.exec(out)?.[0];
  expect(pem, out).toBeDefined();
  const extracted = createPrivateKey(pem!);
  expect(extracted.asymmetricKeyType).toBe(keyType);
  const leafKey = new X509Certificate(leafDer).publicKey;
  expect(spki(createPublicKey(extracted)).equals(spki(leafKey))).toBe(true);
}

/** 3. keytool reads it: one PrivateKeyEntry with the whole chain. */
function expectKeytool(p12: string, chainLength: number, alias: string): void {
  const r = run('keytool', ['-list', '-v', '-storetype', 'PKCS12', '-keystore', p12, '-storepass', PW]);
  expect(r.status, r.all).toBe(0);
  expect(r.stdout).toContain('Your keystore contains 1 entry');
  expect(count(r.stdout, 'Entry type: PrivateKeyEntry')).toBe(1);
  expect(r.stdout).toContain(`Certificate chain length: ${chainLength}`);
  // Java's PKCS12 keystore lower-cases aliases (the friendlyName).
  expect(r.stdout).toContain(`Alias name: ${alias.toLowerCase()}`);
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtlskit-pkcs12-'));
  cfg = path.join(dir, 'openssl.cnf');
  // Own config so the test does not depend on the system openssl.cnf defaults.
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
      'authorityKeyIdentifier = keyid:always',
      '[v3_leaf]',
      'basicConstraints = critical,CA:FALSE',
      'keyUsage = critical,digitalSignature',
      'extendedKeyUsage = serverAuth,clientAuth',
      'subjectKeyIdentifier = hash',
      'authorityKeyIdentifier = keyid:always',
      '',
    ].join('\n'),
  );
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const KEY_TYPES: { name: string; keyType: string; generate: () => KeyObject }[] = [
  { name: 'RSA-2048', keyType: 'rsa', generate: () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey },
  { name: 'EC P-256', keyType: 'ec', generate: () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey },
  { name: 'EC P-384', keyType: 'ec', generate: () => generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey },
  { name: 'Ed25519', keyType: 'ed25519', generate: () => generateKeyPairSync('ed25519').privateKey },
];

describe.each(KEY_TYPES)('buildPkcs12 with a self-signed $name certificate', ({ name, keyType, generate }) => {
  let key: KeyObject;
  let certDer: Buffer;
  const friendlyName = `Leaf ${name}`;

  beforeAll(() => {
    key = generate();
    certDer = selfSigned(writeKey(key), `mtlskit ${name}`, false);
  });

  describe.each(MODES)('$name mode', (mode) => {
    let p12: string;

    beforeAll(() => {
      p12 = writeP12(
        buildPkcs12({
          privateKeyPkcs8Der: key.export({ type: 'pkcs8', format: 'der' }),
          certificateDers: [certDer],
          password: PW,
          friendlyName,
          legacy: mode.legacy,
        }),
      );
    });

    it('openssl verifies the MAC and reports the expected algorithms; a wrong password fails', () => {
      expectOpensslInfo(p12, mode, 1, friendlyName, certDer);
    });

    it('the extracted key matches the certificate', () => {
      expectKeyMatchesLeaf(p12, certDer, keyType);
    });

    it('keytool lists one PrivateKeyEntry with chain length 1', () => {
      expectKeytool(p12, 1, friendlyName);
    });
  });
});

describe('buildPkcs12 with a CA-issued chain', () => {
  let rootKey: KeyObject;
  let rootDer: Buffer;
  let rootKeyFile: string;
  let intKeyFile: string;
  let intDer: Buffer;
  let leafKey: KeyObject;
  let leafDer: Buffer;
  let leafViaIntDer: Buffer;

  beforeAll(() => {
    rootKey = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
    rootKeyFile = writeKey(rootKey);
    rootDer = selfSigned(rootKeyFile, 'mtlskit test root', true);
    intKeyFile = writeKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
    intDer = issued(intKeyFile, 'mtlskit test intermediate', rootDer, rootKeyFile, true);
    leafKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const leafKeyFile = writeKey(leafKey);
    leafDer = issued(leafKeyFile, 'leaf.example', rootDer, rootKeyFile, false);
    leafViaIntDer = issued(leafKeyFile, 'leaf2.example', intDer, intKeyFile, false);
  });

  it.each(MODES)('leaf + CA ($name): keytool chain length 2, openssl sees both certs in order', (mode) => {
    const p12 = writeP12(
      buildPkcs12({
        privateKeyPkcs8Der: leafKey.export({ type: 'pkcs8', format: 'der' }),
        certificateDers: [leafDer, rootDer],
        password: PW,
        friendlyName: 'leaf',
        legacy: mode.legacy,
      }),
    );
    expectOpensslInfo(p12, mode, 2, 'leaf', leafDer);
    expectKeyMatchesLeaf(p12, leafDer, 'rsa');
    expectKeytool(p12, 2, 'leaf');
    const certs = runOk('openssl', ['pkcs12', '-in', p12, '-passin', `pass:${PW}`, '-nokeys']).stdout;
    const subjects = [...certs.matchAll(/^subject=(.*)$/gm)].map((m) => m[1]);
    expect(subjects).toEqual(['CN = leaf.example', 'CN = mtlskit test root']);
  });

  it('leaf + intermediate + root (modern): keytool chain length 3 in leaf-first order', () => {
    const p12 = writeP12(
      buildPkcs12({
        privateKeyPkcs8Der: leafKey.export({ type: 'pkcs8', format: 'der' }),
        certificateDers: [leafViaIntDer, intDer, rootDer],
        password: PW,
        friendlyName: 'leaf2',
      }),
    );
    expectOpensslInfo(p12, MODES[0], 3, 'leaf2', leafViaIntDer);
    expectKeytool(p12, 3, 'leaf2');
    const r = runOk('keytool', ['-list', '-v', '-storetype', 'PKCS12', '-keystore', p12, '-storepass', PW]);
    const owners = [...r.stdout.matchAll(/^Owner: (.*)$/gm)].map((m) => m[1]);
    expect(owners).toEqual(['CN=leaf2.example', 'CN=mtlskit test intermediate', 'CN=mtlskit test root']);
  });

  it('rejects a key that does not match the leaf, and an empty chain', () => {
    const otherKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    expect(() =>
      buildPkcs12({
        privateKeyPkcs8Der: otherKey.export({ type: 'pkcs8', format: 'der' }),
        certificateDers: [leafDer, rootDer],
        password: PW,
        friendlyName: 'x',
      }),
    ).toThrow(/does not match the leaf/);
    expect(() =>
      buildPkcs12({
        privateKeyPkcs8Der: leafKey.export({ type: 'pkcs8', format: 'der' }),
        certificateDers: [],
        password: PW,
        friendlyName: 'x',
      }),
    ).toThrow(/at least one certificate/);
  });
});

describe('buildPkcs12 output structure', () => {
  let key: KeyObject;
  let certDer: Buffer;

  beforeAll(() => {
    key = generateKeyPairSync('ed25519').privateKey;
    certDer = selfSigned(writeKey(key), 'structure', false);
  });

  /** Deterministic randomness: a counter-based stream seeded by `seed`. */
  function fakeRandom(seed: number): (n: number) => Buffer {
    let counter = 0;
    return (n) => {
      const out = Buffer.alloc(n);
      for (let i = 0; i < n; i++) out[i] = (seed + counter++) & 0xff;
      return out;
    };
  }

  it.each(MODES)('is deterministic with injected randomness and uses it ($name)', (mode) => {
    const input = {
      privateKeyPkcs8Der: key.export({ type: 'pkcs8', format: 'der' }),
      certificateDers: [certDer],
      password: PW,
      friendlyName: 'det',
      legacy: mode.legacy,
    };
    const a = buildPkcs12({ ...input, randomBytes: fakeRandom(1) });
    const b = buildPkcs12({ ...input, randomBytes: fakeRandom(1) });
    const c = buildPkcs12({ ...input, randomBytes: fakeRandom(2) });
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
    // And still valid for openssl.
    const p12 = writeP12(a);
    expect(run('openssl', ['pkcs12', '-info', '-in', p12, '-passin', `pass:${PW}`, '-nodes']).status).toBe(0);
  });

  it('has the RFC 7292 layout and a UTF-16BE BMPString friendlyName', () => {
    const friendlyName = 'Tëst ключ';
    const der = buildPkcs12({
      privateKeyPkcs8Der: key.export({ type: 'pkcs8', format: 'der' }),
      certificateDers: [certDer],
      password: PW,
      friendlyName,
    });
    const { asn1 } = forge;
    const pfx = asn1.fromDer(der.toString('binary'), true);
    expect(asn1.toDer(pfx).getBytes()).toBe(der.toString('binary')); // canonical re-encoding
    const [version, authSafe, macData] = pfx.value as forge.asn1.Asn1[];
    expect(asn1.derToInteger(version!.value as string)).toBe(3);
    const authSafeItems = authSafe!.value as forge.asn1.Asn1[];
    expect(asn1.derToOid(authSafeItems[0]!.value as string)).toBe('1.2.840.113549.1.7.1');
    const octets = ((authSafeItems[1]!.value as forge.asn1.Asn1[])[0]!).value as string;
    const contentInfos = asn1.fromDer(octets).value as forge.asn1.Asn1[];
    expect(contentInfos.map((ci) => asn1.derToOid((ci.value as forge.asn1.Asn1[])[0]!.value as string))).toEqual([
      '1.2.840.113549.1.7.6',
      '1.2.840.113549.1.7.1',
    ]);
    const [mac, macSalt, iterations] = macData!.value as forge.asn1.Asn1[];
    const digestAlg = ((mac!.value as forge.asn1.Asn1[])[0]!.value as forge.asn1.Asn1[])[0]!;
    expect(asn1.derToOid(digestAlg.value as string)).toBe('2.16.840.1.101.3.4.2.1');
    expect((macSalt!.value as string).length).toBeGreaterThanOrEqual(8);
    expect(asn1.derToInteger(iterations!.value as string)).toBeGreaterThanOrEqual(2048);

    // The key bag's attributes are in the clear: BMPString tag 0x1E, length, UTF-16BE code units.
    const utf16be = Buffer.from(friendlyName, 'utf16le').swap16();
    expect(der.includes(Buffer.concat([Buffer.from([0x1e, utf16be.length]), utf16be]))).toBe(true);
  });
});
