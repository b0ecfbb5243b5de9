import { spawn, spawnSync } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY_ALGORITHMS } from '../../src/pki/keys.js';
import { LEAF_PROFILES } from '../../src/pki/profiles.js';
import { BIN, runCli, tempDir, type CliResult } from '../helpers/cli.js';
import { answer, choose, confirmStep, describePty, runOnPty, terminalEnv, type PtyResult, type PtyStep } from '../helpers/pty-session.js';

// `mtlskit init`: the inquirer wizard driven on a real pseudo-terminal must produce the same PKI
// as the equivalent flags; without a TTY (or with --yes) it never asks and uses defaults and flags.

const DAY_S = 86_400;
const BACKDATE_S = 300;

let tmp: { path: string; remove: () => void };
beforeAll(() => {
  tmp = tempDir('mtlskit-init-');
});
afterAll(() => tmp.remove());

function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(relative(root, path));
    }
  };
  walk(root);
  return out.sort();
}

const mode = (path: string) => statSync(path).mode & 0o777;
const cert = (path: string) => new X509Certificate(readFileSync(path));
const validitySeconds = (c: X509Certificate) => (Date.parse(c.validTo) - Date.parse(c.validFrom)) / 1000;

function openssl(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync('openssl', args, { encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * `openssl x509 -text` without what differs between two issuances of the same certificate:
 * serial, dates, public key bytes, signature bytes and key identifiers (all hex dumps).
 * Subjects, issuers, SANs, algorithms, key sizes, extensions and their criticality remain.
 */
function comparableText(path: string): string {
  const r = openssl(['x509', '-noout', '-text', '-in', path]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout
    .split('\n')
    .filter((line) => !/^\s*(keyid:)?([0-9a-f]{2}:)+[0-9a-f]{2}:?\s*$/i.test(line))
    .filter((line) => !/^\s*Not (Before|After)\s*:/.test(line))
    .map((line) => line.replace(/(Serial Number:).*$/, '$1'))
    .join('\n');
}

function expectChainVerifies(store: string, leaf: string): void {
  const untrusted = existsSync(join(store, 'intermediate.crt')) ? ['-untrusted', join(store, 'intermediate.crt')] : [];
  const r = openssl(['verify', '-CAfile', join(store, 'ca.crt'), ...untrusted, leaf]);
  expect(r.code, `${r.stdout}${r.stderr}`).toBe(0);
  expect(r.stdout).toContain(`${leaf}: OK`);
}

function expectOk(r: CliResult): CliResult {
  expect(r.code, r.stderr).toBe(0);
  return r;
}

/** The answers of the acceptance scenario, typed as a person would. */
const wizardSteps: PtyStep[] = [
  ...answer('CA name', 'Wizard Root'),
  ...choose('Key type', KEY_ALGORITHMS, 'ec-p256', 'ed25519'),
  ...answer('CA validity in days', '1000'),
  ...confirmStep('Create an intermediate CA', true),
  ...answer('Intermediate CA name', 'Wizard Int'),
  ...answer('Service 1 name', 'api'),
  ...choose('Profile', LEAF_PROFILES, 'server', 'peer'),
  ...answer('SANs', 'api.internal, 127.0.0.1'),
  ...confirmStep('Add another service?', true),
  ...answer('Service 2 name', 'worker'),
  ...choose('Profile', LEAF_PROFILES, 'client', 'spiffe'),
  ...answer('SANs', 'spiffe://example.org/ns/default/sa/worker'),
  ...confirmStep('Add another service?', false),
  ...answer('Output folder for the service files'), // accept the default: <store>/certs
];

describe('init wizard on a pseudo-terminal', () => {
  let wizardCwd: string;
  let wizardStore: string;
  let flagsStore: string;
  let session: PtyResult;

  beforeAll(() => {
    wizardCwd = join(tmp.path, 'wizard');
    mkdirSync(wizardCwd, { recursive: true });
    wizardStore = join(wizardCwd, '.mtlskit'); // no --dir: the default store of the working folder
    session = runOnPty(['init'], wizardSteps, { cwd: wizardCwd });

    flagsStore = join(tmp.path, 'flags');
    expectOk(runCli(['ca', 'create', '--dir', flagsStore, '--name', 'Wizard Root', '--key', 'ed25519', '--days', '1000', '--intermediate', 'Wizard Int']));
    expectOk(runCli(['cert', 'create', 'api', 'api.internal', '127.0.0.1', '--profile', 'peer', '--key', 'ed25519', '--dir', flagsStore]));
    expectOk(runCli(['cert', 'create', 'worker', 'spiffe://example.org/ns/default/sa/worker', '--profile', 'spiffe', '--key', 'ed25519', '--dir', flagsStore]));
  });

  it('asks every question, takes the answers and exits 0', () => {
    expect(session.ok, describePty(session)).toBe(true);
    expect(session.exitCode, describePty(session)).toBe(0);
    // The answered lines, as inquirer redraws them once a question is done.
    for (const done of ['CA name Wizard Root', 'Key type ed25519', 'CA validity in days 1000', 'Intermediate CA name Wizard Int', 'Profile peer', 'Profile spiffe', 'Add another service? No']) {
      expect(session.transcript).toContain(done);
    }
  });

  it('writes the same files as the equivalent flags', () => {
    const expected = [
      'ca.crt',
      'ca.key',
      'certs/api-chain.crt',
      'certs/api.crt',
      'certs/api.key',
      'certs/worker-chain.crt',
      'certs/worker.crt',
      'certs/worker.key',
      'intermediate.crt',
      'intermediate.key',
      'issuance.log',
    ];
    expect(listFiles(wizardStore)).toEqual(expected);
    expect(listFiles(flagsStore)).toEqual(expected);
  });

  it('issues equivalent certificates: subjects, issuers, SANs, key types, extensions', () => {
    for (const file of ['ca.crt', 'intermediate.crt', 'certs/api.crt', 'certs/worker.crt']) {
      const fromWizard = comparableText(join(wizardStore, file));
      expect(fromWizard, file).toBe(comparableText(join(flagsStore, file)));
      expect(fromWizard, file).toContain('Public Key Algorithm: ED25519');
    }
    const api = comparableText(join(wizardStore, 'certs/api.crt'));
    expect(api).toContain('Subject: CN = api');
    expect(api).toContain('Issuer: CN = Wizard Int');
    expect(api).toContain('DNS:api.internal, IP Address:127.0.0.1');
    expect(api).toContain('TLS Web Server Authentication, TLS Web Client Authentication');
    const worker = comparableText(join(wizardStore, 'certs/worker.crt'));
    expect(worker).toMatch(/Subject: *\n/); // the spiffe profile: identity only in the SAN
    expect(worker).toContain('URI:spiffe://example.org/ns/default/sa/worker');
    expect(comparableText(join(wizardStore, 'ca.crt'))).toContain('Subject: CN = Wizard Root');
    expect(comparableText(join(wizardStore, 'intermediate.crt'))).toContain('Issuer: CN = Wizard Root');
  });

  it('gives each certificate the same validity length as the flags do', () => {
    const lengths = { 'ca.crt': 1000, 'intermediate.crt': 1000, 'certs/api.crt': 365, 'certs/worker.crt': 365 };
    for (const [file, days] of Object.entries(lengths)) {
      const fromWizard = validitySeconds(cert(join(wizardStore, file)));
      expect(fromWizard, file).toBe(validitySeconds(cert(join(flagsStore, file))));
      expect(fromWizard, file).toBe(days * DAY_S + BACKDATE_S);
    }
  });

  it('writes keys with mode 0600 that match their certificates, and chains that verify', () => {
    for (const store of [wizardStore, flagsStore]) {
      for (const [crt, key] of [['ca.crt', 'ca.key'], ['intermediate.crt', 'intermediate.key'], ['certs/api.crt', 'certs/api.key'], ['certs/worker.crt', 'certs/worker.key']] as const) {
        expect(mode(join(store, key)), `${store}/${key}`).toBe(0o600);
        const privateKey = createPrivateKey(readFileSync(join(store, key)));
        expect(privateKey.asymmetricKeyType).toBe('ed25519');
        expect(cert(join(store, crt)).checkPrivateKey(privateKey), `${store}/${key}`).toBe(true);
      }
      expectChainVerifies(store, join(store, 'certs/api.crt'));
      expectChainVerifies(store, join(store, 'certs/worker.crt'));
    }
  });

  it('ends with a summary of the files and the next commands', () => {
    const summary = session.transcript.slice(session.transcript.lastIndexOf('Output folder for the service files'));
    expect(summary).toContain('CN=Wizard Root');
    expect(summary).toContain('CN=Wizard Int');
    for (const file of ['ca.crt', 'ca.key', 'intermediate.crt', 'certs/api.crt', 'certs/api.key', 'certs/api-chain.crt', 'certs/worker.crt', 'certs/worker.key']) {
      expect(summary).toContain(file);
    }
    expect(summary).toContain('Next:');
    expect(summary).toContain(`mtlskit cert create NAME [SAN…] --dir ${wizardStore}`);
    expect(summary).toContain(`openssl s_server -accept 8443 -cert ${join(wizardStore, 'certs/api.crt')}`);
    expect(summary).toContain(`curl --cacert ${join(wizardStore, 'ca.crt')}`);
  });
});

describe('init wizard validation on a pseudo-terminal', () => {
  it('rejects an invalid SAN inline and takes the corrected answer', () => {
    const cwd = join(tmp.path, 'wizard-bad-san');
    mkdirSync(cwd, { recursive: true });
    const r = runOnPty(
      ['init', '--dir', 'store'],
      [
        ...answer('CA name'),
        ...choose('Key type', KEY_ALGORITHMS, 'ec-p256', 'ec-p256'),
        ...answer('CA validity in days'),
        ...confirmStep('Create an intermediate CA', false),
        ...answer('Service 1 name', 'web'),
        ...choose('Profile', LEAF_PROFILES, 'server', 'server'),
        { expect: 'SANs' },
        { send: 'web.internal, a..b\r' },
        { expect: "invalid SAN 'a..b'" },
        // Clear the rejected line (Ctrl-U) and type a valid one.
        { send: '\x15web.internal, 10.0.0.7\r' },
        { expect: 'SANs (host names, IPs, URIs; comma separated) web.internal, 10.0.0.7' },
        ...confirmStep('Add another service?', false),
        ...answer('Output folder for the service files'),
      ],
      { cwd },
    );
    expect(r.ok, describePty(r)).toBe(true);
    expect(r.exitCode, describePty(r)).toBe(0);
    const web = cert(join(cwd, 'store/certs/web.crt'));
    expect(web.subjectAltName).toBe('DNS:web.internal, IP Address:10.0.0.7');
    expect(web.issuer).toBe('CN=mtlskit Development Root CA');
    expect(existsSync(join(cwd, 'store/intermediate.crt'))).toBe(false);
    expect(listFiles(join(cwd, 'store/certs'))).toEqual(['web-chain.crt', 'web.crt', 'web.key']);
  });
});

describe('init without questions', () => {
  it('with stdin not a TTY never waits: defaults, a CA, a localhost server and a client certificate', async () => {
    const cwd = join(tmp.path, 'no-tty');
    mkdirSync(cwd, { recursive: true });
    // stdin is a pipe that stays open and never delivers a byte: a prompt would wait forever.
    const child = spawn(process.execPath, [BIN, 'init'], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', MTLSKIT_DIR: undefined, MTLSKIT_CA_PASSPHRASE: undefined },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | string>((resolve) => {
      const guard = setTimeout(() => {
        child.kill('SIGKILL');
        resolve('still running after 30 s: it waited for input');
      }, 30_000);
      child.on('close', (c) => {
        clearTimeout(guard);
        resolve(c ?? -1);
      });
    });
    child.stdin.destroy();
    expect(code, stderr).toBe(0);
    expect(`${stdout}${stderr}`).not.toMatch(/\? |CA name|Key type/);

    const store = join(cwd, '.mtlskit');
    expect(listFiles(store)).toEqual([
      'ca.crt',
      'ca.key',
      'certs/client-chain.crt',
      'certs/client.crt',
      'certs/client.key',
      'certs/localhost-chain.crt',
      'certs/localhost.crt',
      'certs/localhost.key',
      'issuance.log',
    ]);
    const root = cert(join(store, 'ca.crt'));
    expect(root.subject).toBe('CN=mtlskit Development Root CA');
    expect(root.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(validitySeconds(root)).toBe(3650 * DAY_S + BACKDATE_S);
    const server = cert(join(store, 'certs/localhost.crt'));
    expect(server.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(comparableText(join(store, 'certs/localhost.crt'))).toMatch(/Extended Key Usage: *\n\s*TLS Web Server Authentication\n/);
    expect(comparableText(join(store, 'certs/client.crt'))).toMatch(/Extended Key Usage: *\n\s*TLS Web Client Authentication\n/);
    for (const key of ['ca.key', 'certs/localhost.key', 'certs/client.key']) expect(mode(join(store, key)), key).toBe(0o600);
    expectChainVerifies(store, join(store, 'certs/localhost.crt'));
    expectChainVerifies(store, join(store, 'certs/client.crt'));
    expect(stdout).toContain('Next:');
  });

  it('init --yes on a terminal asks nothing and honours --dir, --key ec-p384 and --intermediate', () => {
    const cwd = join(tmp.path, 'yes');
    mkdirSync(cwd, { recursive: true });
    // On a pty (stdin and stdout are TTYs) so that only --yes keeps the wizard away; no steps: it must just finish.
    const r = runOnPty(['init', '--yes', '--dir', 'D', '--key', 'ec-p384', '--intermediate'], [], { cwd, env: terminalEnv() });
    expect(r.ok, describePty(r)).toBe(true);
    expect(r.exitCode, describePty(r)).toBe(0);
    expect(r.transcript).not.toMatch(/\? |CA name|Key type/);

    const store = join(cwd, 'D');
    expect(listFiles(store)).toEqual([
      'ca.crt',
      'ca.key',
      'certs/client-chain.crt',
      'certs/client.crt',
      'certs/client.key',
      'certs/localhost-chain.crt',
      'certs/localhost.crt',
      'certs/localhost.key',
      'intermediate.crt',
      'intermediate.key',
      'issuance.log',
    ]);
    const intermediate = cert(join(store, 'intermediate.crt'));
    expect(intermediate.subject).toBe('CN=mtlskit Development Intermediate CA');
    expect(intermediate.checkIssued(cert(join(store, 'ca.crt')))).toBe(true);
    for (const file of ['ca.crt', 'intermediate.crt', 'certs/localhost.crt', 'certs/client.crt']) {
      expect(cert(join(store, file)).publicKey.asymmetricKeyDetails?.namedCurve, file).toBe('secp384r1');
    }
    for (const leaf of ['certs/localhost.crt', 'certs/client.crt']) {
      expect(cert(join(store, leaf)).issuer, leaf).toBe('CN=mtlskit Development Intermediate CA');
      expectChainVerifies(store, join(store, leaf));
    }
  });

  it('init --yes --json without a TTY reports what it made', () => {
    const cwd = join(tmp.path, 'yes-json');
    mkdirSync(cwd, { recursive: true });
    const r = expectOk(runCli(['init', '--yes', '--dir', 'D', '--key', 'ec-p384', '--intermediate', 'Flag Int', '--name', 'Flag Root', '--json'], { cwd }));
    expect(r.json.ok).toBe(true);
    expect(r.json.ca.ca.subject).toBe('CN=Flag Root');
    expect(r.json.ca.ca.keyAlgorithm).toBe('ec-p384');
    expect(r.json.ca.intermediate.subject).toBe('CN=Flag Int');
    expect(r.json.certificates.map((c: { name: string }) => c.name)).toEqual(['localhost', 'client']);
    for (const c of r.json.certificates) {
      expect(c.certificate.issuer).toBe('CN=Flag Int');
      expect(c.certificate.key.algorithm).toBe('ec-p384');
      expect(existsSync(c.files.cert)).toBe(true);
    }
  });
});
