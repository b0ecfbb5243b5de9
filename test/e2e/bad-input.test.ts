import { spawnSync } from 'node:child_process';
import { createHash, createPublicKey, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliAsync, tempDir, type CliResult } from '../helpers/cli.js';

// Issue 2, bad input: every mistake exits with the documented code, says what is wrong in one
// sentence that names the value or file, shows no stack trace, and writes nothing.
// External CSRs of every key type openssl makes are certified with their own key and SANs.

let tmp: { path: string; remove: () => void };
/** A CA (root + intermediate) that no test may change. */
let store: string;
let pristine: Record<string, string>;
let counter = 0;
const fresh = (label: string) => join(tmp.path, `${label}-${++counter}`);

/** Every file under `root` (hidden ones too) with a digest of its content. */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else out[relative(root, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(root);
  return out;
}

function openssl(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync('openssl', args, { encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Exit `code`, one sentence on stderr naming every value in `names`, no stack trace; returns that sentence. */
function expectOneSentence(r: CliResult, code: number, names: string[]): string {
  expect(r.code, `stdout:\n${r.stdout}\nstderr:\n${r.stderr}`).toBe(code);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  const lines = r.stderr.split('\n').filter((line) => line.trim() !== '');
  expect(lines, r.stderr).toHaveLength(1);
  const line = lines[0]!;
  expect(line).toMatch(/^mtlskit: \S/);
  for (const name of names) expect(line).toContain(name);
  return line;
}

function expectStoreUntouched(): void {
  expect(snapshot(store)).toEqual(pristine);
}

const LONG_LABEL = `${'a'.repeat(64)}.example`;

beforeAll(() => {
  tmp = tempDir('mtlskit-bad-input-');
  store = join(tmp.path, 'ca');
  const r = runCli(['ca', 'create', '--dir', store, '--intermediate', '--json']);
  expect(r.code, r.stderr).toBe(0);
  pristine = snapshot(store);
  expect(Object.keys(pristine).sort()).toEqual(['ca.crt', 'ca.key', 'intermediate.crt', 'intermediate.key']);
});
afterAll(() => tmp.remove());

describe('cert create: usage errors exit 2 and write nothing', () => {
  const cases: [string, string[], string[]][] = [
    ['unknown key type', ['api', '--key', 'ec-p999'], ['ec-p999']],
    ['unknown profile', ['api', '--profile', 'bogus'], ['bogus']],
    ['zero days', ['api', '--days', '0'], ["'0'", '--days']],
    ['negative days', ['api', '--days', '-5'], ['-5', '--days']],
    ['absurd days', ['api', '--days', '40000'], ['40000', '--days']],
    ['non-numeric days', ['api', '--days', 'ten'], ['ten', '--days']],
    ['wildcard not left-most', ['api', '*.*.example'], ['*.*.example']],
    ['empty label', ['api', 'a..b'], ['a..b']],
    ['empty label via --san', ['api', '--san', 'a..b'], ['a..b']],
    ['label of 64 characters', ['api', LONG_LABEL], [LONG_LABEL]],
    ['white space', ['api', 'has space'], ['has space']],
    ['IPv4 octet above 255', ['api', '300.1.1.1'], ['300.1.1.1']],
    ['spiffe:// without trust domain', ['api', 'spiffe://'], ['spiffe://']],
    ['spiffe:///path without trust domain', ['api', 'spiffe:///path'], ['spiffe:///path']],
    [
      'two URI SANs with --profile spiffe',
      ['w', 'spiffe://example.org/ns/a/sa/w', 'spiffe://example.org/ns/b/sa/w', '--profile', 'spiffe'],
      ['spiffe://example.org/ns/a/sa/w', 'spiffe://example.org/ns/b/sa/w'],
    ],
    ['a spiffe and an https URI with --profile spiffe', ['w', 'spiffe://example.org/w', 'https://example.org/w', '--profile', 'spiffe'], ['https://example.org/w']],
    ['no spiffe SAN with --profile spiffe', ['w', '--profile', 'spiffe'], ['spiffe profile', 'spiffe://']],
    ['only a DNS SAN with --profile spiffe', ['w', 'w.example', '--profile', 'spiffe'], ['spiffe profile', 'spiffe://']],
    ['unknown flag', ['api', '--bogus'], ['--bogus']],
    ['unknown flag close to a real one', ['api', '--forc'], ['--forc', '--force']],
    ['flag without its value', ['api', '--days'], ['--days']],
  ];

  // These write nothing, so they run side by side.
  it.concurrent.each(cases)('%s', async (_label, args, names) => {
    const r = await runCliAsync(['cert', 'create', ...args, '--dir', store]);
    expectOneSentence(r, 2, names);
    expect(r.stdout).toBe('');
    expectStoreUntouched();
  });

  it('missing NAME argument', () => {
    const r = runCli(['cert', 'create', '--dir', store]);
    expectOneSentence(r, 2, ['name']);
    expect(r.stdout).toBe('');
    expectStoreUntouched();
  });
});

describe('ca create: usage errors exit 2 and create nothing', () => {
  const cases: [string, string[], string[]][] = [
    ['unknown key type', ['--key', 'ec-p999'], ['ec-p999']],
    ['zero days', ['--days', '0'], ["'0'", '--days']],
    ['negative days', ['--days', '-5'], ['-5', '--days']],
    ['absurd days', ['--days', '40000'], ['40000', '--days']],
    ['non-numeric days', ['--days', 'ten'], ['ten', '--days']],
    ['unknown flag', ['--bogus'], ['--bogus']],
  ];

  it.concurrent.each(cases)('%s', async (_label, args, names) => {
    const dir = fresh('ca-create');
    const r = await runCliAsync(['ca', 'create', '--dir', dir, '--intermediate', ...args]);
    expectOneSentence(r, 2, names);
    expect(existsSync(dir)).toBe(false);
  });

  it('does not touch an existing store either', () => {
    const r = runCli(['ca', 'create', '--dir', store, '--force', '--key', 'ec-p999']);
    expectOneSentence(r, 2, ['ec-p999']);
    expectStoreUntouched();
  });
});

describe('bad input files exit 3 and write nothing', () => {
  let csrDir: string;
  const tamperedCsr: Record<string, string> = {};

  beforeAll(() => {
    csrDir = join(tmp.path, 'bad-csr');
    mkdirSync(csrDir);
    for (const [label, keyArgs] of [
      ['rsa-2048', ['-newkey', 'rsa:2048']],
      ['ec-p256', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']],
      ['ed25519', ['-newkey', 'ed25519']],
    ] as const) {
      const good = join(csrDir, `${label}.csr`);
      const made = openssl(['req', '-new', ...keyArgs, '-nodes', '-keyout', join(csrDir, `${label}.key`), '-subj', '/CN=tampered', '-outform', 'DER', '-out', good]);
      expect(made.code, made.stderr).toBe(0);
      // The signature BIT STRING ends the DER: flip one bit of its last byte, so the structure
      // (and an ECDSA signature's own DER) stays intact and only the signature value changes.
      const der = readFileSync(good);
      der[der.length - 1]! ^= 0x01;
      const pem = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE REQUEST-----\n`;
      tamperedCsr[label] = join(csrDir, `tampered-${label}.csr`);
      writeFileSync(tamperedCsr[label]!, pem.replace('\n\n', '\n'));
    }
  });

  it('a CA folder that does not exist', () => {
    const r = runCli(['cert', 'create', 'api', '--dir', '/nonexistent/x']);
    expectOneSentence(r, 3, ['/nonexistent/x']);
    expect(existsSync('/nonexistent')).toBe(false);
  });

  it('an output folder that cannot be created (a file stands in its path)', () => {
    const blocker = fresh('blocker');
    writeFileSync(blocker, 'not a folder');
    const r = runCli(['cert', 'create', 'api', '--dir', store, '--out', join(blocker, 'certs')]);
    expectOneSentence(r, 3, [join(blocker, 'certs'), 'not a folder']);
    expect(snapshot(store)).toEqual(pristine);
  });

  it('a CA folder that cannot be created', () => {
    const blocker = fresh('blocker');
    writeFileSync(blocker, 'not a folder');
    const r = runCli(['ca', 'create', '--dir', join(blocker, 'ca')]);
    expectOneSentence(r, 3, [join(blocker, 'ca')]);
  });

  it('a folder without a CA in it', () => {
    const empty = fresh('empty');
    mkdirSync(empty);
    const r = runCli(['cert', 'create', 'api', '--dir', empty]);
    expectOneSentence(r, 3, [join(empty, 'ca.crt')]);
    expect(readdirSync(empty)).toEqual([]);
  });

  it.each(['rsa-2048', 'ec-p256', 'ed25519'])('a %s CSR whose signature does not verify', (label) => {
    const csr = tamperedCsr[label]!;
    // Still a well-formed request (openssl parses it), only the self-signature is wrong.
    const parsed = openssl(['req', '-in', csr, '-noout', '-subject']);
    expect(parsed.code, parsed.stderr).toBe(0);
    expect(parsed.stdout).toContain('CN = tampered');
    expect(openssl(['req', '-in', csr, '-noout', '-verify']).stderr).toMatch(/verify failure/i);

    const r = runCli(['cert', 'create', 'ext', '--csr', csr, '--dir', store]);
    expect(expectOneSentence(r, 3, [csr])).toMatch(/signature/);
    expectStoreUntouched();
  });

  it('a CSR file of random bytes', () => {
    const csr = join(csrDir, 'random.csr');
    writeFileSync(csr, Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 131 + 7) % 256)));
    expectOneSentence(runCli(['cert', 'create', 'ext', '--csr', csr, '--dir', store]), 3, [csr]);
    expectStoreUntouched();
  });

  it('a CSR file of text that is no PEM', () => {
    const csr = join(csrDir, 'text.csr');
    writeFileSync(csr, 'this is not a certificate request\n');
    expectOneSentence(runCli(['cert', 'create', 'ext', '--csr', csr, '--dir', store]), 3, [csr]);
    expectStoreUntouched();
  });

  it('a PEM CSR block with garbage inside', () => {
    const csr = join(csrDir, 'garbage-pem.csr');
    writeFileSync(csr, '-----BEGIN CERTIFICATE REQUEST-----\nTm90IGEgY2VydGlmaWNhdGUgcmVxdWVzdCBhdCBhbGw=\n-----END CERTIFICATE REQUEST-----\n');
    expectOneSentence(runCli(['cert', 'create', 'ext', '--csr', csr, '--dir', store]), 3, [csr]);
    expectStoreUntouched();
  });

  it('a certificate given where a CSR is expected', () => {
    const csr = join(store, 'ca.crt');
    expect(expectOneSentence(runCli(['cert', 'create', 'ext', '--csr', csr, '--dir', store]), 3, [csr])).toMatch(/PKCS#10|certificate request/);
    expectStoreUntouched();
  });

  it('a CSR file that does not exist', () => {
    const csr = join(csrDir, 'missing.csr');
    expectOneSentence(runCli(['cert', 'create', 'ext', '--csr', csr, '--dir', store]), 3, [csr]);
    expectStoreUntouched();
  });
});

describe('external CSRs of every key type openssl makes are certified', () => {
  let good: string;
  let csrDir: string;
  beforeAll(() => {
    good = join(tmp.path, 'good');
    csrDir = join(tmp.path, 'good-csr');
    mkdirSync(csrDir);
    expect(runCli(['ca', 'create', '--dir', good, '--intermediate']).code).toBe(0);
  });

  const kinds: [string, string[], string][] = [
    ['rsa-2048', ['-newkey', 'rsa:2048'], 'rsa'],
    ['ec-p256', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'], 'ec'],
    ['ec-p521', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-521'], 'ec'],
    ['ed25519', ['-newkey', 'ed25519'], 'ed25519'],
    ['ed448', ['-newkey', 'ed448'], 'ed448'],
  ];

  function makeCsr(label: string, keyArgs: string[], san: string): string {
    const csr = join(csrDir, `${label}.csr`);
    const made = openssl(['req', '-new', ...keyArgs, '-nodes', '-keyout', join(csrDir, `${label}.key`), '-subj', `/CN=ext-${label}`, '-addext', `subjectAltName=${san}`, '-out', csr]);
    expect(made.code, made.stderr).toBe(0);
    return csr;
  }

  const spki = (key: ReturnType<typeof createPublicKey>) => key.export({ type: 'spki', format: 'der' });

  it.each(kinds)('%s: the certificate carries the CSR key and SANs, verifies, and no key file is written', (label, keyArgs, keyType) => {
    const csr = makeCsr(label, keyArgs, `DNS:ext-${label}.example,IP:10.1.2.3`);
    const name = `ext-${label}`;
    const r = runCli(['cert', 'create', name, '--csr', csr, '--dir', good, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.ok).toBe(true);
    expect(r.json.files.key).toBeUndefined();
    expect(existsSync(join(good, 'certs', `${name}.key`))).toBe(false);
    expect(r.json.files.cert).toBe(join(good, 'certs', `${name}.crt`));

    const cert = new X509Certificate(readFileSync(r.json.files.cert));
    const csrKey = createPublicKey(openssl(['req', '-in', csr, '-noout', '-pubkey']).stdout);
    expect(cert.publicKey.asymmetricKeyType).toBe(keyType);
    expect(spki(cert.publicKey).equals(spki(csrKey))).toBe(true);

    expect(r.json.certificate.sans).toEqual([`DNS:ext-${label}.example`, 'IP:10.1.2.3']);
    expect(cert.subjectAltName).toBe(`DNS:ext-${label}.example, IP Address:10.1.2.3`);
    expect(cert.subject).toBe(`CN=ext-${label}`);
    expect(cert.issuer).toBe('CN=mtlskit Development Intermediate CA');

    const v = openssl(['verify', '-CAfile', join(good, 'ca.crt'), '-untrusted', join(good, 'intermediate.crt'), r.json.files.cert]);
    expect(v.code, `${v.stdout}${v.stderr}`).toBe(0);
    expect(v.stdout).toContain(`${r.json.files.cert}: OK`);
  });

  it('SANs on the command line replace the ones the CSR asks for', () => {
    const csr = makeCsr('override', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'], 'DNS:asked.example');
    const r = runCli(['cert', 'create', 'ext-override', 'given.example', '--san', '10.9.8.7', '--csr', csr, '--dir', good, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.certificate.sans).toEqual(['DNS:given.example', 'IP:10.9.8.7']);
    expect(new X509Certificate(readFileSync(r.json.files.cert)).subjectAltName).toBe('DNS:given.example, IP Address:10.9.8.7');
  });
});

describe('--json on an error', () => {
  const cases: [string, string[], number, string, string][] = [
    ['bad flag value', ['cert', 'create', 'api', '--key', 'ec-p999'], 2, 'usage', 'ec-p999'],
    ['invalid SAN', ['cert', 'create', 'api', 'a..b'], 2, 'usage', 'a..b'],
    ['unknown flag', ['cert', 'create', 'api', '--bogus'], 2, 'usage', '--bogus'],
    ['missing argument', ['cert', 'create'], 2, 'usage', 'name'],
    ['missing CA folder', ['cert', 'create', 'api', '--dir', '/nonexistent/x'], 3, 'input', '/nonexistent/x'],
    ['missing CSR', ['cert', 'create', 'api', '--csr', '/nonexistent/req.csr'], 3, 'input', '/nonexistent/req.csr'],
  ];

  it.concurrent.each(cases)('%s: { ok: false, error: { kind, message, exitCode } } on stdout', async (_label, args, code, kind, value) => {
    const withDir = args.includes('--dir') ? args : [...args, '--dir', store];
    const r = await runCliAsync([...withDir, '--json']);
    const sentence = expectOneSentence(r, code, [value]);
    expect(r.json, r.stdout).toMatchObject({ ok: false, error: { kind, exitCode: code } });
    expect(typeof r.json.error.message).toBe('string');
    expect(r.json.error.message).toContain(value);
    expect(sentence).toBe(`mtlskit: ${r.json.error.message}`);
    expectStoreUntouched();
  });
});
