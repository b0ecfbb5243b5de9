import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAUSES, CAUSE_IDS, isCauseId, makeCause } from '../../src/diagnose/knowledge/causes.js';
import {
  X509_ERRORS,
  renderFix,
  x509ErrorByNumber,
  x509ErrorBySymbol,
  x509ErrorByText,
} from '../../src/diagnose/knowledge/x509-errors.js';

// Knowledge as data: the cause ids of the output contract, and OpenSSL's X509_V_ERR_* table,
// checked for shape here and against the real `openssl verify` further down.

const ALL_VALUES = { subject: 'CN=api', issuer: 'CN=Dev Intermediate CA', host: 'api.internal', ip: '10.1.2.3', depth: 1 };
const PLACEHOLDERS = new Set(Object.keys(ALL_VALUES));

describe('cause ids', () => {
  it('is the closed list of 21 ids, each with a title and a summary', () => {
    expect(CAUSE_IDS).toHaveLength(21);
    expect(new Set(CAUSE_IDS).size).toBe(21);
    expect(Object.keys(CAUSES).sort()).toEqual([...CAUSE_IDS].sort());
    for (const id of CAUSE_IDS) {
      const { title, summary } = CAUSES[id];
      expect(title.length, id).toBeGreaterThan(10);
      expect(title[0], `${id}: sentence case`).toBe(title[0]!.toUpperCase());
      expect(title.endsWith('.'), `${id}: a title is a phrase`).toBe(false);
      expect(summary.endsWith('.'), `${id}: a summary is a sentence`).toBe(true);
      expect(summary.split(/\.\s/).length, `${id}: one sentence`).toBe(1);
    }
    expect(CAUSES['untrusted-ca'].title).toBe("The peer's certificate authority is not trusted");
  });

  it('isCauseId accepts exactly the ids', () => {
    for (const id of CAUSE_IDS) expect(isCauseId(id)).toBe(true);
    for (const s of ['', 'Expired', 'expired ', 'unknown', 'toString', '__proto__', 42, null, undefined]) {
      expect(isCauseId(s)).toBe(false);
    }
  });

  it('makeCause fills the title and copies the lists', () => {
    const evidence = ['error 10 at 0 depth lookup: certificate has expired'];
    const fix = ['re-issue it'];
    const cause = makeCause('expired', 0.9, evidence, fix);
    expect(cause).toEqual({ id: 'expired', title: CAUSES.expired.title, confidence: 0.9, evidence, fix });
    expect(cause.evidence).not.toBe(evidence);
    expect(makeCause('revoked', 7, [], []).confidence).toBe(1);
    expect(makeCause('revoked', -1, [], []).confidence).toBe(0);
    expect(makeCause('revoked', Number.NaN, [], []).confidence).toBe(0);
  });
});

