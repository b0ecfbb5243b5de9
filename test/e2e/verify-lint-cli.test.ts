import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

// The verify and lint commands as a user runs them: human output, usage errors, exit codes.
// (Agreement with `openssl verify` is held by verify-matrix.test.ts; each lint rule by lint.test.ts.)

const dir = tempDir('mtlskit-verify-cli-');
const ca = join(dir.path, 'ca');
const certs = join(ca, 'certs');

beforeAll(() => {
  expect(runCli(['ca', 'create', '--dir', ca, '--intermediate', 'CLI Intermediate', '--name', 'CLI Root']).code).toBe(0);
  expect(runCli(['cert', 'create', 'api', 'api.internal', '--dir', ca]).code).toBe(0);
  expect(runCli(['cert', 'create', 'worker', 'spiffe://example.org/ns/a/sa/w', '--profile', 'spiffe', '--dir', ca]).code).toBe(0);
});
afterAll(() => dir.remove());

describe('verify', () => {
  it('draws the verified chain and exits 0', () => {
    const result = runCli(['verify', join(certs, 'api-chain.crt'), '--ca', join(ca, 'ca.crt'), '--host', 'api.internal', '--purpose', 'server']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('✔ CN=api');
    expect(result.stdout).toContain('└─ ✔ CN=CLI Intermediate');
    expect(result.stdout).toContain('CN=CLI Root  (trusted)');
    expect(result.stdout).toContain('✔ verified');
  });

  it('names the missing intermediate and the command that fixes it', () => {
    const result = runCli(['verify', join(certs, 'api.crt'), '--ca', join(ca, 'ca.crt')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY (20) at depth 0');
    expect(result.stdout).toContain("The intermediate CA 'CN=CLI Intermediate' is missing");
    expect(result.stdout).toContain('cat leaf.crt intermediate.crt > chain.crt');
    const json = runCli(['verify', join(certs, 'api.crt'), '--ca', join(ca, 'ca.crt'), '--json']).json;
    expect(json.causes[0]).toMatchObject({ id: 'incomplete-chain', title: expect.any(String), confidence: expect.any(Number) });
    expect(json.causes[0].fix[0]).toContain("'CN=CLI Intermediate'");
  });

  it('trusts the system roots without --ca, and says so', () => {
    const result = runCli(['verify', join(certs, 'api-chain.crt')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/note: trusting the system roots/);
    expect(result.stdout).toContain('[untrusted-ca]');
  });

  it.each([
    [['--purpose', 'web'], "invalid value 'web' for --purpose; expected server, client"],
    [['--ip', 'api.internal'], "invalid value 'api.internal' for --ip; expected an IPv4 or IPv6 address (use --host for names)"],
    [['--at', 'tomorrow'], "invalid value 'tomorrow' for --at; expected an ISO 8601 time such as 2027-01-01 or 2027-01-01T12:00:00Z"],
  ])('refuses %j with exit 2 and one sentence', (flags, message) => {
    const result = runCli(['verify', join(certs, 'api.crt'), '--ca', join(ca, 'ca.crt'), ...flags]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`mtlskit: ${message}\n`);
  });

  it('refuses an input without certificates (a key) with exit 2 naming it', () => {
    const result = runCli(['verify', join(certs, 'api.key'), '--ca', join(ca, 'ca.crt')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`mtlskit: ${join(certs, 'api.key')} holds no certificate to verify\n`);
  });
});

describe('lint', () => {
  it('finds nothing wrong in what mtlskit issues', () => {
    const result = runCli(['lint', join(certs, 'api-chain.crt'), join(ca, 'ca.crt'), join(certs, 'worker-chain.crt'), '--json']);
    expect(result.code).toBe(0);
    expect(result.json.ok).toBe(true);
    expect(result.json.findings.filter((f: { severity: string }) => f.severity !== 'info')).toEqual([]);
  });

  it('makes role rules errors with --purpose and exits 1', () => {
    const result = runCli(['lint', join(certs, 'api-chain.crt'), '--purpose', 'client', '--json']);
    expect(result.code).toBe(1);
    expect(result.json.ok).toBe(false);
    expect(result.json.findings[0]).toMatchObject({ rule: 'client-auth-eku-missing', severity: 'error', certificate: 'CN=api' });
    const human = runCli(['lint', join(certs, 'api-chain.crt'), '--purpose', 'client']);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/CN=api\n {2}✖ client-auth-eku-missing {2}.*--profile (client|peer)`/);
    expect(human.stdout).toMatch(/1 error\(s\)/);
  });

  it('judges validity at --at', () => {
    const result = runCli(['lint', join(certs, 'api.crt'), '--at', '2099-01-01', '--json']);
    expect(result.code).toBe(1);
    expect(result.json.findings.map((f: { rule: string }) => f.rule)).toContain('expired');
  });
});
