import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli, tempDir, type CliResult } from '../helpers/cli.js';

// Bad input to the reading commands (inspect, inspect --json, lint, verify), as a user runs them:
// every broken file ends in exit 3 (2 for a password that was never given), one line on stderr
// that starts with 'mtlskit: ', names the input as it was typed and says what is wrong, no stack
// trace, nothing else on stdout, and with --json the error document. Every run goes through the
// helper's runCli, whose timeout ends a run that hangs.

let tmp: { path: string; remove: () => void };

function openssl(args: string[]): void {
  execFileSync('openssl', args, { cwd: tmp.path, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
}

const run = (args: string[], input?: string): CliResult => runCli(args, { cwd: tmp.path, input });

/** Deterministic bytes (xorshift32) that are neither DER (0x30) nor PEM text at the start. */
function noise(length: number): Buffer {
  const out = Buffer.alloc(length);
  let x = 0x2545f491;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  out[0] = 0xd7;
  return out;
}

interface BadInput {
  label: string;
  /** The path as the user types it (relative to the run's folder). */
  path: string;
  /** What the message must say is wrong. */
  says: RegExp;
  extraArgs?: string[];
  code?: number;
  kind?: string;
  /** Whether `verify GOOD --ca THIS` is also tried (not for password cases: --password-file is not for --ca). */
  asCa?: boolean;
}

const BAD: BadInput[] = [
  { label: 'truncated DER', path: 'inputs/truncated.der', says: /truncated DER/, asCa: true },
  { label: 'random bytes', path: 'inputs/random.bin', says: /not a certificate, key, CSR, PKCS#7 or PKCS#12 file/, asCa: true },
  { label: 'PEM with broken base64', path: 'inputs/broken-base64.pem', says: /not valid base64 \(unexpected '!'\)/, asCa: true },
  {
    label: 'a PKCS#12 file and the wrong password',
    path: 'inputs/protected.p12',
    extraArgs: ['--password-file', 'inputs/wrong-password.txt'],
    says: /password is wrong.*--password-file/,
  },
  {
    label: 'a PKCS#12 file, no password and no terminal',
    path: 'inputs/protected.p12',
    says: /password-protected.*--password-file/,
    code: 2,
    kind: 'usage',
  },
  { label: 'an empty file', path: 'inputs/empty.pem', says: /is empty/, asCa: true },
  { label: 'a directory', path: 'inputs/certs', says: /is a directory/, asCa: true },
  { label: 'a missing file', path: 'inputs/missing.pem', says: /no such file/, asCa: true },
  { label: 'a 50 MB file', path: 'inputs/huge.bin', says: /50\.0 MB.*16 MB/, asCa: true },
  { label: 'PEM with a BEGIN line and no END line', path: 'inputs/no-end.pem', says: /no '-----END CERTIFICATE-----' line/, asCa: true },
];

const COMMANDS: [name: string, args: (file: string) => string[], json: boolean][] = [
  ['inspect', (file) => ['inspect', file], false],
  ['inspect --json', (file) => ['inspect', file, '--json'], true],
  ['lint', (file) => ['lint', file], false],
  ['lint --json', (file) => ['lint', file, '--json'], true],
  ['verify', (file) => ['verify', file, '--ca', 'ca.pem'], false],
  ['verify --json', (file) => ['verify', file, '--ca', 'ca.pem', '--json'], true],
];

/** Exit code, one line on stderr naming `name` and saying `says`, no stack trace, and the JSON document or nothing on stdout. */
function expectRefusal(r: CliResult, bad: Pick<BadInput, 'path' | 'says' | 'code' | 'kind'>, json: boolean, name = bad.path): void {
  const code = bad.code ?? 3;
  const context = `exit ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;
  expect(r.code, context).toBe(code);
  expect(r.stderr, context).not.toMatch(/^\s*at /m);
  expect(r.stderr, context).toMatch(/^mtlskit: [^\n]+\n$/);
  const line = r.stderr.slice(0, -1);
  expect(line, context).toContain(name);
  expect(line, context).toMatch(bad.says);
  if (json) {
    expect(r.json, context).toMatchObject({ ok: false, error: { kind: bad.kind ?? 'input', message: line.slice('mtlskit: '.length), exitCode: code } });
    expect(Object.keys(r.json)).toEqual(['ok', 'error']);
    expect(Object.keys(r.json.error).filter((key) => !['kind', 'message', 'causeId', 'exitCode'].includes(key))).toEqual([]);
  } else {
    expect(r.stdout, context).toBe('');
  }
}

beforeAll(() => {
  tmp = tempDir('mtlskit-read-bad-input-');
  const inputs = join(tmp.path, 'inputs');
  mkdirSync(join(inputs, 'certs'), { recursive: true });
  writeFileSync(join(inputs, 'certs', 'cert.pem'), 'not read: the directory is refused first\n');

  // A root and a leaf it signed: the good files around the bad ones.
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/CN=Bad Input Test Root', '-days', '30', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=leaf.example']);
  writeFileSync(join(tmp.path, 'leaf.ext'), 'subjectAltName=DNS:leaf.example\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n');
  openssl(['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '20', '-extfile', 'leaf.ext', '-out', 'leaf.pem']);
  openssl(['x509', '-in', 'leaf.pem', '-outform', 'DER', '-out', 'leaf.der']);

  const der = readFileSync(join(tmp.path, 'leaf.der'));
  writeFileSync(join(inputs, 'truncated.der'), der.subarray(0, Math.floor(der.length / 2)));
  writeFileSync(join(inputs, 'random.bin'), noise(4096));
  const pem = readFileSync(join(tmp.path, 'leaf.pem'), 'latin1');
  const middle = pem.indexOf('\n', pem.length / 2) + 5;
  writeFileSync(join(inputs, 'broken-base64.pem'), `${pem.slice(0, middle)}!${pem.slice(middle + 1)}`, 'latin1');
  writeFileSync(join(inputs, 'no-end.pem'), pem.replace(/-----END CERTIFICATE-----\n?$/, ''), 'latin1');
  writeFileSync(join(inputs, 'empty.pem'), '');
  openssl(['pkcs12', '-export', '-in', 'leaf.pem', '-inkey', 'leaf.key', '-passout', 'pass:correct horse', '-out', 'inputs/protected.p12']);
  writeFileSync(join(inputs, 'wrong-password.txt'), 'battery staple\n');
  // Sparse: 50 MB long, nothing written, so making it costs nothing.
  writeFileSync(join(inputs, 'huge.bin'), '');
  truncateSync(join(inputs, 'huge.bin'), 50 * 1024 * 1024);
  expect(existsSync(join(inputs, 'missing.pem'))).toBe(false);

  // The good files are good: what fails below fails because of the bad input.
  const good = run(['verify', 'leaf.pem', '--ca', 'ca.pem']);
  expect(good.code, good.stderr).toBe(0);
}, 120_000);

afterAll(() => tmp?.remove());

describe.each(BAD)('$label', (bad) => {
  it.each(COMMANDS)(`%s ${bad.path}`, (_name, args, json) => {
    expectRefusal(run([...args(bad.path), ...(bad.extraArgs ?? [])]), bad, json);
  });

  if (bad.asCa) {
    it(`verify leaf.pem --ca ${bad.path} (the bad file as the trust anchor)`, () => {
      expectRefusal(run(['verify', 'leaf.pem', '--ca', bad.path]), bad, false);
    });
  }
});

describe('stdin', () => {
  it('empty stdin: named as stdin', () => {
    expectRefusal(run(['inspect', '-'], ''), { path: 'stdin', says: /is empty/ }, false);
  });

  it('PEM with broken base64 on stdin, --json', () => {
    const text = readFileSync(join(tmp.path, 'inputs', 'broken-base64.pem'), 'latin1');
    expectRefusal(run(['inspect', '-', '--json'], text), { path: 'stdin', says: /not valid base64/ }, true);
  });

  it('PEM with no END line on stdin, lint', () => {
    const text = readFileSync(join(tmp.path, 'inputs', 'no-end.pem'), 'latin1');
    expectRefusal(run(['lint', '-'], text), { path: 'stdin', says: /no '-----END CERTIFICATE-----' line/ }, false);
  });
});

describe('a 50 MB file is refused before it is read', () => {
  it('quickly, and the process stays small', () => {
    const started = Date.now();
    const r = run(['inspect', 'inputs/huge.bin']);
    const seconds = (Date.now() - started) / 1000;
    expectRefusal(r, BAD.find((b) => b.path === 'inputs/huge.bin')!, false);
    expect(seconds).toBeLessThan(10);

    // .ci/run installs GNU time; without it this check would silently prove nothing.
    expect(existsSync('/usr/bin/time'), 'install GNU time (Debian package "time") to measure peak memory').toBe(true);
    // GNU time's %M: the peak resident set in KB. Reading the file would add its 50 MB (and more
    // for the text copy); refusing it leaves Node's own footprint.
    const env = { ...process.env, NO_COLOR: '1', MTLSKIT_P12_PASSWORD: '', MTLSKIT_DIR: '' };
    const timed = spawnSync('/usr/bin/time', ['-f', 'peak-rss-kb=%M', process.execPath, BIN, 'inspect', 'inputs/huge.bin'], { cwd: tmp.path, env, encoding: 'utf8', timeout: 60_000 });
    expect(timed.status, timed.stderr).toBe(3);
    const peak = Number(/peak-rss-kb=(\d+)/.exec(timed.stderr)?.[1]);
    expect(peak, timed.stderr).toBeGreaterThan(0);
    expect(peak / 1024, `peak RSS ${(peak / 1024).toFixed(0)} MB`).toBeLessThan(120);
  });
});

// Special files: a named pipe without a writer must not be waited on (open(2) would block), and a
// character device reports 0 bytes, so only a bounded read keeps /dev/zero from filling memory.
// Each run here is bounded (time, and address space for /dev/zero).
describe('special files', () => {
  const bounded = (command: string[], timeout: number): CliResult & { signal: NodeJS.Signals | null } => {
    const r = spawnSync('/bin/sh', ['-c', 'ulimit -v 2000000; exec "$@"', 'sh', process.execPath, BIN, ...command], {
      cwd: tmp.path,
      env: { ...process.env, NO_COLOR: '1', MTLSKIT_P12_PASSWORD: '' },
      encoding: 'utf8',
      input: '',
      timeout,
      killSignal: 'SIGKILL',
    });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, json: undefined, signal: r.signal };
  };

  it('a named pipe nobody writes to is refused, not waited on', () => {
    execFileSync('mkfifo', [join(tmp.path, 'inputs', 'pipe')]);
    const r = bounded(['inspect', 'inputs/pipe'], 10_000);
    expect(r.signal, 'killed: still waiting after 10 s').toBeNull();
    expectRefusal(r, { path: 'inputs/pipe', says: /./ }, false);
  });

  it('/dev/zero is refused after at most 16 MB, not read without end', () => {
    const r = bounded(['inspect', '/dev/zero'], 30_000);
    expect(r.signal, 'ended by a signal: out of memory, or still reading after 30 s').toBeNull();
    expectRefusal(r, { path: '/dev/zero', says: /16 MB/ }, false);
  });
});