describe('the X509_V_ERR table', () => {
  it('covers 0 (X509_V_OK) to 95 once each, in order, with unique symbols', () => {
    expect(X509_ERRORS.map((e) => e.number)).toEqual(Array.from({ length: 96 }, (_, i) => i));
    expect(new Set(X509_ERRORS.map((e) => e.symbol)).size).toBe(X509_ERRORS.length);
    expect(X509_ERRORS[0]!.symbol).toBe('X509_V_OK');
    for (const e of X509_ERRORS.slice(1)) expect(e.symbol).toMatch(/^X509_V_ERR_[A-Z0-9_]+$/);
  });

  it('has the well-known numbers where OpenSSL puts them', () => {
    const known: Record<number, string> = {
      2: 'UNABLE_TO_GET_ISSUER_CERT', 7: 'CERT_SIGNATURE_FAILURE', 9: 'CERT_NOT_YET_VALID', 10: 'CERT_HAS_EXPIRED',
      18: 'DEPTH_ZERO_SELF_SIGNED_CERT', 19: 'SELF_SIGNED_CERT_IN_CHAIN', 20: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
      21: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 23: 'CERT_REVOKED', 24: 'NO_ISSUER_PUBLIC_KEY', 25: 'PATH_LENGTH_EXCEEDED',
      26: 'INVALID_PURPOSE', 32: 'KEYUSAGE_NO_CERTSIGN', 34: 'UNHANDLED_CRITICAL_EXTENSION', 47: 'PERMITTED_VIOLATION',
      48: 'EXCLUDED_VIOLATION', 62: 'HOSTNAME_MISMATCH', 63: 'EMAIL_MISMATCH', 64: 'IP_ADDRESS_MISMATCH',
      66: 'EE_KEY_TOO_SMALL', 67: 'CA_KEY_TOO_SMALL', 68: 'CA_MD_TOO_WEAK', 79: 'INVALID_CA', 94: 'EC_KEY_EXPLICIT_PARAMS',
    };
    for (const [n, name] of Object.entries(known)) expect(x509ErrorByNumber(Number(n))?.symbol).toBe(`X509_V_ERR_${name}`);
  });

  it('maps every code to a cause id of the contract, or to null', () => {
    for (const e of X509_ERRORS) {
      if (e.causeId !== null) expect(isCauseId(e.causeId), `${e.number}`).toBe(true);
    }
    const expected: Record<number, string | null> = {
      0: null, 2: 'untrusted-ca', 7: 'signature-invalid', 9: 'not-yet-valid', 10: 'expired', 17: null,
      18: 'self-signed', 19: 'untrusted-ca', 20: 'untrusted-ca', 21: 'incomplete-chain', 23: 'revoked',
      24: 'invalid-ca-cert', 25: 'invalid-ca-cert', 26: 'wrong-key-usage', 32: 'invalid-ca-cert', 47: 'invalid-ca-cert',
      48: 'invalid-ca-cert', 62: 'hostname-mismatch', 63: 'hostname-mismatch', 64: 'hostname-mismatch',
      66: 'weak-crypto', 67: 'weak-crypto', 68: 'weak-crypto', 79: 'invalid-ca-cert',
    };
    for (const [n, id] of Object.entries(expected)) expect(x509ErrorByNumber(Number(n))?.causeId, n).toBe(id);
  });

  it('has a fix for every code that uses only the known placeholders', () => {
    for (const e of X509_ERRORS) {
      expect(e.text.length, `${e.number}`).toBeGreaterThan(1);
      expect(e.fix.length, `${e.number}`).toBeGreaterThan(30);
      expect(e.fix.endsWith('.'), `${e.number}`).toBe(true);
      for (const [, name] of e.fix.matchAll(/\{([^}]*)\}/g)) expect(PLACEHOLDERS.has(name!), `${e.number}: {${name}}`).toBe(true);
    }
  });

  it('renderFix leaves no placeholder when every value is given', () => {
    for (const e of X509_ERRORS) {
      const out = renderFix(e.fix, ALL_VALUES);
      expect(out, `${e.number}`).not.toMatch(/[{}]/);
      if (e.fix.includes('{subject}')) expect(out, `${e.number}`).toContain('CN=api');
    }
    expect(renderFix(x509ErrorByNumber(10)!.fix, ALL_VALUES)).toBe(
      "'CN=api' expired; re-issue it (e.g. `mtlskit cert create NAME`) and deploy the new certificate.",
    );
    expect(renderFix(x509ErrorByNumber(62)!.fix, ALL_VALUES)).toBe(
      "'CN=api' is not valid for the host name 'api.internal': re-issue it with that name as a SAN (`mtlskit cert create NAME api.internal`) or connect with a name it holds.",
    );
    expect(renderFix(x509ErrorByNumber(2)!.fix, ALL_VALUES)).toContain("'CN=api' (depth 1), whose issuer 'CN=Dev Intermediate CA'");
  });

  it('renderFix reads cleanly when values are missing', () => {
    for (const e of X509_ERRORS) {
      const out = renderFix(e.fix, {});
      expect(out, `${e.number}`).not.toMatch(/[{}]|''|\(\s*\)|\s[,.:;]|\s{2}/);
      expect(out[0], `${e.number}`).toBe(out[0]!.toUpperCase());
    }
    expect(renderFix("'{subject}' expired.", {})).toBe('The certificate expired.');
    expect(renderFix("revoked by its CA '{issuer}': go", { issuer: '' })).toBe('Revoked by its CA: go');
    expect(renderFix('at the CA (depth {depth}), then', { depth: undefined })).toBe('At the CA, then');
    expect(renderFix('at the CA (depth {depth}), then', { depth: 0 })).toBe('At the CA (depth 0), then');
    expect(renderFix('run `mtlskit cert create NAME {host}` now', {})).toBe('Run `mtlskit cert create NAME HOST` now');
    expect(renderFix(x509ErrorByNumber(20)!.fix, { subject: 'CN=api' })).toMatch(/^The issuer of the certificate 'CN=api' is neither/);
  });

  it('finds entries by symbol, with or without prefix, in any case, and by legacy names', () => {
    expect(x509ErrorBySymbol('X509_V_ERR_CERT_HAS_EXPIRED')?.number).toBe(10);
    expect(x509ErrorBySymbol('cert_has_expired')?.number).toBe(10);
    expect(x509ErrorBySymbol(' x509_v_err_hostname_mismatch ')?.number).toBe(62);
    expect(x509ErrorBySymbol('DEPTH_ZERO_SELF_SIGNED_CERT')?.number).toBe(18); // Node's err.code
    expect(x509ErrorBySymbol('X509_V_OK')?.number).toBe(0);
    expect(x509ErrorBySymbol('NOT_A_CODE')).toBeUndefined();
    // 1.1 called 24 INVALID_CA; OpenSSL 3 reuses the name for 79, and the OpenSSL 3 meaning wins.
    expect(x509ErrorByNumber(24)?.legacySymbol).toBe('X509_V_ERR_INVALID_CA');
    expect(x509ErrorBySymbol('INVALID_CA')?.number).toBe(79);
    for (const e of X509_ERRORS) {
      expect(x509ErrorBySymbol(e.symbol)).toBe(e);
      if (e.legacySymbol) expect(x509ErrorBySymbol(e.legacySymbol), e.legacySymbol).toBeDefined();
    }
  });

  it('finds entries by the text of OpenSSL 3 and of OpenSSL 1.1', () => {
    for (const e of X509_ERRORS) expect(x509ErrorByText(e.text)).toBe(e);
    expect(x509ErrorByText('self signed certificate')?.number).toBe(18);
    expect(x509ErrorByText('Hostname mismatch')?.number).toBe(62);
    expect(x509ErrorByText('unsupported certificate purpose')?.number).toBe(26);
    expect(x509ErrorByText('  Certificate Has  Expired ')?.number).toBe(10);
  });
});

