import { describe, expect, it } from 'vitest';
import { CAUSE_IDS } from '../../src/diagnose/knowledge/causes.js';
import { CAUSE_FIXES } from '../../src/diagnose/knowledge/cause-fixes.js';
import { CURL_EXIT_CODES, DOTNET_FLAGS, LOCAL_REASONS, MESSAGE_PATTERNS, NODE_ERROR_CODES, RUSTLS_VARIANTS } from '../../src/diagnose/knowledge/stack-messages.js';

// The per-stack message knowledge as data: shape, contract ids, and the rule the engine relies on
// (a pattern runs only on lines that hold its needle, so every match must hold it).

const ids: ReadonlySet<string> = new Set(CAUSE_IDS);

describe('stack message patterns', () => {
  it('have unique ids, contract cause ids, a meaning and a source', () => {
    expect(new Set(MESSAGE_PATTERNS.map((p) => p.id)).size).toBe(MESSAGE_PATTERNS.length);
    for (const p of MESSAGE_PATTERNS) {
      for (const [id, confidence] of p.causes) {
        expect(ids.has(id), `${p.id}: ${id}`).toBe(true);
        expect(confidence, p.id).toBeGreaterThan(0);
        expect(confidence, p.id).toBeLessThanOrEqual(1);
      }
      expect(p.meaning, p.id).toMatch(/^[A-Za-z.'].*\.$/);
      expect(p.source.length, p.id).toBeGreaterThan(5);
      expect(p.needle, p.id).toBe(p.needle.toLowerCase());
    }
  });

  it('hold their needle in each alternative of their expression', () => {
    // A pattern runs only on lines holding its needle: an alternative without it would never match.
    const alternatives = (source: string) => {
      const parts: string[] = [];
      let depth = 0;
      let inClass = false;
      let current = '';
      for (let i = 0; i < source.length; i++) {
        const c = source[i]!;
        if (c === '\\') {
          current += c + (source[i + 1] ?? '');
          i++;
          continue;
        }
        if (inClass || c === '[') inClass = c !== ']' && (inClass || c === '[');
        else if (c === '(') depth++;
        else if (c === ')') depth--;
        else if (c === '|' && depth === 0) {
          parts.push(current);
          current = '';
          continue;
        }
        current += c;
      }
      return [...parts, current];
    };
    for (const p of MESSAGE_PATTERNS) {
      for (const alternative of alternatives(p.re.source)) {
        const literal = alternative.replace(/\\(.)/g, '$1').toLowerCase();
        expect(literal.includes(p.needle) || /[[(]/.test(alternative), `${p.id}: "${alternative}" lacks "${p.needle}"`).toBe(true);
      }
    }
  });

  it("hold their needle in every example they match", () => {
    const examples: Record<string, string> = {
      'go-unknown-authority': 'x509: certificate signed by unknown authority',
      'go-valid-for': 'x509: certificate is valid for a.example, b.example, not c.example',
      'java-pkix': 'PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target',
      'java-no-cert-path': 'Caused by: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target',
      'java-no-san-dns': 'javax.net.ssl.SSLHandshakeException: No subject alternative DNS name',
      'python-hostname': "certificate verify failed: Hostname mismatch, certificate is not valid for 'localhost'. (_ssl.c:1006)",
      'curl-exit': 'curl: (60) SSL certificate problem: unable to get local issuer certificate',
      'nginx-client-verify': 'client SSL certificate verify error: (20:unable to get local issuer certificate) while reading client request headers',
      'pg-host': 'server certificate for "localhost" does not match host name "127.0.0.1"',
      'mysql-verify-paths': 'FATAL: error 2026: SSL connection error: SSL_CTX_set_default_verify_paths failed',
      'rustls-invalid-cert': 'invalid peer certificate: UnknownIssuer',
      'dotnet-policy': 'The remote certificate is invalid according to the validation procedure: RemoteCertificateNameMismatch',
    };
    for (const [id, text] of Object.entries(examples)) {
      const p = MESSAGE_PATTERNS.find((q) => q.id === id)!;
      expect(p, id).toBeDefined();
      const m = p.re.exec(text);
      expect(m, id).not.toBeNull();
      expect(m![0].toLowerCase().includes(p.needle), `${id}: needle "${p.needle}"`).toBe(true);
    }
  });

  it('map codes, flags and variants to contract ids only', () => {
    const tables = [
      ...Object.values(NODE_ERROR_CODES).map((v) => v.causes),
      ...Object.values(CURL_EXIT_CODES).map((v) => v.causes),
      ...Object.values(DOTNET_FLAGS),
      ...Object.values(RUSTLS_VARIANTS),
      ...LOCAL_REASONS.map((r) => r.causes),
    ];
    for (const causes of tables) for (const [id] of causes) expect(ids.has(id), id).toBe(true);
    expect(Object.keys(CURL_EXIT_CODES).map(Number)).toEqual(expect.arrayContaining([35, 51, 58, 59, 60, 77, 83, 90, 91]));
  });

  it('has role-aware fixes for every cause id', () => {
    for (const id of CAUSE_IDS) {
      const entry = CAUSE_FIXES[id];
      const lists = [entry.serverCert, entry.clientCert, entry.peer, entry.any].filter(Boolean);
      expect(lists.length, id).toBeGreaterThan(0);
      for (const list of lists) for (const [, text] of list!) expect(text, id).toMatch(/\.$/);
    }
  });
});
