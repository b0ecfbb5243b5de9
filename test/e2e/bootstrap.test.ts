import { spawnSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli, tempDir, type CliResult } from '../helpers/cli.js';

/**
 * `mtlskit bootstrap CONFIG` end to end (design.md "Bootstrap config"): the built CLI against real
 * files in temporary folders, certificates checked with openssl.
 */

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

let temps: { path: string; remove: () => void }[] = [];
function workspace(): string {
  const t = tempDir('mtlskit-bootstrap-');
  temps.push(t);
  return t.path;
}
afterEach(() => {
  for (const t of temps) t.remove();
  temps = [];
});

beforeAll(() => {
  // Tests spawn the built CLI; a missing build must fail loudly, not as a confusing exit code.
  expect(existsSync(BIN), `${BIN} missing`).toBe(true);
  const built = new URL('../../dist/cli/main.js', import.meta.url);
  expect(existsSync(built), 'run `npm run build` first').toBe(true);
});

function openssl(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Every file below `dirs`, recursively, with what would betray a rewrite: mtime, inode, bytes. */
type Snapshot = Map<string, { mtimeMs: number; ino: number; sha256: string }>;
function snapshot(...dirs: string[]): Snapshot {
  const out: Snapshot = new Map();
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        const st = statSync(path);
        out.set(path, { mtimeMs: st.mtimeMs, ino: st.ino, sha256: createHash('sha256').update(readFileSync(path)).digest('hex') });
      }
    }
  };
  for (const dir of dirs) walk(dir);
  return out;
}
const only = (snap: Snapshot, prefix: string): Snapshot => new Map([...snap].filter(([path]) => path.startsWith(prefix)));
const toObject = (snap: Snapshot) => Object.fromEntries([...snap].sort(([a], [b]) => a.localeCompare(b)));

/** JSON config with services; `out` relative to the config file's folder. */
interface ServiceConfig {
  name: string;
  sans?: string[];
  profile?: string;
  key?: string;
  days?: number;
  formats?: string[];
}
function writeJsonConfig(dir: string, services: ServiceConfig[], extra: Record<string, unknown> = {}, file = 'mtlskit.json'): string {
  const path = join(dir, file);
  writeFileSync(path, JSON.stringify({ ca: { name: 'Test Root CA' }, renewBefore: '30d', out: './certs', ...extra, services }, null, 2));
  return path;
}

interface Setup {
  root: string;
  config: string;
  caDir: string;
  outDir: string;
  run: (...extra: string[]) => CliResult;
}
function setup(services: ServiceConfig[], extra: Record<string, unknown> = {}): Setup {
  const root = workspace();
  const config = writeJsonConfig(root, services, extra);
  const caDir = join(root, 'ca');
  const outDir = join(root, 'certs');
  return { root, config, caDir, outDir, run: (...args) => runCli(['bootstrap', config, '--dir', caDir, ...args], { cwd: root }) };
}

const THREE: ServiceConfig[] = [
  { name: 'api', sans: ['api.internal', 'localhost', '127.0.0.1'], profile: 'peer' },
  { name: 'web', sans: ['web.internal', '*.web.internal', '::1'] },
  { name: 'batch', sans: ['batch.internal'], profile: 'client' },
];

function expectOk(r: CliResult, code = 0): any {
  expect(r.stderr, r.stderr).toBe('');
  expect(r.code, r.stdout + r.stderr).toBe(code);
  expect(r.json, r.stdout).toBeTypeOf('object');
  return r.json;
}

