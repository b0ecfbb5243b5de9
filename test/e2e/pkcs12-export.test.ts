import { execFile } from 'node:child_process';
import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { runCli, runCliAsync, tempDir } from '../helpers/cli.js';

// Acceptance: "PKCS#12 files (modern and legacy) open with `openssl pkcs12 -info` and
// `keytool -list -storetype PKCS12` (Java 17 is installed), and the key inside matches the
// certificate." Everything goes through the built CLI and real openssl / keytool processes.

const PW = 'S3cret pass-word';
const KEYS = ['ec-p256', 'ed25519', 'rsa-2048'] as const;
const PROFILES = {
  modern: {
    legacy: false,
    expect: ['PBES2, PBKDF2, AES-256-CBC', 'MAC: sha256'],
    absent: ['TripleDES', 'RC2', 'MAC: sha1'],
  },
  legacy: {
    legacy: true,
    expect: ['pbeWithSHA1And3-KeyTripleDES-CBC', 'MAC: sha1'],
    absent: ['PBES2', 'AES-256-CBC', 'MAC: sha256'],
  },
} as const;

let tmp: { path: string; remove: () => void };
let pwFile: string;
/** Two CA stores: a root only, and a root with an intermediate that signs leaves. */
const stores = { root: '', intermediate: '' };

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  all: string;
}

/** A tool run off the event loop (so concurrent cases overlap); never rejects on a non-zero exit. */
function tool(cmd: string, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { encoding: 'utf8', timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof (error as NodeJS.ErrnoException).code === 'string') return reject(error); // ENOENT etc.
      const code = error ? ((error as { code?: number | null }).code ?? null) : 0;
      resolve({ code, stdout, stderr, all: `${stdout}\n${stderr}` });
    });
  });
}

const pemBlocks = (text: string, label: string) =>
  text.match(new RegExp(`-----BEGIN ${label}-----[\\s\\S]+?-----END ${label}-----`, 'g')) ?? [];
const spki = (key: KeyObject) => key.export({ type: 'spki', format: 'der' });
const mode = (path: string) => statSync(path).mode & 0o777;
const logLines = (store: string) => (existsSync(join(store, 'issuance.log')) ? readFileSync(join(store, 'issuance.log'), 'utf8').split('\n').filter(Boolean).length : 0);

beforeAll(() => {
  tmp = tempDir('mtlskit-p12-');
  pwFile = join(tmp.path, 'pw.txt');
  writeFileSync(pwFile, `${PW}\n`);
  stores.root = join(tmp.path, 'root-store');
  stores.intermediate = join(tmp.path, 'intermediate-store');
  for (const [dir, extra] of [
    [stores.root, []],
    [stores.intermediate, ['--intermediate']],
  ] as const) {
    const r = runCli(['ca', 'create', '--dir', dir, ...extra, '--json']);
    expect(r.code, r.stderr).toBe(0);
  }
});

afterAll(() => tmp?.remove());

const CASES = KEYS.flatMap((key) =>
  (['modern', 'legacy'] as const).flatMap((profile) => (['root', 'intermediate'] as const).map((ca) => ({ key, profile, ca }))),
);