// ---------------------------------------------------------------------------------------------
// Cross-check with the real OpenSSL: make each failure happen with `openssl verify` and compare
// the number and text it prints with the table.

const version = spawnSync('openssl', ['version'], { encoding: 'utf8' });
const opensslVersion = version.status === 0 ? /^OpenSSL (3\.\d+)\.\d+/.exec(version.stdout)?.[1] : undefined;

describe.skipIf(!opensslVersion)('the table against the openssl CLI', () => {
  let dir = '';
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  const ext = (name: string, lines: string[]) => writeFileSync(join(dir, name), lines.join('\n') + '\n');
  const now = Math.floor(Date.now() / 1000);
  const DAY = 86_400;

  /** A self-signed CA or leaf. */
  function selfSigned(name: string, key: string[], extra: string[] = []) {
    ssl('req', '-x509', ...key, '-keyout', `${name}.key`, '-out', `${name}.crt`, '-subj', `/CN=${name}`, '-days', '30', ...extra);
  }
  /** A key and a certificate for it signed by `ca` with the extensions in `extFile`. */
  let serial = 100;
  function issue(name: string, ca: string, extFile: string, opts: { key?: string[]; csr?: string; md?: string } = {}) {
    if (!opts.csr) ssl('req', '-new', ...(opts.key ?? ecKey), '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    const csr = opts.csr ?? `${name}.csr`;
    const caKey = `${ca}.key`;
    ssl('x509', '-req', '-in', csr, '-CA', `${ca}.crt`, '-CAkey', caKey, '-set_serial', String(serial++), '-days', '30',
      '-extfile', extFile, ...(opts.md ? [`-${opts.md}`] : []), '-out', `${name}.crt`);
  }

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mtlskit-knowledge-'));
    const caExt = ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign', 'subjectKeyIdentifier=hash', 'authorityKeyIdentifier=keyid'];
    const caSelf = ['-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'];
    ext('ca.ext', caExt);
    ext('leaf.ext', ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=serverAuth',
      'subjectAltName=DNS:leaf.example,IP:127.0.0.1,email:ops@leaf.example']);
    ext('nonca.ext', ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature']);
    ext('nocertsign.ext', ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,digitalSignature']);
    ext('critical.ext', ['basicConstraints=CA:FALSE', 'subjectAltName=DNS:leaf.example', '1.2.3.4.5=critical,ASN1:NULL']);
    ext('constrained.ext', [...caExt, 'nameConstraints=critical,permitted;DNS:good.example,excluded;DNS:bad.good.example']);
    ext('outside.ext', ['subjectAltName=DNS:other.example']);
    ext('excluded.ext', ['subjectAltName=DNS:bad.good.example']);
    ext('keycertsign-leaf.ext', ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature,keyCertSign', 'subjectAltName=DNS:leaf.example']);

    // root → int → leaf, and variants of each link.
    selfSigned('root', ecKey, caSelf);
    issue('int', 'root', 'ca.ext');
    issue('leaf', 'int', 'leaf.ext');
    selfSigned('selfie', ecKey);
    selfSigned('root0', ecKey, ['-addext', 'basicConstraints=critical,CA:TRUE,pathlen:0', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
    issue('int0', 'root0', 'ca.ext', { csr: 'int.csr' });
    writeFileSync(join(dir, 'int0.key'), readFileSync(join(dir, 'int.key')));
    issue('leaf0', 'int0', 'leaf.ext', { csr: 'leaf.csr' });
    issue('intnonca', 'root', 'nonca.ext', { csr: 'int.csr' });
    writeFileSync(join(dir, 'intnonca.key'), readFileSync(join(dir, 'int.key')));
    issue('leafnonca', 'intnonca', 'leaf.ext', { csr: 'leaf.csr' });
    issue('intnocs', 'root', 'nocertsign.ext', { csr: 'int.csr' });
    writeFileSync(join(dir, 'intnocs.key'), readFileSync(join(dir, 'int.key')));
    issue('leafnocs', 'intnocs', 'leaf.ext', { csr: 'leaf.csr' });
    issue('leafcrit', 'int', 'critical.ext', { csr: 'leaf.csr' });
    issue('intnc', 'root', 'constrained.ext', { csr: 'int.csr' });
    writeFileSync(join(dir, 'intnc.key'), readFileSync(join(dir, 'int.key')));
    issue('outside', 'intnc', 'outside.ext', { csr: 'leaf.csr' });
    issue('excluded', 'intnc', 'excluded.ext', { csr: 'leaf.csr' });
    issue('leafkcs', 'int', 'keycertsign-leaf.ext', { csr: 'leaf.csr' });
    issue('small', 'int', 'leaf.ext', { key: ['-newkey', 'rsa:1024', '-nodes'] });
    issue('sha1', 'int', 'leaf.ext', { csr: 'leaf.csr', md: 'sha1' });
    selfSigned('smallroot', ['-newkey', 'rsa:1024', '-nodes'], caSelf);
    issue('bysmallroot', 'smallroot', 'leaf.ext', { csr: 'leaf.csr' });

    // An EC key with explicit curve parameters (as LibreSSL writes them).
    ssl('ecparam', '-name', 'prime256v1', '-param_enc', 'explicit', '-out', 'explicit.pem');
    issue('explicit', 'int', 'leaf.ext', { key: ['-newkey', 'ec:explicit.pem', '-nodes'] });

    // A leaf whose signature was altered: flip a bit in the last byte of the ECDSA signature.
    const der = ssl('x509', '-in', 'leaf.crt', '-outform', 'DER');
    der[der.length - 1]! ^= 1;
    const b64 = der.toString('base64').replace(/.{64}/g, '$&\n');
    writeFileSync(join(dir, 'tampered.crt'), `-----BEGIN CERTIFICATE-----\n${b64.trimEnd()}\n-----END CERTIFICATE-----\n`);

    // A root whose trust settings reject serverAuth.
    ssl('x509', '-in', 'root.crt', '-addreject', 'serverAuth', '-out', 'root-rejected.pem');

    // A CRL from int that revokes leaf, valid for one hour.
    writeFileSync(join(dir, 'ca.cnf'), '[ca]\ndefault_ca = d\n[d]\ndatabase = index.txt\ndefault_md = sha256\n');
    writeFileSync(join(dir, 'index.txt'), '');
    ssl('ca', '-config', 'ca.cnf', '-keyfile', 'int.key', '-cert', 'int.crt', '-revoke', 'leaf.crt');
    ssl('ca', '-config', 'ca.cnf', '-keyfile', 'int.key', '-cert', 'int.crt', '-gencrl', '-crlhours', '1', '-out', 'int.crl');
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Runs `openssl verify` with no default trust store; returns every "error N at D depth lookup: TEXT". */
  function verify(args: string[]): { number: number; depth: number; text: string }[] {
    const r = spawnSync('openssl', ['verify', '-no-CAfile', '-no-CApath', '-no-CAstore', ...args], { cwd: dir, encoding: 'utf8' });
    const out = `${r.stdout}\n${r.stderr}`;
    return [...out.matchAll(/^error (\d+) at (\d+) depth lookup: (.*)$/gm)].map((m) => ({ number: Number(m[1]), depth: Number(m[2]), text: m[3]!.trim() }));
  }

  const chain = ['-CAfile', 'root.crt', '-untrusted', 'int.crt'];
  const CASES: { expect: number; what: string; args: string[] }[] = [
    { expect: 18, what: 'a self-signed leaf', args: ['selfie.crt'] },
    { expect: 20, what: 'the intermediate not sent', args: ['-CAfile', 'root.crt', 'leaf.crt'] },
    { expect: 20, what: 'the root not trusted', args: ['-untrusted', 'int.crt', 'leaf.crt'] },
    { expect: 2, what: 'only the intermediate trusted', args: ['-CAfile', 'int.crt', 'leaf.crt'] },
    { expect: 19, what: 'the root sent but not trusted', args: ['-untrusted', 'int.crt', '-untrusted', 'root.crt', 'leaf.crt'] },
    { expect: 10, what: 'expired', args: [...chain, '-attime', String(now + 100 * DAY), 'leaf.crt'] },
    { expect: 9, what: 'not yet valid', args: [...chain, '-attime', String(now - 2 * DAY), 'leaf.crt'] },
    { expect: 62, what: 'another host name', args: [...chain, '-verify_hostname', 'other.example', 'leaf.crt'] },
    { expect: 64, what: 'another IP address', args: [...chain, '-verify_ip', '10.9.9.9', 'leaf.crt'] },
    { expect: 63, what: 'another email address', args: [...chain, '-verify_email', 'someone@else.example', 'leaf.crt'] },
    { expect: 26, what: 'a server certificate used as a client', args: [...chain, '-purpose', 'sslclient', 'leaf.crt'] },
    { expect: 22, what: 'a chain longer than the verify depth', args: [...chain, '-verify_depth', '0', 'leaf.crt'] },
    { expect: 25, what: 'a pathlen:0 root above an intermediate', args: ['-CAfile', 'root0.crt', '-untrusted', 'int0.crt', 'leaf0.crt'] },
    { expect: 79, what: 'an intermediate that is not a CA', args: ['-CAfile', 'root.crt', '-untrusted', 'intnonca.crt', 'leafnonca.crt'] },
    { expect: 32, what: 'an intermediate without keyCertSign', args: ['-CAfile', 'root.crt', '-untrusted', 'intnocs.crt', 'leafnocs.crt'] },
    { expect: 34, what: 'an unknown critical extension', args: [...chain, 'leafcrit.crt'] },
    { expect: 47, what: 'a name outside the permitted subtree', args: ['-CAfile', 'root.crt', '-untrusted', 'intnc.crt', 'outside.crt'] },
    { expect: 48, what: 'a name in the excluded subtree', args: ['-CAfile', 'root.crt', '-untrusted', 'intnc.crt', 'excluded.crt'] },
    { expect: 66, what: 'an RSA-1024 leaf at level 2', args: [...chain, '-auth_level', '2', 'small.crt'] },
    { expect: 67, what: 'an RSA-1024 root at level 2', args: ['-CAfile', 'smallroot.crt', '-auth_level', '2', 'bysmallroot.crt'] },
    { expect: 68, what: 'a SHA-1 signature at level 2', args: [...chain, '-auth_level', '2', 'sha1.crt'] },
    { expect: 7, what: 'an altered signature', args: [...chain, 'tampered.crt'] },
    { expect: 94, what: 'explicit EC parameters', args: [...chain, 'explicit.crt'] },
    { expect: 82, what: 'keyCertSign on a leaf in strict mode', args: [...chain, '-x509_strict', 'leafkcs.crt'] },
    { expect: 28, what: 'a root rejected for serverAuth', args: ['-CAfile', 'root-rejected.pem', '-untrusted', 'int.crt', '-purpose', 'sslserver', 'leaf.crt'] },
    { expect: 3, what: 'CRL checking without a CRL', args: [...chain, '-crl_check', 'leaf.crt'] },
    { expect: 23, what: 'a revoked certificate', args: [...chain, '-crl_check', '-CRLfile', 'int.crl', 'leaf.crt'] },
    { expect: 12, what: 'an expired CRL', args: [...chain, '-crl_check', '-CRLfile', 'int.crl', '-attime', String(now + 2 * 3600), 'leaf.crt'] },
  ];

  it('verifies the healthy chain', () => {
    expect(verify([...chain, 'leaf.crt'])).toEqual([]);
  });

  it.each(CASES)('error $expect: $what', ({ expect: number, args }) => {
    const errors = verify(args);
    expect(errors.map((e) => e.number)).toContain(number);
    // Every error openssl printed on the way has our number and text.
    for (const printed of errors) {
      const entry = x509ErrorByNumber(printed.number);
      expect(entry, `error ${printed.number}`).toBeDefined();
      expect([entry!.text, ...(entry!.otherTexts ?? [])], `error ${printed.number}`).toContain(printed.text);
      expect(x509ErrorByText(printed.text)?.number).toBe(printed.number);
    }
  });

  const header = '/usr/include/openssl/x509_vfy.h';
  it.skipIf(!existsSync(header))('uses the numbers of the installed OpenSSL header', () => {
    const defines = [...readFileSync(header, 'utf8').matchAll(/^#\s*define\s+(X509_V_(?:OK|ERR_\w+))\s+(\d+)\b/gm)];
    expect(defines.length).toBeGreaterThan(90);
    for (const [, symbol, n] of defines) expect(x509ErrorBySymbol(symbol!)?.number, symbol).toBe(Number(n));
  });
});
