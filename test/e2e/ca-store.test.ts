import { spawnSync, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { cpSync, existsSync, readFileSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MtlskitError } from '../../src/errors.js';
import { writeFileAtomic } from '../../src/pki/atomic-file.js';
import { runCli, runCliAsync, tempDir, type CliResult } from '../helpers/cli.js';
import { deadPid, exited, listFiles, liveProcess, LOCK_PROBE_LINE, startCli, withTimeout, writeLockProbe } from '../helpers/store-process.js';

// The CA store: concurrent issuance under the lock, stale-lock recovery, private file modes,
// no overwrite without --force, encrypted CA keys, damaged stores, atomic writes.

let tmp: { path: string; remove: () => void };
let counter = 0;
/** A fresh, not yet existing folder inside the test's temporary folder. */
const fresh = (label: string) => join(tmp.path, `${label}-${++counter}`);

/** A pristine store per kind, made once and copied for tests that damage or lock it. */
const pristine = { root: '', intermediate: '' };
const copyOf = (kind: keyof typeof pristine) => {
  const dir = fresh(`copy-${kind}`);
  cpSync(pristine[kind], dir, { recursive: true });
  return dir;
};

const mode = (path: string) => statSync(path).mode & 0o777;
const logEntries = (store: string): Record<string, unknown>[] =>
  existsSync(join(store, 'issuance.log'))
    ? readFileSync(join(store, 'issuance.log'), 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>)
    : [];
const leftovers = (dir: string) => listFiles(dir).filter((f) => /(^|\/)\.lock($|\.)|\.tmp$/.test(f));

function openssl(args: string[]): { code: number | null; out: string } {
  const r = spawnSync('openssl', args, { encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return { code: r.status, out: `${r.stdout}\n${r.stderr}` };
}

/** Issuer-chain check by OpenSSL itself. */
function expectVerifies(store: string, cert: string): void {
  const untrusted = existsSync(join(store, 'intermediate.crt')) ? ['-untrusted', join(store, 'intermediate.crt')] : [];
  const v = openssl(['verify', '-CAfile', join(store, 'ca.crt'), ...untrusted, cert]);
  expect(v.code, v.out).toBe(0);
  expect(v.out).toContain(`${cert}: OK`);
}

/** Exit 3 with one sentence on stderr that names `file`, and no stack trace. */
function expectBadInput(r: CliResult, file: string): string {
  expect(r.code, r.stderr).toBe(3);
  const lines = r.stderr.split('\n').filter((line) => line.trim() !== '');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^mtlskit: /);
  expect(lines[0]).toContain(file);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  return lines[0]!;
}

beforeAll(() => {
  tmp = tempDir('mtlskit-store-');
  pristine.root = join(tmp.path, 'pristine-root');
  pristine.intermediate = join(tmp.path, 'pristine-intermediate');
  for (const args of [['--dir', pristine.root], ['--dir', pristine.intermediate, '--intermediate']]) {
    const r = runCli(['ca', 'create', ...args]);
    expect(r.code, r.stderr).toBe(0);
  }
});

afterAll(() => tmp?.remove());

describe('concurrent issuance', () => {
  it('20 processes issuing in parallel against one CA: 20 valid certificates, 20 distinct serials, 20 intact log entries', async () => {
    const store = copyOf('intermediate');
    const names = Array.from({ length: 20 }, (_, i) => `svc${i}`);
    const runs = await withTimeout(
      Promise.all(names.map((name) => runCliAsync(['cert', 'create', name, '--dir', store, '--json']))),
      110_000,
      '20 parallel cert create runs',
    );
    runs.forEach((r, i) => expect(r.code, `${names[i]}: ${r.stderr}`).toBe(0));

    const certs = names.map((name) => {
      const path = join(store, 'certs', `${name}.crt`);
      expectVerifies(store, path);
      return new X509Certificate(readFileSync(path));
    });
    expect(new Set(certs.map((c) => c.serialNumber)).size).toBe(20);

    const entries = logEntries(store);
    expect(entries).toHaveLength(20);
    expect(entries.map((e) => e.name).sort()).toEqual([...names].sort());
    for (const entry of entries) {
      const i = names.indexOf(entry.name as string);
      const cert = certs[i]!;
      const reported = runs[i]!.json;
      expect(entry.serial).toBe(cert.serialNumber);
      expect(entry.serial).toBe(reported.certificate.serial);
      expect(entry.subject).toBe(`CN=${names[i]}`);
      expect(entry.sans).toEqual(reported.certificate.sans);
      expect(entry.sans).toEqual([`DNS:${names[i]}`]);
      expect(entry.notAfter).toBe(new Date(cert.validTo).toISOString());
      expect(entry.fingerprintSha256).toBe(cert.fingerprint256);
      expect([...(entry.files as string[])].sort()).toEqual(Object.values(reported.files as Record<string, string>).sort());
      for (const file of entry.files as string[]) expect(existsSync(file), file).toBe(true);
    }
    expect(leftovers(store)).toEqual([]);
  });
});

describe('store lock', () => {
  let children: ChildProcess[] = [];
  afterEach(async () => {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await withTimeout(exited(child), 10_000, 'child to die');
      }
    }
    children = [];
  });

  it('takes over a lock left by a process that has exited', async () => {
    const store = copyOf('root');
    const lock = join(store, '.lock');
    const pid = await deadPid();
    writeFileSync(lock, JSON.stringify({ pid, host: hostname(), since: new Date().toISOString() }));
    // The lock waits up to 60 s for a live owner; a dead one must be recognised at once.
    const run = startCli(['cert', 'create', 'api', '--dir', store, '--json']);
    children.push(run.child);
    const r = await withTimeout(run.done, 20_000, 'cert create to take over the dead owner\'s lock');
    expect(r.code, r.stderr).toBe(0);
    expectVerifies(store, join(store, 'certs', 'api.crt'));
    expect(existsSync(lock)).toBe(false);
    expect(logEntries(store)).toHaveLength(1);
  });

  it('takes over an ancient lock even when its owner cannot be checked (another host)', async () => {
    const store = copyOf('root');
    const lock = join(store, '.lock');
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: `not-${hostname()}`, since: '2000-01-01T00:00:00.000Z' }));
    const anHourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(lock, anHourAgo, anHourAgo);
    const run = startCli(['cert', 'create', 'api', '--dir', store]);
    children.push(run.child);
    const r = await withTimeout(run.done, 20_000, 'cert create to take over the ancient lock');
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(lock)).toBe(false);
  });

  it('waits while a live process holds the lock, and completes once it is released', async () => {
    const store = copyOf('root');
    const lock = join(store, '.lock');
    const holder = await liveProcess();
    children.push(holder);
    const ownerJson = JSON.stringify({ pid: holder.pid, host: hostname(), since: new Date().toISOString() });
    writeFileSync(lock, ownerJson);

    // The probe prints a line each time the CLI reads the lock's owner: three reads mean it found
    // the owner alive and went round its retry loop instead of breaking the lock or giving up.
    const waiter = startCli(['cert', 'create', 'api', '--dir', store, '--json'], { env: { NODE_OPTIONS: writeLockProbe(tmp.path) } });
    children.push(waiter.child);
    await waiter.stderrLines(new RegExp(LOCK_PROBE_LINE.replace(/\./g, '\\.')), 3, 30_000);
    expect(waiter.child.exitCode).toBeNull();
    expect(readFileSync(lock, 'utf8')).toBe(ownerJson);
    expect(existsSync(join(store, 'certs', 'api.crt'))).toBe(false);
    expect(logEntries(store)).toHaveLength(0);

    unlinkSync(lock); // the holder "releases" it
    const r = await withTimeout(waiter.done, 30_000, 'the waiting cert create to finish after the lock was released');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json?.ok).toBe(true);
    expectVerifies(store, join(store, 'certs', 'api.crt'));
    expect(logEntries(store)).toHaveLength(1);
    expect(existsSync(lock)).toBe(false);
    expect(holder.exitCode).toBeNull(); // it was the lock file, not the holder's death, that let it go
  });
});