function subjectAltName(cert: string): string {
  const r = openssl(['x509', '-in', cert, '-noout', '-ext', 'subjectAltName']);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

describe('mtlskit bootstrap', () => {
  it('creates the CA and every service once; a second run writes nothing', () => {
    const s = setup(THREE);
    const first = expectOk(s.run('--json'));
    expect(first.ok).toBe(true);
    expect(first.created).toEqual(['api', 'web', 'batch']);
    expect(first.renewed).toEqual([]);
    expect(first.unchanged).toEqual([]);
    expect(first.caCreated).toBe(true);
    for (const name of ['api', 'web', 'batch']) {
      const files = first.files[name];
      expect(files).toMatchObject({ cert: join(s.outDir, `${name}.crt`), key: join(s.outDir, `${name}.key`), chain: join(s.outDir, `${name}-chain.crt`) });
      for (const path of [files.cert, files.key, files.chain]) expect(existsSync(path), path).toBe(true);
      expect(statSync(files.key).mode & 0o077, `${files.key} readable by others`).toBe(0);
    }
    expect(existsSync(join(s.caDir, 'ca.crt'))).toBe(true);
    expect(existsSync(join(s.caDir, 'ca.key'))).toBe(true);

    const before = snapshot(s.caDir, s.outDir);
    // CA (cert, key, log) + 3 services × (cert, key, chain).
    expect(before.size).toBeGreaterThanOrEqual(3 + 9);

    const second = expectOk(s.run('--json'));
    expect(second).toMatchObject({ ok: true, created: [], renewed: [], changes: [], caCreated: false });
    expect(second.unchanged).toEqual(['api', 'web', 'batch']);
    expect(second.files.api.cert).toBe(first.files.api.cert);

    const after = snapshot(s.caDir, s.outDir);
    expect(after.size).toBe(before.size);
    expect(toObject(after)).toEqual(toObject(before));
  });

  it('re-issues only the service whose SANs changed', () => {
    const s = setup(THREE);
    expectOk(s.run('--json'));
    const apiCert = join(s.outDir, 'api.crt');
    expect(subjectAltName(apiCert)).not.toContain('api.example.test');
    const before = snapshot(s.outDir);

    writeJsonConfig(s.root, [{ ...THREE[0]!, sans: ['api.internal', 'api.example.test', '127.0.0.1'] }, THREE[1]!, THREE[2]!]);
    const r = expectOk(s.run('--json'));
    expect(r.renewed).toEqual(['api']);
    expect(r.created).toEqual([]);
    expect(r.unchanged.sort()).toEqual(['batch', 'web']);
    expect(r.changes).toHaveLength(1);
    expect(r.changes[0]).toMatchObject({ name: 'api', action: 'renewed' });
    expect(r.changes[0].reason).toMatch(/SAN/);
    expect(r.changes[0].reason).toContain('+DNS:api.example.test');
    expect(r.changes[0].reason).toContain('-DNS:localhost');

    const after = snapshot(s.outDir);
    expect(toObject(only(after, join(s.outDir, 'web')))).toEqual(toObject(only(before, join(s.outDir, 'web'))));
    expect(toObject(only(after, join(s.outDir, 'batch')))).toEqual(toObject(only(before, join(s.outDir, 'batch'))));
    expect(only(before, join(s.outDir, 'web')).size).toBe(3);
    expect(only(before, join(s.outDir, 'batch')).size).toBe(3);
    for (const suffix of ['.crt', '.key', '-chain.crt']) {
      const path = join(s.outDir, `api${suffix}`);
      expect(after.get(path)!.sha256, path).not.toBe(before.get(path)!.sha256);
    }
    const san = subjectAltName(apiCert);
    expect(san).toContain('DNS:api.example.test');
    expect(san).toContain('DNS:api.internal');
    expect(san).toContain('IP Address:127.0.0.1');
    expect(san).not.toContain('localhost');

    // …and the edit is now settled.
    expect(expectOk(s.run('--json')).unchanged).toHaveLength(3);
  });

  describe('--check', () => {
    it('before the first run: exit 1, names every service, creates nothing', () => {
      const s = setup(THREE);
      const r = s.run('--check', '--json');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(1);
      expect(r.json).toMatchObject({ ok: false, check: true, caWouldBeCreated: true, renewed: [], unchanged: [] });
      expect(r.json.created).toEqual(['api', 'web', 'batch']);
      expect(r.json.changes.map((c: { name: string }) => c.name)).toEqual(['api', 'web', 'batch']);

      const human = s.run('--check');
      expect(human.code).toBe(1);
      expect(human.stderr).toBe('');
      for (const name of ['api', 'web', 'batch']) expect(human.stdout).toMatch(new RegExp(`\\b${name}\\b.*would be created`));
      expect(human.stdout).toMatch(/drift/);

      expect(existsSync(s.caDir), 'CA dir created by --check').toBe(false);
      expect(existsSync(s.outDir), 'out dir created by --check').toBe(false);
      expect(readdirSync(s.root)).toEqual(['mtlskit.json']);
    });

    it('up to date: exit 0 and says so', () => {
      const s = setup(THREE);
      expectOk(s.run('--json'));
      const r = expectOk(s.run('--check', '--json'));
      expect(r).toMatchObject({ ok: true, check: true, created: [], renewed: [], changes: [] });
      expect(r.unchanged).toEqual(['api', 'web', 'batch']);
      const human = s.run('--check');
      expect(human.code).toBe(0);
      expect(human.stderr).toBe('');
      expect(human.stdout).toMatch(/up to date/);
      expect(human.stdout).not.toMatch(/would be/);
    });

    it('after a SAN edit: exit 1, names the service, writes nothing', () => {
      const s = setup(THREE);
      expectOk(s.run('--json'));
      writeJsonConfig(s.root, [THREE[0]!, { ...THREE[1]!, sans: ['web.internal', '10.1.2.3'] }, THREE[2]!]);
      const before = snapshot(s.caDir, s.outDir);

      const r = s.run('--check', '--json');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(1);
      expect(r.json).toMatchObject({ ok: false, created: [], renewed: ['web'] });
      expect(r.json.unchanged.sort()).toEqual(['api', 'batch']);
      expect(r.json.changes[0].reason).toContain('IP:10.1.2.3');

      const human = s.run('--check');
      expect(human.code).toBe(1);
      expect(human.stdout).toMatch(/\bweb\b.*would be renewed.*SAN/);
      expect(human.stdout).not.toMatch(/\bapi\b.*would be/);

      expect(toObject(snapshot(s.caDir, s.outDir))).toEqual(toObject(before));
      expect(subjectAltName(join(s.outDir, 'web.crt'))).not.toContain('10.1.2.3');

      // Applying it clears the drift.
      expect(expectOk(s.run('--json')).renewed).toEqual(['web']);
      expect(s.run('--check').code).toBe(0);
    });

    it('after deleting a key file: exit 1, names the service and the file, writes nothing', () => {
      const s = setup(THREE);
      expectOk(s.run('--json'));
      const key = join(s.outDir, 'batch.key');
      rmSync(key);
      const before = snapshot(s.caDir, s.outDir);

      const r = s.run('--check', '--json');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(1);
      expect(r.json).toMatchObject({ ok: false, created: [], renewed: ['batch'] });
      expect(r.json.changes[0].reason).toContain(key);

      const human = s.run('--check');
      expect(human.code).toBe(1);
      expect(human.stdout).toMatch(/\bbatch\b.*would be renewed/);

      const after = snapshot(s.caDir, s.outDir);
      expect(existsSync(key)).toBe(false);
      expect(toObject(after)).toEqual(toObject(before));

      expect(expectOk(s.run('--json')).renewed).toEqual(['batch']);
      expect(existsSync(key)).toBe(true);
      expect(s.run('--check').code).toBe(0);
    });
  });

  describe('renewal', () => {
    it('re-issues a certificate that expires within renewBefore on every run, leaves a 365-day one alone', () => {
      const s = setup([
        { name: 'short', sans: ['short.internal'], days: 10 },
        { name: 'long', sans: ['long.internal'], days: 365 },
      ], { renewBefore: '30d' });
      const first = expectOk(s.run('--json'));
      expect(first.created).toEqual(['short', 'long']);
      const long = join(s.outDir, 'long.crt');
      const short = join(s.outDir, 'short.crt');
      const longBefore = only(snapshot(s.outDir), join(s.outDir, 'long'));
      const serials = new Set([new X509Certificate(readFileSync(short)).serialNumber]);

      for (let run = 0; run < 2; run++) {
        const r = expectOk(s.run('--json'));
        expect(r.renewed).toEqual(['short']);
        expect(r.unchanged).toEqual(['long']);
        expect(r.changes[0].reason).toMatch(/expire/);
        serials.add(new X509Certificate(readFileSync(short)).serialNumber);
      }
      expect(serials.size, 'short was not re-issued each run').toBe(3);
      expect(toObject(only(snapshot(s.outDir), join(s.outDir, 'long')))).toEqual(toObject(longBefore));
      expect(new Date(new X509Certificate(readFileSync(long)).validTo).getTime() - Date.now()).toBeGreaterThan(360 * 86_400_000);

      // --check agrees: the short one is drift.
      const check = s.run('--check', '--json');
      expect(check.code).toBe(1);
      expect(check.json.renewed).toEqual(['short']);
    });

    it('changing key (ec-p256 → ed25519) or profile (server → client) re-issues that service', () => {
      const services: ServiceConfig[] = [
        { name: 'alpha', sans: ['alpha.internal'], key: 'ec-p256' },
        { name: 'beta', sans: ['beta.internal'], profile: 'server' },
        { name: 'gamma', sans: ['gamma.internal'] },
      ];
      const s = setup(services);
      expectOk(s.run('--json'));
      const cert = (name: string) => new X509Certificate(readFileSync(join(s.outDir, `${name}.crt`)));
      expect(cert('alpha').publicKey.asymmetricKeyType).toBe('ec');
      expect(cert('beta').keyUsage).toContain(SERVER_AUTH);
      const gamma = only(snapshot(s.outDir), join(s.outDir, 'gamma'));

      writeJsonConfig(s.root, [{ ...services[0]!, key: 'ed25519' }, services[1]!, services[2]!]);
      let r = expectOk(s.run('--json'));
      expect(r.renewed).toEqual(['alpha']);
      expect(r.changes[0].reason).toMatch(/key/);
      expect(cert('alpha').publicKey.asymmetricKeyType).toBe('ed25519');
      expect(readFileSync(join(s.outDir, 'alpha.key'), 'utf8')).toContain('PRIVATE KEY');

      writeJsonConfig(s.root, [{ ...services[0]!, key: 'ed25519' }, { ...services[1]!, profile: 'client' }, services[2]!]);
      r = expectOk(s.run('--json'));
      expect(r.renewed).toEqual(['beta']);
      expect(r.changes[0].reason).toMatch(/profile/);
      expect(cert('beta').keyUsage).toEqual([CLIENT_AUTH]);

      r = expectOk(s.run('--json'));
      expect(r.unchanged).toEqual(['alpha', 'beta', 'gamma']);
      expect(toObject(only(snapshot(s.outDir), join(s.outDir, 'gamma')))).toEqual(toObject(gamma));
    });
  });

  describe('YAML and JSON configs', () => {
    /** design.md's example, with temporary paths. */
    const DESIGN_YAML = `ca:                       # created when missing; reused otherwise
  name: Dev Root CA
  key: ec-p256
  days: 3650
  intermediate: Dev Intermediate CA   # optional
defaults:                 # apply to every service unless it says otherwise
  key: ec-p256
  days: 365
  profile: server
  formats: [pem]
renewBefore: 30d          # re-issue certificates that expire sooner than this
out: ./certs              # where service files go (default: <dir>/certs)
services:
  - name: api
    sans: [api.internal, localhost, 127.0.0.1]
    profile: peer
  - name: worker
    sans: [spiffe://example.org/ns/default/sa/worker]
    profile: spiffe
    formats: [pem, p12, k8s]
`;

    function checkOutputs(caDir: string, outDir: string, password: string): void {
      for (const name of ['api', 'worker']) {
        for (const file of [`${name}.crt`, `${name}-chain.crt`]) {
          const v = openssl(['verify', '-CAfile', join(caDir, 'ca.crt'), '-untrusted', join(caDir, 'intermediate.crt'), join(outDir, file)]);
          expect(v.code, `${file}: ${v.stdout}${v.stderr}`).toBe(0);
          expect(v.stdout).toMatch(/: OK/);
        }
        // Signed by the intermediate, not the root.
        const leaf = new X509Certificate(readFileSync(join(outDir, `${name}.crt`)));
        expect(leaf.issuer).toContain('Dev Intermediate CA');
      }
      expect(subjectAltName(join(outDir, 'worker.crt'))).toContain('URI:spiffe://example.org/ns/default/sa/worker');
      expect(existsSync(join(outDir, 'api.p12')), 'api asked only for pem').toBe(false);

      const p12 = join(outDir, 'worker.p12');
      expect(existsSync(p12)).toBe(true);
      const dump = openssl(['pkcs12', '-in', p12, '-passin', `pass:${password}`, '-nodes']);
      expect(dump.code, dump.stderr).toBe(0);
      expect(dump.stdout).toContain('PRIVATE KEY');
      expect(dump.stdout.match(/BEGIN CERTIFICATE/g)!.length).toBeGreaterThanOrEqual(2);
      expect(openssl(['pkcs12', '-in', p12, '-passin', 'pass:wrong-password', '-nokeys']).code).not.toBe(0);

      const secret = readFileSync(join(outDir, 'worker-secret.yaml'), 'utf8');
      expect(secret).toMatch(/kind:\s*Secret/);
      expect(secret).toContain('kubernetes.io/tls');
      for (const key of ['tls.crt', 'tls.key', 'ca.crt']) expect(secret).toContain(key);
    }

    it('YAML (design.md example) with an intermediate, p12 and k8s outputs; out relative to the config', () => {
      const root = workspace();
      const confDir = join(root, 'conf');
      mkdirSync(confDir);
      const config = join(confDir, 'bootstrap.yaml');
      writeFileSync(config, DESIGN_YAML);
      const passwordFile = join(root, 'p12-password');
      writeFileSync(passwordFile, 'yaml-secret\n');
      const caDir = join(root, 'ca');
      const outDir = join(confDir, 'certs');
      // Run from elsewhere: `out: ./certs` is the config's folder, not the cwd.
      const elsewhere = join(root, 'elsewhere');
      mkdirSync(elsewhere);
      const run = () => runCli(['bootstrap', config, '--dir', caDir, '--p12-password-file', passwordFile, '--json'], { cwd: elsewhere });

      const first = expectOk(run());
      expect(first.created).toEqual(['api', 'worker']);
      expect(first.files.worker).toMatchObject({ p12: join(outDir, 'worker.p12'), secret: join(outDir, 'worker-secret.yaml') });
      expect(readdirSync(elsewhere)).toEqual([]);
      checkOutputs(caDir, outDir, 'yaml-secret');

      const before = snapshot(caDir, outDir);
      const second = expectOk(run());
      expect(second).toMatchObject({ created: [], renewed: [], unchanged: ['api', 'worker'] });
      expect(toObject(snapshot(caDir, outDir))).toEqual(toObject(before));
    });

    it('the same config as JSON, with the p12 password from MTLSKIT_P12_PASSWORD', async () => {
      const { parse } = await import('yaml');
      const root = workspace();
      const config = join(root, 'bootstrap.json');
      writeFileSync(config, JSON.stringify(parse(DESIGN_YAML), null, 2));
      const caDir = join(root, 'ca');
      const outDir = join(root, 'certs');
      const env = { MTLSKIT_P12_PASSWORD: 'json-secret' };
      const first = expectOk(runCli(['bootstrap', 'bootstrap.json', '--dir', caDir, '--json'], { cwd: root, env }));
      expect(first.created).toEqual(['api', 'worker']);
      checkOutputs(caDir, outDir, 'json-secret');

      // Up to date: no password is needed when no p12 must be written.
      const before = snapshot(caDir, outDir);
      const second = expectOk(runCli(['bootstrap', 'bootstrap.json', '--dir', caDir, '--json'], { cwd: root }));
      expect(second.unchanged).toEqual(['api', 'worker']);
      expect(toObject(snapshot(caDir, outDir))).toEqual(toObject(before));

      // A missing secondary output (the k8s Secret) is drift too, and a run restores it.
      const secret = join(outDir, 'worker-secret.yaml');
      rmSync(secret);
      const check = runCli(['bootstrap', 'bootstrap.json', '--dir', caDir, '--check', '--json'], { cwd: root });
      expect(check.code, check.stderr).toBe(1);
      expect(check.json).toMatchObject({ renewed: ['worker'], unchanged: ['api'] });
      expect(check.json.changes[0].reason).toContain(secret);
      const third = expectOk(runCli(['bootstrap', 'bootstrap.json', '--dir', caDir, '--json'], { cwd: root, env }));
      expect(third.renewed).toEqual(['worker']);
      checkOutputs(caDir, outDir, 'json-secret');
    });
  });

  describe('bad input: exit 3, one sentence naming the file and field, nothing written', () => {
    interface BadCase {
      title: string;
      file: string;
      /** File content; undefined = missing; 'DIR' = a directory. */
      content?: string;
      /** Must appear in the message: the field path or what is wrong. */
      expect: (string | RegExp)[];
    }
    const cases: BadCase[] = [
      { title: 'missing config file', file: 'nope.yaml', expect: [/ENOENT|not found|no such/i] },
      { title: 'a directory as config', file: 'confdir', content: 'DIR', expect: [/EISDIR|directory/i] },
      { title: 'YAML syntax error', file: 'syntax.yaml', content: 'services:\n  - name: a\n    sans: [a.internal, b\n', expect: [/YAML/, /line \d+/] },
      { title: 'invalid JSON', file: 'broken.json', content: '{"services": [{"name": "a",}]}', expect: [/JSON/] },
      { title: 'YAML type error (days: ten)', file: 'days.yaml', content: 'services:\n  - name: a\n  - name: b\n    days: ten\n', expect: ['services[1].days'] },
      { title: 'unknown key type (ec-p999)', file: 'key.yaml', content: 'services:\n  - name: a\n    key: ec-p999\n', expect: ['services[0].key', 'ec-p256'] },
      { title: 'invalid wildcard SAN (*.*.example)', file: 'wild.yaml', content: 'services:\n  - name: a\n    sans: [ok.internal, "*.*.example"]\n', expect: ['services[0].sans[1]', '*.*.example'] },
      { title: 'invalid IPv4 SAN (300.1.1.1)', file: 'ip.yaml', content: 'services:\n  - name: a\n  - name: b\n    sans: [300.1.1.1]\n', expect: ['services[1].sans[0]', '300.1.1.1'] },
      { title: 'duplicate service names', file: 'dup.yaml', content: 'services:\n  - name: api\n  - name: web\n  - name: api\n', expect: ['services[2].name', 'api'] },
      { title: 'missing services', file: 'noservices.yaml', content: 'ca:\n  name: Dev Root CA\n', expect: [/services\b/] },
      { title: 'empty services list', file: 'emptyservices.json', content: '{"services": []}', expect: [/services\b/] },
      { title: 'unknown field (san instead of sans)', file: 'typo.yaml', content: 'services:\n  - name: a\n    san: [a.internal]\n', expect: ['services[0].san'] },
      { title: 'renewBefore: soon', file: 'renew.yaml', content: 'renewBefore: soon\nservices:\n  - name: a\n', expect: ['renewBefore', '30d'] },
      { title: 'spiffe service without a spiffe:// SAN', file: 'spiffe.yaml', content: 'services:\n  - name: w\n    sans: [w.internal]\n    profile: spiffe\n', expect: ['services[0].sans', 'spiffe://'] },
      { title: 'unknown profile', file: 'profile.yaml', content: 'services:\n  - name: a\n  - name: b\n    profile: serverr\n', expect: ['services[1].profile', 'serverr'] },
    ];

    it.each(cases)('$title', (c) => {
      const root = workspace();
      const config = join(root, c.file);
      if (c.content === 'DIR') mkdirSync(config);
      else if (c.content !== undefined) writeFileSync(config, c.content);
      const caDir = join(root, 'ca');
      for (const args of [[], ['--json'], ['--check']]) {
        const r = runCli(['bootstrap', c.file, '--dir', caDir, ...args], { cwd: root, env: { MTLSKIT_P12_PASSWORD: 'x' } });
        expect(r.code, `${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(3);
        expect(r.stderr).not.toMatch(/^\s+at /m);
        expect(r.stderr).not.toMatch(/internal error|TypeError|ZodError/);
        const message = args.includes('--json') ? r.json?.error?.message : r.stderr.trim();
        expect(message, r.stdout + r.stderr).toBeTypeOf('string');
        if (!args.includes('--json')) {
          expect(r.stderr.trim().split('\n'), 'one line on stderr').toHaveLength(1);
          expect(r.stdout).toBe('');
        }
        expect(message).toContain(config);
        expect(message).not.toMatch(/:\s*$/);
        for (const e of c.expect) {
          if (typeof e === 'string') expect(message).toContain(e);
          else expect(message).toMatch(e);
        }
      }
      expect(existsSync(caDir), 'CA dir created for a bad config').toBe(false);
      expect(existsSync(join(root, '.mtlskit'))).toBe(false);
      expect(existsSync(join(root, 'certs'))).toBe(false);
      expect(readdirSync(root)).toEqual(c.content === undefined ? [] : [c.file]);
    });
  });

  it('bad flags exit 2 and write nothing', () => {
    const s = setup(THREE);
    for (const args of [['bootstrap', s.config, '--dir', s.caDir, '--bogus'], ['bootstrap']]) {
      const r = runCli(args, { cwd: s.root });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(r.stderr.trim()).not.toBe('');
    }
    expect(existsSync(s.caDir)).toBe(false);
  });

  it('without a terminal and without --json: stdout has the summary, stderr stays empty', () => {
    const s = setup(THREE);
    const first = s.run();
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/CA created/);
    for (const name of ['api', 'web', 'batch']) expect(first.stdout).toMatch(new RegExp(`\\b${name}\\b.*was created`));
    expect(first.stdout).not.toMatch(/…/);

    const second = s.run();
    expect(second.code).toBe(0);
    expect(second.stderr).toBe('');
    for (const name of ['api', 'web', 'batch']) expect(second.stdout).toMatch(new RegExp(`\\b${name}\\b.*unchanged`));

    writeJsonConfig(s.root, [{ ...THREE[0]!, sans: ['api.internal'] }, THREE[1]!, THREE[2]!]);
    const renew = s.run();
    expect(renew.code).toBe(0);
    expect(renew.stderr).toBe('');
    expect(renew.stdout).toMatch(/\bapi\b.*was renewed/);
  });

  it('keeps an existing CA whose settings differ from the config, and says so', () => {
    const s = setup(THREE.slice(0, 1));
    expectOk(s.run('--json'));
    const caBefore = readFileSync(join(s.caDir, 'ca.crt'));
    writeJsonConfig(s.root, THREE.slice(0, 1), { ca: { name: 'Other Root', key: 'ed25519', intermediate: 'Some Int' } });
    const r = expectOk(s.run('--json'));
    expect(r.unchanged).toEqual(['api']);
    expect(r.warnings).toHaveLength(3);
    expect(r.warnings[0]).toMatch(/ca\.name is 'Other Root' but the CA is 'Test Root CA'.*ca create --force/);
    expect(r.warnings[1]).toMatch(/ca\.key is ed25519 but the CA key is ec-p256/);
    expect(r.warnings[2]).toMatch(/ca\.intermediate asks for an intermediate but the CA has none/);
    expect(readFileSync(join(s.caDir, 'ca.crt')).equals(caBefore)).toBe(true);
    expect(s.run().stdout).toMatch(/⚠ ca\.name is 'Other Root'/);
  });

  it('asks for the p12 password before writing anything: without one, no CA is left behind', () => {
    const s = setup([{ name: 'api', sans: ['api.internal'], formats: ['pem', 'p12'] }]);
    const r = s.run();
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--p12-password-file/);
    expect(existsSync(s.caDir)).toBe(false);
    expect(existsSync(s.outDir)).toBe(false);
  });
});
