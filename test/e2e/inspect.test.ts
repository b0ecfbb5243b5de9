import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliAsync, tempDir } from '../helpers/cli.js';
import { pemBodiesOfFile, withTimeout } from '../helpers/matrix-pki.js';

const dir = tempDir('mtlskit-inspect-');
const ca = join(dir.path, 'ca');
const certs = join(ca, 'certs');
const file = (name: string) => join(dir.path, name);
const fingerprint = (path: string) => new X509Certificate(readFileSync(path)).fingerprint256;
const pem = (body: string) => `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;

beforeAll(() => {
  expect(runCli(['ca', 'create', '--dir', ca, '--intermediate', 'Inspect Intermediate', '--name', 'Inspect Root']).code).toBe(0);
  expect(runCli(['cert', 'create', 'api', 'api.internal', '127.0.0.1', '--dir', ca]).code).toBe(0);
  expect(runCli(['cert', 'create', 'soon', '--dir', ca, '--days', '10']).code).toBe(0);
  expect(runCli(['cert', 'create', 'other', '--dir', ca, '--profile', 'client']).code).toBe(0);
  // Root, leaf, intermediate — out of order, with log text around the blocks.
  const [leaf, intermediate] = pemBodiesOfFile(join(certs, 'api-chain.crt'));
  const [root] = pemBodiesOfFile(join(ca, 'ca.crt'));
  writeFileSync(file('shuffled.pem'), `2026-11-23 INFO got bundle:\n${pem(root!)}noise between\r\n${pem(leaf!)}${pem(intermediate!)}trailing text\n`);
});
afterAll(() => dir.remove());

describe('inspect', () => {
  it('orders a shuffled bundle leaf → intermediate → root by issuer links', () => {
    const result = runCli(['inspect', file('shuffled.pem'), '--json']);
    expect(result.code).toBe(0);
    const [source] = result.json.sources;
    expect(source.certificates.map((c: { subject: string }) => c.subject)).toEqual(['CN=api', 'CN=Inspect Intermediate', 'CN=Inspect Root']);
    expect(source.certificates.map((c: { role: string }) => c.role)).toEqual(['leaf', 'intermediate', 'root']);
    expect(source.chains).toEqual([[0, 1, 2]]);
    const leaf = source.certificates[0];
    expect(leaf.fingerprintSha256).toBe(fingerprint(join(certs, 'api.crt')));
    expect(leaf.sans).toEqual(['DNS:api.internal', 'IP:127.0.0.1']);
    expect(leaf.key).toEqual({ type: 'ec', bits: 256, curve: 'P-256' });
    expect(leaf.signatureAlgorithm).toBe('ecdsa-with-SHA256');
    expect(leaf.extendedKeyUsage).toEqual(['serverAuth']);
    expect(leaf.basicConstraints).toEqual({ ca: false, pathLen: null, critical: true });
    expect(leaf.aki).toBe(source.certificates[1].ski);
    expect(leaf.warnings).toEqual([]);
  });

  it('draws the chain as a tree with relative validity', () => {
    const result = runCli(['inspect', file('shuffled.pem')]);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    const at = (text: string) => lines.findIndex((line) => line.includes(text));
    expect(at('└─ ✔ CN=api')).toBeGreaterThan(0);
    expect(at('└─ ✔ CN=Inspect Intermediate')).toBeGreaterThan(at('└─ ✔ CN=api'));
    expect(at('└─ ✔ CN=Inspect Root')).toBeGreaterThan(at('└─ ✔ CN=Inspect Intermediate'));
    expect(result.stdout).toMatch(/expires in 1 year/);
    expect(result.stdout).toContain('DNS:api.internal, IP:127.0.0.1');
  });

  it('colours validity: yellow within 30 days, red when expired', () => {
    const soon = runCli(['inspect', join(certs, 'soon.crt')], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(soon.stdout).toMatch(/\x1b\[33mexpires in (9|10) days/);
    const expired = runCli(['inspect', join(certs, 'soon.crt'), '--at', '2099-01-01'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(expired.stdout).toMatch(/\x1b\[31mexpired \d+ years ago/);
    const expiredJson = runCli(['inspect', join(certs, 'soon.crt'), '--at', '2099-01-01', '--json']);
    expect(expiredJson.json.sources[0].certificates[0].warnings.join(' ')).toMatch(/expired/);
  });

  it('matches a private key given beside the certificates to the one it belongs to', () => {
    const result = runCli(['inspect', join(certs, 'api-chain.crt'), join(certs, 'other.crt'), join(certs, 'api.key'), '--json']);
    expect(result.code).toBe(0);
    const [chain, other, key] = result.json.sources;
    expect(key.keys).toEqual([
      {
        kind: 'private',
        format: 'pkcs8',
        encrypted: false,
        key: { type: 'ec', bits: 256, curve: 'P-256' },
        matches: { input: join(certs, 'api-chain.crt'), subject: 'CN=api', fingerprintSha256: fingerprint(join(certs, 'api.crt')) },
      },
    ]);
    expect(chain.certificates[0].privateKey).toBe(join(certs, 'api.key'));
    expect(chain.certificates[1].privateKey).toBeNull();
    expect(other.certificates[0].privateKey).toBeNull();
    const human = runCli(['inspect', join(certs, 'other.crt'), join(certs, 'api.key')]);
    expect(human.stdout).toContain('matches no certificate given');
  });

  it('reads several inputs, stdin among them', () => {
    const result = runCli(['inspect', join(certs, 'api.crt'), '-', '--json'], { input: readFileSync(join(ca, 'ca.crt'), 'utf8') });
    expect(result.code).toBe(0);
    expect(result.json.sources.map((s: { input: string }) => s.input)).toEqual([join(certs, 'api.crt'), 'stdin']);
    expect(result.json.sources[1].certificates[0].subject).toBe('CN=Inspect Root');
  });
});

describe('inspect host:port', () => {
  let server: ChildProcess | undefined;
  afterAll(() => server?.kill());

  async function startServer(): Promise<number> {
    server = spawn('openssl', ['s_server', '-accept', '127.0.0.1:0', '-cert', join(certs, 'api.crt'), '-key', join(certs, 'api.key'), '-cert_chain', join(ca, 'intermediate.crt'), '-naccept', '2'], { stdio: ['pipe', 'pipe', 'pipe'] }); // stdin stays open: s_server stops at EOF on it
    let output = '';
    return withTimeout(
      new Promise<number>((resolve, reject) => {
        server!.stdout!.on('data', (data) => {
          output += data;
          const match = /ACCEPT\s+\S*:(\d+)/.exec(output);
          if (match) resolve(Number(match[1]));
        });
        server!.once('exit', (code) => reject(new Error(`s_server exited ${code}`)));
      }),
      15_000,
      'openssl s_server to accept',
    );
  }

  it('shows the chain a live openssl s_server presents (host:port and https://)', async () => {
    const port = await startServer();
    const result = await runCliAsync(['inspect', `127.0.0.1:${port}`, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [source] = result.json.sources;
    expect(source.input).toBe(`127.0.0.1:${port}`);
    expect(source.container).toMatch(/^tls \(TLSv1\.[23]\)$/);
    expect(source.certificates.map((c: { fingerprintSha256: string }) => c.fingerprintSha256)).toEqual([
      fingerprint(join(certs, 'api.crt')),
      fingerprint(join(ca, 'intermediate.crt')),
    ]);
    const human = await runCliAsync(['inspect', `https://127.0.0.1:${port}/`, '--servername', 'api.internal']);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('└─ ✔ CN=api');
    expect(human.stdout).toContain('CN=Inspect Intermediate');
    expect(human.stdout).not.toContain('CN=Inspect Root  root');
  });

  it('presents --cert/--key to a server that requires a client certificate', async () => {
    const client = spawn('openssl', ['s_server', '-accept', '127.0.0.1:0', '-cert', join(certs, 'api.crt'), '-key', join(certs, 'api.key'), '-Verify', '2', '-verify_return_error', '-CAfile', join(ca, 'ca.crt'), '-chainCAfile', join(ca, 'intermediate.crt'), '-naccept', '1'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    client.stdout!.on('data', (d) => (output += d));
    client.stderr!.on('data', (d) => (output += d));
    try {
      const port = await withTimeout(
        new Promise<number>((resolve) => {
          const check = () => {
            const match = /ACCEPT\s+\S*:(\d+)/.exec(output);
            if (match) resolve(Number(match[1]));
          };
          client.stdout!.on('data', check);
        }),
        15_000,
        'openssl s_server -Verify to accept',
      );
      const exited = new Promise<void>((resolve) => client.once('exit', () => resolve()));
      const result = await runCliAsync(['inspect', `127.0.0.1:${port}`, '--cert', join(certs, 'other-chain.crt'), '--key', join(certs, 'other.key'), '--json']);
      expect(result.code).toBe(0);
      expect(result.json.sources[0].certificates[0].subject).toBe('CN=api');
      await withTimeout(exited, 15_000, 'openssl s_server to finish the connection');
      // s_server verified the client chain it was sent and logged its subject.
      expect(output).toMatch(/depth=0 CN = other/);
      expect(output).not.toMatch(/verify error/);
    } finally {
      client.kill();
    }
  });

  it('names the target when nothing listens', async () => {
    const result = await runCliAsync(['inspect', '127.0.0.1:1', '--timeout', '5']);
    expect(result.code).toBe(3);
    expect(result.stderr.trim()).toBe('mtlskit: cannot fetch the chain of 127.0.0.1:1: 127.0.0.1:1 refused the connection (nothing listens on port 1)');
  });
});