describe('file modes', () => {
  it('ca.key, intermediate.key and NAME.key are 0600', () => {
    const store = fresh('modes');
    expect(runCli(['ca', 'create', '--dir', store, '--intermediate']).code).toBe(0);
    const r = runCli(['cert', 'create', 'api', '--dir', store]);
    expect(r.code, r.stderr).toBe(0);
    expect(mode(join(store, 'ca.key'))).toBe(0o600);
    expect(mode(join(store, 'intermediate.key'))).toBe(0o600);
    expect(mode(join(store, 'certs', 'api.key'))).toBe(0o600);
  });
});

describe('no overwrite without --force', () => {
  it('ca create twice: the second is refused (exit 1) and the CA is untouched; --force replaces it', () => {
    const store = fresh('ca-twice');
    expect(runCli(['ca', 'create', '--dir', store]).code).toBe(0);
    const crt = readFileSync(join(store, 'ca.crt'));
    const key = readFileSync(join(store, 'ca.key'));
    const again = runCli(['ca', 'create', '--dir', store]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(new RegExp(`${join(store, 'ca.')}(crt|key)`));
    expect(again.stderr).toContain('--force');
    expect(again.stderr).not.toMatch(/^\s+at /m);
    expect(readFileSync(join(store, 'ca.crt')).equals(crt)).toBe(true);
    expect(readFileSync(join(store, 'ca.key')).equals(key)).toBe(true);

    const forced = runCli(['ca', 'create', '--dir', store, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(join(store, 'ca.crt')).equals(crt)).toBe(false);
    expect(readFileSync(join(store, 'ca.key')).equals(key)).toBe(false);
    expect(mode(join(store, 'ca.key'))).toBe(0o600);
    expect(leftovers(store)).toEqual([]);
  });

  it('cert create twice: the second is refused (exit 1), files untouched; --force replaces them', () => {
    const store = copyOf('root');
    const files = ['api.crt', 'api.key', 'api-chain.crt'].map((f) => join(store, 'certs', f));
    expect(runCli(['cert', 'create', 'api', '--dir', store]).code).toBe(0);
    const snapshot = () => files.map((f) => ({ bytes: readFileSync(f), mtime: statSync(f).mtimeMs }));
    const before = snapshot();

    const again = runCli(['cert', 'create', 'api', '--dir', store]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(new RegExp(`${join(store, 'certs', 'api')}[.-]`));
    expect(again.stderr).toContain('--force');
    const after = snapshot();
    after.forEach((f, i) => {
      expect(f.bytes.equals(before[i]!.bytes), files[i]).toBe(true);
      expect(f.mtime, files[i]).toBe(before[i]!.mtime);
    });
    expect(logEntries(store)).toHaveLength(1);

    const forced = runCli(['cert', 'create', 'api', '--dir', store, '--force', '--json']);
    expect(forced.code, forced.stderr).toBe(0);
    const replaced = snapshot();
    replaced.forEach((f, i) => expect(f.bytes.equals(before[i]!.bytes), files[i]).toBe(false));
    expect(new X509Certificate(replaced[0]!.bytes).serialNumber).toBe(forced.json.certificate.serial);
    expect(mode(files[1]!)).toBe(0o600);
    expectVerifies(store, files[0]!);
    expect(logEntries(store)).toHaveLength(2);
    expect(leftovers(store)).toEqual([]);
  });

  it('ca create --force without --intermediate removes the old intermediate, and leaves come from the new root', () => {
    const store = copyOf('intermediate');
    const r = runCli(['ca', 'create', '--dir', store, '--force']);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(store, 'intermediate.crt'))).toBe(false);
    expect(existsSync(join(store, 'intermediate.key'))).toBe(false);
    const leaf = runCli(['cert', 'create', 'api', '--dir', store, '--json']);
    expect(leaf.code, leaf.stderr).toBe(0);
    const root = new X509Certificate(readFileSync(join(store, 'ca.crt')));
    expect(new X509Certificate(readFileSync(leaf.json.files.cert)).checkIssued(root)).toBe(true);
    expectVerifies(store, leaf.json.files.cert);
  });
});

describe('encrypted CA key', () => {
  let store: string;
  let passFile: string;
  let wrongFile: string;
  const PASS = 'the right passphrase';

  beforeAll(() => {
    store = fresh('encrypted');
    passFile = join(tmp.path, 'ca-pass.txt');
    wrongFile = join(tmp.path, 'wrong-pass.txt');
    writeFileSync(passFile, `${PASS}\n`);
    writeFileSync(wrongFile, 'not it\n');
    const r = runCli(['ca', 'create', '--dir', store, '--intermediate', '--passphrase-file', passFile]);
    expect(r.code, r.stderr).toBe(0);
  });

  it('ca create --passphrase-file encrypts ca.key and intermediate.key (PKCS#8, readable by openssl)', () => {
    for (const name of ['ca.key', 'intermediate.key']) {
      const path = join(store, name);
      expect(readFileSync(path, 'utf8').startsWith('-----BEGIN ENCRYPTED PRIVATE KEY-----'), name).toBe(true);
      expect(mode(path)).toBe(0o600);
      expect(openssl(['pkey', '-in', path, '-passin', `file:${passFile}`, '-noout']).code).toBe(0);
      expect(openssl(['pkey', '-in', path, '-passin', 'pass:not it', '-noout']).code).not.toBe(0);
    }
  });

  it('cert create without the passphrase: exit 3 naming the key file and --passphrase-file', () => {
    const r = runCli(['cert', 'create', 'nopass', '--dir', store]);
    const line = expectBadInput(r, join(store, 'ca.key'));
    expect(line).toContain('--passphrase-file');
    expect(existsSync(join(store, 'certs', 'nopass.crt'))).toBe(false);
  });

  it('a wrong passphrase (file or MTLSKIT_CA_PASSPHRASE): exit 3, says the passphrase is wrong', () => {
    const viaFile = runCli(['cert', 'create', 'wrong1', '--dir', store, '--passphrase-file', wrongFile]);
    expect(expectBadInput(viaFile, join(store, 'ca.key'))).toMatch(/passphrase is wrong/i);
    const viaEnv = runCli(['cert', 'create', 'wrong2', '--dir', store], { env: { MTLSKIT_CA_PASSPHRASE: 'not it' } });
    expect(expectBadInput(viaEnv, join(store, 'ca.key'))).toMatch(/passphrase is wrong/i);
    expect(existsSync(join(store, 'certs'))).toBe(false);
    expect(logEntries(store)).toHaveLength(0);
  });

  it('the right passphrase (file or MTLSKIT_CA_PASSPHRASE) issues', () => {
    const viaFile = runCli(['cert', 'create', 'right1', '--dir', store, '--passphrase-file', passFile]);
    expect(viaFile.code, viaFile.stderr).toBe(0);
    expectVerifies(store, join(store, 'certs', 'right1.crt'));
    const viaEnv = runCli(['cert', 'create', 'right2', '--dir', store], { env: { MTLSKIT_CA_PASSPHRASE: PASS } });
    expect(viaEnv.code, viaEnv.stderr).toBe(0);
    expectVerifies(store, join(store, 'certs', 'right2.crt'));
    // The leaf keys themselves are not encrypted.
    expect(readFileSync(join(store, 'certs', 'right1.key'), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });
});

describe('bad CA store input: exit 3, one sentence naming the file, no stack trace', () => {
  const otherKey = () => {
    const path = join(tmp.path, `other-${++counter}.key`);
    const g = openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', path]);
    expect(g.code, g.out).toBe(0);
    return readFileSync(path);
  };

  it('the CA folder is missing', () => {
    const missing = join(tmp.path, 'no-such-store');
    expectBadInput(runCli(['cert', 'create', 'api', '--dir', missing]), missing);
    expect(existsSync(missing)).toBe(false);
  });

  it('ca.key replaced by another key: says it does not belong to ca.crt (key-mismatch)', () => {
    const store = copyOf('root');
    writeFileSync(join(store, 'ca.key'), otherKey());
    const r = runCli(['cert', 'create', 'api', '--dir', store]);
    expect(expectBadInput(r, join(store, 'ca.key'))).toMatch(/does not belong|mismatch/i);
    const asJson = runCli(['cert', 'create', 'api', '--dir', store, '--json']);
    expect(asJson.code).toBe(3);
    expect(asJson.json?.error?.causeId).toBe('key-mismatch');
    expect(existsSync(join(store, 'certs'))).toBe(false);
  });

  it('intermediate.key replaced by another key', () => {
    const store = copyOf('intermediate');
    writeFileSync(join(store, 'intermediate.key'), otherKey());
    const r = runCli(['cert', 'create', 'api', '--dir', store]);
    expect(expectBadInput(r, join(store, 'intermediate.key'))).toMatch(/does not belong|mismatch/i);
  });

  it('ca.key is garbage', () => {
    const store = copyOf('root');
    writeFileSync(join(store, 'ca.key'), 'this is not a key\n');
    expectBadInput(runCli(['cert', 'create', 'api', '--dir', store]), join(store, 'ca.key'));
  });

  it('ca.key is missing', () => {
    const store = copyOf('root');
    rmSync(join(store, 'ca.key'));
    expectBadInput(runCli(['cert', 'create', 'api', '--dir', store]), join(store, 'ca.key'));
  });

  it('ca.crt is corrupt', () => {
    const store = copyOf('root');
    const text = readFileSync(join(store, 'ca.crt'), 'utf8');
    // Keep the PEM armour, damage the body.
    writeFileSync(join(store, 'ca.crt'), text.replace(/\n[A-Za-z0-9+/]{20}/, '\n!!!!corrupted!!!!!!!'));
    expectBadInput(runCli(['cert', 'create', 'api', '--dir', store]), join(store, 'ca.crt'));
    writeFileSync(join(store, 'ca.crt'), 'garbage\n');
    expectBadInput(runCli(['cert', 'create', 'api', '--dir', store]), join(store, 'ca.crt'));
  });
});

describe('atomic writes', () => {
  it('a successful run leaves no temporary files', () => {
    const store = fresh('atomic');
    const pw = join(tmp.path, 'atomic-pw.txt');
    writeFileSync(pw, 'pw\n');
    expect(runCli(['ca', 'create', '--dir', store, '--intermediate']).code).toBe(0);
    const r = runCli(['cert', 'create', 'api', '--dir', store, '--format', 'der,p12,k8s', '--p12-password-file', pw]);
    expect(r.code, r.stderr).toBe(0);
    const files = listFiles(store);
    expect(files).toContain(join('certs', 'api-secret.yaml'));
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(leftovers(store)).toEqual([]);
  });

  describe('writeFileAtomic', () => {
    // Called through an async wrapper so that a synchronous throw is a rejection too.
    const write = (path: string, data: string, overwrite: boolean, fileMode = 0o600) =>
      (async () => writeFileAtomic({ path, data, mode: fileMode }, overwrite))();

    it('creates a file with the requested mode (and its folder)', async () => {
      const path = join(fresh('unit'), 'sub', 'new.key');
      await write(path, 'fresh', false);
      expect(readFileSync(path, 'utf8')).toBe('fresh');
      expect(mode(path)).toBe(0o600);
    });

    it('overwrite=false over an existing file throws a refusal and leaves the old content, no temp file', async () => {
      const dir = fresh('unit');
      const path = join(dir, 'existing.txt');
      await write(path, 'old', false, 0o644);
      await expect(write(path, 'new', false)).rejects.toSatisfy(
        (error: unknown) => error instanceof MtlskitError && error.kind === 'refused' && error.message.includes(path),
      );
      expect(readFileSync(path, 'utf8')).toBe('old');
      expect(listFiles(dir)).toEqual(['existing.txt']);
    });

    it('overwrite=true replaces the content (and mode), no temp file', async () => {
      const dir = fresh('unit');
      const path = join(dir, 'existing.txt');
      await write(path, 'old', false, 0o644);
      await write(path, 'new', true, 0o600);
      expect(readFileSync(path, 'utf8')).toBe('new');
      expect(mode(path)).toBe(0o600);
      expect(listFiles(dir)).toEqual(['existing.txt']);
    });
  });
});
