/**
 * The PKCS#12 password-based key derivation (RFC 7292 appendix B), shared by the PKCS#12 writer
 * (src/pki/pkcs12.ts) and reader (src/x509/pkcs12-reader.ts).
 */
import { createHash, hash as digestOnce } from 'node:crypto';

/** Hashes the PKCS#12 KDF is used with (MACs of any of these; SHA-1 for the PKCS#12 PBE ciphers). */
export type Pkcs12KdfHash = 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512' | 'sha512-224' | 'sha512-256';

/** u = output length and v = block length of each hash, in bytes. */
const HASH_SIZES: Record<Pkcs12KdfHash, { u: number; v: number }> = {
  sha1: { u: 20, v: 64 },
  sha224: { u: 28, v: 64 },
  sha256: { u: 32, v: 64 },
  sha384: { u: 48, v: 128 },
  sha512: { u: 64, v: 128 },
  'sha512-224': { u: 28, v: 128 },
  'sha512-256': { u: 32, v: 128 },
};

/** Output length of `hash` in bytes (the MAC key length of a PKCS#12 MAC). */
export const pkcs12HashLength = (hash: Pkcs12KdfHash): number => HASH_SIZES[hash].u;

/** How many iterated hash chains pkcs12Kdf runs for `n` output bytes (its cost is this times the iterations). */
export const pkcs12KdfBlocks = (hash: Pkcs12KdfHash, n: number): number => Math.ceil(n / HASH_SIZES[hash].u);

/** Password as a BMPString: big-endian UTF-16 followed by a two-byte zero terminator (RFC 7292 B.1). */
export function bmpPassword(password: string): Buffer {
  const be = Buffer.from(password, 'utf16le').swap16();
  return Buffer.concat([be, Buffer.alloc(2)]);
}

/** Concatenate copies of `x` until the length is the smallest multiple of v >= len(x) (truncating the last copy). */
export function fillToBlockMultiple(x: Buffer, v: number): Buffer {
  if (x.length === 0) return Buffer.alloc(0);
  const out = Buffer.alloc(v * Math.ceil(x.length / v));
  for (let i = 0; i < out.length; i++) out[i] = x[i % x.length]!;
  return out;
}

/**
 * The PKCS#12 password-based key derivation function, RFC 7292 Appendix B.2.
 *
 * id 1 = encryption key, id 2 = IV, id 3 = MAC key. `password` is already the
 * BMPString form (see bmpPassword; a zero-length buffer is the empty password
 * without terminator). u = hash output length, v = hash block length.
 */
export function pkcs12Kdf(
  hash: Pkcs12KdfHash,
  password: Buffer,
  salt: Buffer,
  id: 1 | 2 | 3,
  iterations: number,
  n: number,
): Buffer {
  const { u, v } = HASH_SIZES[hash];
  // Step 1: D = v copies of the ID byte.
  const D = Buffer.alloc(v, id);
  // Steps 2-4: I = S || P, each filled to a multiple of v bytes.
  const I = Buffer.concat([fillToBlockMultiple(salt, v), fillToBlockMultiple(password, v)]);
  // Step 5: c = ceil(n / u) blocks of hash output are needed.
  const c = Math.ceil(n / u);
  const blocks: Buffer[] = [];
  for (let i = 0; i < c; i++) {
    // Step 6a: A_i = H^r(D || I).
    let A = createHash(hash).update(D).update(I).digest();
    // One-shot hashing: the iterations dominate the cost, and crypto.hash skips a Hash object each.
    for (let r = 1; r < iterations; r++) A = digestOnce(hash, A, 'buffer');
    blocks.push(A);
    if (i === c - 1) break;
    // Step 6b: B = copies of A_i filling v bytes.
    const B = fillToBlockMultiple(A, v);
    // Step 6c: each v-byte block I_j of I becomes (I_j + B + 1) mod 2^(8v), big-endian.
    for (let j = 0; j < I.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = I[j + k]! + B[k]! + carry;
        I[j + k] = sum & 0xff;
        carry = sum >>> 8;
      }
    }
  }
  // Steps 7-8: A = A_1 || ... || A_c, truncated to n bytes.
  return Buffer.concat(blocks).subarray(0, n);
}
