import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { BIN, runCli } from '../helpers/cli.js';

// `mtlskit explain` as a user runs it: arguments or a log on stdin, human text or --json, exit codes.

describe('mtlskit explain', () => {
  it('explains a message given as arguments', () => {
    const r = runCli(['explain', 'error:0A000418:SSL', 'routines::tlsv1', 'alert', 'unknown', 'ca']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('alert 48 unknown_ca');
    expect(r.stdout).toContain('OpenSSL 3 code 0A000418');
    expect(r.stdout).toContain('[untrusted-ca]');
    expect(r.stdout).toMatch(/→ /);
    expect(r.stderr).toBe('');
  });

  it('reads a whole log on stdin and finds every TLS error in it', () => {
    const log = [
      '2024/05/01 10:00:00 [info] 31#31: *7 client sent no required SSL certificate while reading client request headers, client: 10.0.0.7',
      '2024/05/01 10:00:01 [notice] 31#31: signal process started',
      '2024/05/01 10:00:02 [info] 31#31: *8 client SSL certificate verify error: (10:certificate has expired) while reading client request headers, client: 10.0.0.8',
      '2024/05/01 10:00:03 [info] 31#31: *9 client sent no required SSL certificate while reading client request headers, client: 10.0.0.9',
    ].join('\n');
    const r = runCli(['explain', '--json'], { input: log });
    expect(r.code).toBe(0);
    expect(r.json.scanned).toEqual({ lines: 4, bytes: Buffer.byteLength(log) });
    expect(r.json.recognized).toHaveLength(2);
    expect(r.json.recognized[0]).toMatchObject({ stack: 'nginx', kind: 'client-certificate', line: 1, count: 2, side: 'server' });
    expect(r.json.recognized[1]).toMatchObject({ stack: 'nginx', kind: 'verification', line: 3, x509: { number: 10, symbol: 'X509_V_ERR_CERT_HAS_EXPIRED' } });
    expect(r.json.causes.map((c: { id: string }) => c.id)).toEqual(['client-cert-required', 'expired']);
    for (const cause of r.json.causes) {
      expect(Object.keys(cause).sort()).toEqual(['confidence', 'evidence', 'fix', 'id', 'title']);
      expect(cause.confidence).toBeGreaterThan(0);
      expect(cause.confidence).toBeLessThanOrEqual(1);
    }
  });

  it('understands bare numbers and codes', () => {
    const alert = runCli(['explain', '48', '--json']);
    expect(alert.json.recognized[0]).toMatchObject({ kind: 'alert', alert: { number: 48, name: 'unknown_ca' } });
    expect(runCli(['explain', '0x30', '--json']).json.recognized[0].alert.number).toBe(48);
    const x509 = runCli(['explain', '20', '--x509', '--json']);
    expect(x509.json.recognized[0].x509).toMatchObject({ number: 20, symbol: 'X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY' });
    expect(runCli(['explain', 'X509_V_ERR_CERT_HAS_EXPIRED', '--json']).json.causes[0].id).toBe('expired');
    const boring = runCli(['explain', '268435581', '--json']);
    expect(boring.json.recognized[0].code).toMatchObject({ layout: 'boringssl', reasonText: 'CERTIFICATE_VERIFY_FAILED', decimal: 268435581 });
    expect(runCli(['explain', 'ERR_TLS_CERT_ALTNAME_INVALID', '--json']).json.causes[0].id).toBe('hostname-mismatch');
  });

  it('says so, and exits 0, when the text holds no TLS error', () => {
    const dns = runCli(['explain', 'Error: getaddrinfo ENOTFOUND api.internal']);
    expect(dns.code).toBe(0);
    expect(dns.stdout).toContain('No TLS error in the text: it reports a DNS failure');
    const refused = runCli(['explain', '--json', 'connect ECONNREFUSED 127.0.0.1:8443']);
    expect(refused.code).toBe(0);
    expect(refused.json).toMatchObject({ recognized: [], causes: [] });
    expect(refused.json.note).toContain('refused TCP connection');
  });

  it('reads stdin as a stream and refuses more than 256 MB with exit 3', () => {
    // 270 MB without a newline: memory stays that of one line, and the refusal names the way out.
    const r = spawnSync('sh', ['-c', `head -c 270000000 /dev/zero | "${process.execPath}" "${BIN}" explain`], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('stdin holds more than 256 MB');
    expect(r.stdout).toBe('');
  });

  it('refuses an unknown flag with exit 2', () => {
    const r = runCli(['explain', '--x5O9', '20']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--x5O9'/);
    expect(r.stdout).toBe('');
  });
});