describe('cert create --format p12 opens in openssl and keytool, with the matching key', () => {
  it.concurrent.each(CASES)('$key, $profile, CA: $ca', async ({ key, profile, ca }) => {
    const store = stores[ca];
    const out = join(tmp.path, `out-${key}-${profile}-${ca}`);
    const p = PROFILES[profile];
    const r = await runCliAsync([
      'cert', 'create', 'api', 'localhost', '--dir', store, '--out', out, '--key', key,
      '--format', 'p12', '--p12-password-file', pwFile, ...(p.legacy ? ['--p12-legacy'] : []), '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const p12 = join(out, 'api.p12');
    expect(r.json.files.p12).toBe(p12);
    expect(mode(p12)).toBe(0o600);
    expect(r.json.certificate.key.algorithm).toBe(key);

    // openssl: parses it, checks the MAC with the password, names the expected algorithms.
    const info = await tool('openssl', ['pkcs12', '-info', '-nodes', '-in', p12, '-passin', `file:${pwFile}`]);
    expect(info.code, info.all).toBe(0);
    for (const text of p.expect) expect(info.all).toContain(text);
    for (const text of p.absent) expect(info.all).not.toContain(text);

    // The key inside is the key of NAME.crt (and the one in NAME.key).
    const keyOut = await tool('openssl', ['pkcs12', '-in', p12, '-nocerts', '-nodes', '-passin', `file:${pwFile}`]);
    expect(keyOut.code, keyOut.all).toBe(0);
    const keyPems = pemBlocks(keyOut.stdout, 'PRIVATE KEY');
    expect(keyPems).toHaveLength(1);
    const p12Key = createPrivateKey(keyPems[0]!);
    const leaf = new X509Certificate(readFileSync(join(out, 'api.crt')));
    expect(spki(createPublicKey(p12Key)).equals(spki(leaf.publicKey))).toBe(true);
    expect(spki(createPublicKey(p12Key)).equals(spki(createPublicKey(readFileSync(join(out, 'api.key')))))).toBe(true);

    // The certificates inside are the leaf, the intermediate when there is one, and the root.
    const certOut = await tool('openssl', ['pkcs12', '-in', p12, '-nokeys', '-passin', `file:${pwFile}`]);
    expect(certOut.code, certOut.all).toBe(0);
    const inside = pemBlocks(certOut.stdout, 'CERTIFICATE').map((pem) => new X509Certificate(pem).fingerprint256).sort();
    const expected = [
      leaf,
      ...(ca === 'intermediate' ? [new X509Certificate(readFileSync(join(store, 'intermediate.crt')))] : []),
      new X509Certificate(readFileSync(join(store, 'ca.crt'))),
    ].map((c) => c.fingerprint256).sort();
    expect(inside).toEqual(expected);

    // keytool (Java 17): one PrivateKeyEntry whose chain runs up to the root.
    const ks = await tool('keytool', ['-list', '-v', '-storetype', 'PKCS12', '-keystore', p12, '-storepass', PW]);
    expect(ks.code, ks.all).toBe(0);
    expect(ks.stdout).toMatch(/Your keystore contains 1 entry/);
    expect(ks.stdout.match(/Entry type: /g)).toHaveLength(1);
    expect(ks.stdout).toMatch(/Entry type: PrivateKeyEntry/);
    expect(ks.stdout).toMatch(new RegExp(`Certificate chain length: ${ca === 'intermediate' ? 3 : 2}\\b`));
  });

  it('takes the password from MTLSKIT_P12_PASSWORD, and the file opens with no other', async () => {
    const envPassword = 'from-the-environment 7';
    const out = join(tmp.path, 'out-env');
    const r = runCli(['cert', 'create', 'api', 'localhost', '--dir', stores.intermediate, '--out', out, '--format', 'p12', '--json'], {
      env: { MTLSKIT_P12_PASSWORD: envPassword },
    });
    expect(r.code, r.stderr).toBe(0);
    const p12 = join(out, 'api.p12');
    expect(mode(p12)).toBe(0o600);
    const good = await tool('openssl', ['pkcs12', '-info', '-nodes', '-in', p12, '-passin', `pass:${envPassword}`]);
    expect(good.code, good.all).toBe(0);
    expect(good.all).toContain('MAC: sha256');
    const wrong = await tool('openssl', ['pkcs12', '-info', '-nodes', '-in', p12, '-passin', `pass:${PW}`]);
    expect(wrong.code).not.toBe(0);
    const ks = await tool('keytool', ['-list', '-storetype', 'PKCS12', '-keystore', p12, '-storepass', envPassword]);
    expect(ks.code, ks.all).toBe(0);
    expect(ks.stdout).toMatch(/PrivateKeyEntry/);
  });

  it('refuses --format p12 without a password when stdin is not a terminal: exit 2, one sentence, nothing written', () => {
    const out = join(tmp.path, 'out-nopass');
    const before = logLines(stores.root);
    // runCli gives the child a pipe on stdin, so there is no terminal to prompt on.
    const r = runCli(['cert', 'create', 'api', 'localhost', '--dir', stores.root, '--out', out, '--format', 'p12'], { input: '' });
    expect(r.code).toBe(2);
    const lines = r.stderr.split('\n').filter((line) => line.trim() !== '');
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toContain('--p12-password-file');
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
    expect(logLines(stores.root)).toBe(before);
  });
});

describe('other --format outputs', () => {
  it('--format der writes NAME.der, the DER of NAME.crt', () => {
    const out = join(tmp.path, 'out-der');
    const r = runCli(['cert', 'create', 'api', 'localhost', '--dir', stores.intermediate, '--out', out, '--format', 'der', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const derPath = join(out, 'api.der');
    expect(r.json.files.der).toBe(derPath);
    const der = readFileSync(derPath);
    const pem = readFileSync(join(out, 'api.crt'), 'utf8');
    const pemBody = Buffer.from(pemBlocks(pem, 'CERTIFICATE')[0]!.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    expect(der.equals(pemBody)).toBe(true);
    expect(der.equals(new X509Certificate(pem).raw)).toBe(true);
    expect(new X509Certificate(der).serialNumber).toBe(r.json.certificate.serial);
    // No p12 or Secret unless asked for.
    expect(existsSync(join(out, 'api.p12'))).toBe(false);
    expect(existsSync(join(out, 'api-secret.yaml'))).toBe(false);
  });

  it('--format k8s writes a kubernetes.io/tls Secret with the chain, the key and the root CA (mode 0600)', () => {
    const out = join(tmp.path, 'out-k8s');
    const r = runCli(['cert', 'create', 'api', 'localhost', '--dir', stores.intermediate, '--out', out, '--format', 'k8s', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const secretPath = join(out, 'api-secret.yaml');
    expect(r.json.files.secret).toBe(secretPath);
    expect(mode(secretPath)).toBe(0o600);
    const secret = parseYaml(readFileSync(secretPath, 'utf8'));
    expect(secret.apiVersion).toBe('v1');
    expect(secret.kind).toBe('Secret');
    expect(secret.type).toBe('kubernetes.io/tls');
    expect(secret.metadata.name).toMatch(/^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/);
    expect(Object.keys(secret.data).sort()).toEqual(['ca.crt', 'tls.crt', 'tls.key']);
    const decoded = (field: string) => Buffer.from(secret.data[field], 'base64').toString('utf8');
    const chain = readFileSync(join(out, 'api-chain.crt'), 'utf8');
    expect(decoded('tls.crt')).toBe(chain);
    expect(decoded('tls.key')).toBe(readFileSync(join(out, 'api.key'), 'utf8'));
    expect(decoded('ca.crt')).toBe(readFileSync(join(stores.intermediate, 'ca.crt'), 'utf8'));
    // tls.crt is the leaf followed by the intermediate, and tls.key is the leaf's key.
    const chainCerts = pemBlocks(chain, 'CERTIFICATE').map((pem) => new X509Certificate(pem));
    expect(chainCerts.map((c) => c.fingerprint256)).toEqual([
      new X509Certificate(readFileSync(join(out, 'api.crt'))).fingerprint256,
      new X509Certificate(readFileSync(join(stores.intermediate, 'intermediate.crt'))).fingerprint256,
    ]);
    expect(spki(createPublicKey(decoded('tls.key'))).equals(spki(chainCerts[0]!.publicKey))).toBe(true);
  });
});
