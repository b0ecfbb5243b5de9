import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { buildVerifyMatrix, opensslVerify, VERIFY_CASES, X509_V_ERR, type OpensslVerifyResult, type VerifyCase } from '../helpers/verify-matrix.js';

/**
 * `mtlskit verify` held to `openssl verify -auth_level 1`: every case of the matrix is built with
 * the openssl CLI, checked to be what it claims (the tests named "openssl …"), then run through
 * `mtlskit verify --json`, which must reach the same verdict and report OpenSSL's first error
 * (same number, same depth) with the expected cause ranked first.
 *
 * Run only the reference half with `npx vitest run test/e2e/verify-matrix.test.ts -t openssl`
 * (no mtlskit test name contains that word).
 */

let tmp: { path: string; remove: () => void };
const built = new Map<string, VerifyCase>();
const reference = new Map<string, OpensslVerifyResult>();

beforeAll(() => {
  tmp = tempDir('mtlskit-verify-matrix-');
  for (const c of buildVerifyMatrix(tmp.path)) built.set(c.name, c);
});

afterAll(() => tmp?.remove());

function builtCase(name: string): VerifyCase {
  const c = built.get(name);
  if (!c) throw new Error(`case ${name} was not built`);
  return c;
}

/** OpenSSL's answer for a case, computed once whichever half asks first. */
function openssl(c: VerifyCase): OpensslVerifyResult {
  let r = reference.get(c.name);
  if (!r) {
    r = opensslVerify(c);
    reference.set(c.name, r);
  }
  return r;
}

const show = (c: VerifyCase, r: { stdout: string; stderr: string }, who: string) =>
  `${c.name}: ${c.about}\n${who} ${who === 'openssl' ? c.opensslArgs.join(' ') : c.mtlskitArgs.join(' ')}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;

it('the matrix has unique case names', () => {
  expect(new Set(VERIFY_CASES.map((c) => c.name)).size).toBe(VERIFY_CASES.length);
});

describe.each(VERIFY_CASES.map((spec) => ({ name: spec.name })))('$name', ({ name }) => {
  it('openssl verify gives the expected result', () => {
    const c = builtCase(name);
    const r = openssl(c);
    const why = show(c, r, 'openssl');
    if (c.expect.ok) {
      expect(r.status, why).toBe(0);
      expect(r.firstError, why).toBeUndefined();
      expect(r.chain, why).toEqual(c.chain.map((entry) => entry.commonName));
    } else {
      expect(r.status, why).not.toBe(0);
      expect(r.firstError, why).toEqual({ number: c.expect.number, depth: c.expect.depth, message: c.expect.message });
      expect(X509_V_ERR[c.expect.number]).toBe(c.expect.code);
    }
  });

  it('mtlskit verify --json agrees', () => {
    const c = builtCase(name);
    const ref = openssl(c);
    const opensslOk = ref.status === 0;
    const r = runCli(c.mtlskitArgs);
    const why = show(c, r, 'mtlskit');
    expect(r.json, why).toBeTypeOf('object');
    const doc = r.json as {
      ok: boolean;
      chain: { subject: string; fingerprintSha256: string }[];
      errors: { code: string; number: number; depth: number; message: string }[];
      causes: { id: string }[];
    };
    expect(doc.ok, why).toBe(opensslOk);
    expect(r.code, why).toBe(opensslOk ? 0 : 1);
    expect(Array.isArray(doc.chain) && Array.isArray(doc.errors) && Array.isArray(doc.causes), why).toBe(true);
    if (c.expect.ok) {
      expect(doc.errors, why).toEqual([]);
      // The chain, leaf → trust anchor: the same certificates (by fingerprint) in the same order.
      expect(doc.chain.map((entry) => entry.fingerprintSha256.replace(/[^0-9a-f]/gi, '').toLowerCase()), why).toEqual(
        c.chain.map((entry) => entry.fingerprintSha256),
      );
      doc.chain.forEach((entry, i) => expect(entry.subject, why).toContain(c.chain[i]!.commonName));
    } else {
      expect(doc.errors.length, why).toBeGreaterThan(0);
      const first = doc.errors[0]!;
      expect(first.code, why).toBe(c.expect.code);
      expect(first.number, why).toBe(ref.firstError?.number);
      expect(first.depth, why).toBe(ref.firstError?.depth);
      expect(first.message, why).toBeTypeOf('string');
      expect(doc.causes.length, why).toBeGreaterThan(0);
      expect(doc.causes[0]!.id, why).toBe(c.expect.cause);
    }
  });
});
