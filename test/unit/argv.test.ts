import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { run, type Invocation } from '../../src/cli/program.js';

// argv → Invocation: what commander hands to the commands, without running any of them.

let stdout: MockInstance;
let stderr: MockInstance;
beforeEach(() => {
  // Help, version and parse errors print; keep them out of the test output and look at them.
  stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => vi.restoreAllMocks());

const written = (spy: MockInstance) => spy.mock.calls.map((call) => String(call[0])).join('');

async function parse(argv: string[], code = 0): Promise<{ code: number; calls: Invocation[] }> {
  const calls: Invocation[] = [];
  const exit = await run(argv, async (invocation) => {
    calls.push(invocation);
    return code;
  });
  return { code: exit, calls };
}

/** The one invocation argv produces. */
async function invocation(argv: string[]): Promise<Invocation> {
  const { code, calls } = await parse(argv);
  expect(code, written(stderr)).toBe(0);
  expect(calls).toHaveLength(1);
  return calls[0]!;
}

const DEFAULT_GLOBALS = { json: false, color: true, quiet: false };

describe('argv → invocation', () => {
  const rows: [string, string[], Partial<Invocation> & { options?: Record<string, unknown> }][] = [
    [
      'cert create: positional SANs, repeated --san and --format, --json',
      ['cert', 'create', 'api', 'a.b', '--san', 'c.d', '--format', 'der,p12', '--format', 'k8s', '--json'],
      { command: 'cert create', args: ['api', 'a.b'], options: { san: ['c.d'], format: ['der,p12', 'k8s'] }, globals: { json: true, color: true, quiet: false } },
    ],
    [
      'cert create: defaults of a bare NAME',
      ['cert', 'create', 'api'],
      { command: 'cert create', args: ['api'], options: { san: [], format: [], force: false, p12Legacy: false }, globals: DEFAULT_GLOBALS },
    ],
    [
      'cert create: every value flag',
      ['cert', 'create', 'w', 'spiffe://td/w', '--profile', 'spiffe', '--dir', 'D', '--key', 'ed25519', '--days', '30', '--out', 'O', '--csr', 'r.csr', '--p12-password-file', 'pw', '--passphrase-file', 'pp', '--p12-legacy', '--force'],
      {
        command: 'cert create',
        args: ['w', 'spiffe://td/w'],
        options: { profile: 'spiffe', dir: 'D', key: 'ed25519', days: '30', out: 'O', csr: 'r.csr', p12PasswordFile: 'pw', passphraseFile: 'pp', p12Legacy: true, force: true },
      },
    ],
    [
      'inspect: several inputs, stdin, a live server and its options',
      ['inspect', 'a.pem', '-', 'example.com:443', '--password-file', 'pw', '--servername', 'www.example.com', '--cert', 'c.crt', '--key', 'c.key', '--timeout', '5', '--at', '2030-01-01'],
      { command: 'inspect', args: ['a.pem', '-', 'example.com:443'], options: { passwordFile: 'pw', servername: 'www.example.com', cert: 'c.crt', key: 'c.key', timeout: '5', at: '2030-01-01' } },
    ],
    [
      'verify: repeated --ca and --untrusted keep order',
      ['verify', 'leaf.pem', '--ca', 'r1.pem', '--ca', 'r2.pem', '--untrusted', 'i1.pem', '--untrusted', 'i2.pem', '--host', 'api', '--ip', '10.0.0.1', '--purpose', 'client', '--at', '2027-01-01T00:00:00Z', '--system'],
      {
        command: 'verify',
        args: ['leaf.pem'],
        options: { ca: ['r1.pem', 'r2.pem'], untrusted: ['i1.pem', 'i2.pem'], host: 'api', ip: '10.0.0.1', purpose: 'client', at: '2027-01-01T00:00:00Z', system: true },
      },
    ],
    ['verify: defaults', ['verify', 'leaf.pem'], { command: 'verify', args: ['leaf.pem'], options: { system: false } }],
    ['lint: inputs and --purpose', ['lint', 'a.pem', 'b.pem', '--purpose', 'peer', '--json'], { command: 'lint', args: ['a.pem', 'b.pem'], options: { purpose: 'peer' }, globals: { json: true, color: true, quiet: false } }],
    ['--san repeated three times keeps order', ['cert', 'create', 'api', '--san', 'x', '--san', 'y', '--san', 'z'], { options: { san: ['x', 'y', 'z'] } }],
    ['global flags before the subcommand', ['--json', '-q', '--no-color', 'cert', 'create', 'api'], { args: ['api'], globals: { json: true, color: false, quiet: true } }],
    ['global flags after the subcommand', ['cert', 'create', 'api', '--no-color', '-q', '--json'], { args: ['api'], globals: { json: true, color: false, quiet: true } }],
    ['--no-color alone', ['cert', 'create', 'api', '--no-color'], { globals: { json: false, color: false, quiet: false } }],
    ['-q alone', ['ca', 'create', '-q'], { command: 'ca create', globals: { json: false, color: true, quiet: true } }],
    ['--quiet long form', ['ca', 'create', '--quiet'], { globals: { json: false, color: true, quiet: true } }],
    ['ca create --intermediate without a name', ['ca', 'create', '--intermediate'], { command: 'ca create', args: [], options: { intermediate: true, force: false } }],
    ["ca create --intermediate 'X CA'", ['ca', 'create', '--intermediate', 'X CA', '--key', 'ec-p384'], { command: 'ca create', options: { intermediate: 'X CA', key: 'ec-p384' } }],
    ['ca create --intermediate=name form', ['ca', 'create', '--intermediate=Y CA'], { options: { intermediate: 'Y CA' } }],
    ['ca create --intermediate followed by a flag', ['ca', 'create', '--intermediate', '--days', '100', '--path-len', '1'], { options: { intermediate: true, days: '100', pathLen: '1' } }],
    ['ca create without --intermediate', ['ca', 'create', '--name', 'My Root'], { options: { name: 'My Root', force: false } }],
    ['bootstrap CONFIG --check', ['bootstrap', 'mtls.yaml', '--check', '--dir', 'D'], { command: 'bootstrap', args: ['mtls.yaml'], options: { check: true, dir: 'D' } }],
    ['init -y --intermediate --key', ['init', '-y', '--intermediate', '--key', 'ec-p384', '--out', 'O'], { command: 'init', args: [], options: { yes: true, intermediate: true, key: 'ec-p384', out: 'O' } }],
    ['init defaults', ['init'], { command: 'init', args: [], options: { yes: false }, globals: DEFAULT_GLOBALS }],
    ['a value that looks like a flag after --', ['cert', 'create', 'api', '--', '--weird'], { args: ['api', '--weird'] }],
  ];

  it.each(rows)('%s', async (_label, argv, expected) => {
    const got = await invocation(argv);
    if (expected.command) expect(got.command).toBe(expected.command);
    if (expected.args) expect(got.args).toEqual(expected.args);
    if (expected.options) expect(got.options).toMatchObject(expected.options);
    if (expected.globals) expect(got.globals).toEqual(expected.globals);
  });

  it('options carry no global flags and no unset values', async () => {
    const got = await invocation(['cert', 'create', 'api', '--json', '-q']);
    expect(got.options).toEqual({ san: [], format: [], force: false, p12Legacy: false });
  });

  it("returns the command's own exit code", async () => {
    expect((await parse(['cert', 'create', 'api'], 1)).code).toBe(1);
    expect((await parse(['init'], 3)).code).toBe(3);
  });
});

describe('argv that does not reach a command', () => {
  const usage: [string, string[], string][] = [
    ['unknown flag', ['cert', 'create', 'api', '--bogus'], '--bogus'],
    ['unknown global flag before the subcommand', ['--bogus', 'cert', 'create', 'api'], '--bogus'],
    ['missing NAME', ['cert', 'create'], 'name'],
    ['missing value of --days', ['cert', 'create', 'api', '--days'], '--days'],
    ['missing CONFIG', ['bootstrap'], 'config'],
    ['unknown command', ['frobnicate'], 'frobnicate'],
    // commander's message names the command, not the extra word.
    ['too many arguments', ['ca', 'create', 'extra'], "too many arguments for 'create'"],
  ];

  it.each(usage)('%s → 2, one line on stderr naming it, no dispatch', async (_label, argv, name) => {
    const { code, calls } = await parse(argv);
    expect(code).toBe(2);
    expect(calls).toEqual([]);
    const lines = written(stderr).split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^mtlskit: /);
    expect(lines[0]).toContain(name);
    expect(written(stdout)).toBe('');
  });

  it('a parse error with --json prints the failure as JSON on stdout', async () => {
    const { code, calls } = await parse(['cert', 'create', 'api', '--bogus', '--json']);
    expect(code).toBe(2);
    expect(calls).toEqual([]);
    expect(JSON.parse(written(stdout))).toMatchObject({ ok: false, error: { kind: 'usage', exitCode: 2 } });
  });

  it.each([[['--help']], [['cert', 'create', '--help']], [['ca', 'create', '-h']], [['help', 'init']]])('%j → 0 with usage on stdout, no dispatch', async (argv) => {
    const { code, calls } = await parse(argv);
    expect(code).toBe(0);
    expect(calls).toEqual([]);
    expect(written(stdout)).toMatch(/^Usage: mtlskit/m);
    expect(written(stderr)).toBe('');
  });

  it('--version → 0 and the package version', async () => {
    const { code, calls } = await parse(['--version']);
    expect(code).toBe(0);
    expect(calls).toEqual([]);
    expect(written(stdout).trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('a group without a subcommand shows its help on stderr and is a usage error', async () => {
    const { code, calls } = await parse(['cert']);
    expect(code).toBe(2);
    expect(calls).toEqual([]);
    expect(written(stderr)).toMatch(/Usage: mtlskit cert/);
  });
});
