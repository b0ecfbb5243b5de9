import { BORINGSSL_SSL_REASONS } from './boringssl-reasons.js';
import { OPENSSL_REASON_TEXTS } from './openssl-reason-texts.js';

/**
 * The packed error codes of OpenSSL 3, OpenSSL 1.1 and BoringSSL, decoded into library, function
 * (1.1 only) and reason. The same 32 bits are laid out three ways:
 *
 * - OpenSSL 3 (`error:0A000418`): library << 23 | reason, reason in the low 23 bits, of which bits
 *   18-22 are flags (ERR_RFLAG_FATAL, ERR_RFLAG_COMMON); the top bit (ERR_SYSTEM_FLAG) marks a
 *   system error whose low 31 bits are errno (`error:80000002:system library::No such file…`).
 * - OpenSSL 1.1 (`error:14094418`): library << 24 | function << 12 | reason (12 bits each).
 * - BoringSSL (`error:1000007d`, or 268435581 in decimal as Envoy prints it): library << 24 |
 *   reason, with its own library numbers (SSL is 16, not 20) and its own SSL reason numbers.
 *
 * In all three an SSL reason of 1000 + N reports alert N received from the peer.
 *
 * Sources: OpenSSL include/openssl/err.h (ERR_PACK of 1.1.1 and 3.0); BoringSSL
 * include/openssl/err.h and ssl.h; the layouts checked here with `openssl errstr` (3.0.19) on
 * codes printed by OpenSSL 1.1, OpenSSL 3 and Envoy.
 *
 * Pure data and tiny functions: nothing here prints, parses argv or touches the process.
 */

export type PackedLayout = 'openssl-3' | 'openssl-1.1' | 'boringssl';

export interface PackedError {
  /** The code as OpenSSL prints it: 8 upper-case hex digits. */
  hex: string;
  /** The same bits as an unsigned number, as BoringSSL users (Envoy, Istio) print it. */
  decimal: number;
  layout: PackedLayout;
  library: number;
  /** The library's name as that stack prints it, e.g. 'SSL routines'; 'lib(N)' when unknown. */
  libraryName: string;
  /** OpenSSL 1.1 only: the function code (its name is printed next to it). */
  function?: number;
  /** The reason number, flags removed. */
  reason: number;
  /** OpenSSL's reason text or BoringSSL's symbol; null when not known (alerts: see `alert`). */
  reasonText: string | null;
  /** The alert received, when the reason is 1000 + N in the SSL library. */
  alert: number | null;
  /** OpenSSL 3 system errors: the errno. */
  errno?: number;
}

// OpenSSL numbers its libraries alike in 1.1 and 3 (include/openssl/err.h); names as ERR_lib_error_string prints them.
const OPENSSL_LIBRARIES: ReadonlyMap<number, string> = new Map([
  [2, 'system library'], [3, 'bignum routines'], [4, 'rsa routines'], [5, 'Diffie-Hellman routines'],
  [6, 'digital envelope routines'], [7, 'memory buffer routines'], [8, 'object identifier routines'],
  [9, 'PEM routines'], [10, 'dsa routines'], [11, 'x509 certificate routines'], [13, 'asn1 encoding routines'],
  [14, 'configuration file routines'], [15, 'common libcrypto routines'], [16, 'elliptic curve routines'],
  [20, 'SSL routines'], [32, 'BIO routines'], [33, 'PKCS7 routines'], [34, 'X509 V3 routines'],
  [35, 'PKCS12 routines'], [36, 'random number generator'], [38, 'engine routines'], [39, 'OCSP routines'],
  [40, 'UI routines'], [44, 'STORE routines'], [46, 'CMS routines'], [52, 'KDF routines'],
  [57, 'Provider routines'], [59, 'ENCODER routines'], [60, 'DECODER routines'], [61, 'HTTP routines'],
]);

// BoringSSL include/openssl/err.h (ERR_LIB_*) with the names of crypto/err/err.c.
const BORINGSSL_LIBRARIES: ReadonlyMap<number, string> = new Map([
  [2, 'system library'], [3, 'bignum routines'], [4, 'RSA routines'], [5, 'Diffie-Hellman routines'],
  [6, 'public key routines'], [7, 'memory buffer routines'], [8, 'object identifier routines'],
  [9, 'PEM routines'], [10, 'DSA routines'], [11, 'X.509 certificate routines'], [12, 'ASN.1 encoding routines'],
  [13, 'configuration file routines'], [14, 'common libcrypto routines'], [15, 'elliptic curve routines'],
  [16, 'SSL routines'], [17, 'BIO routines'], [18, 'PKCS7 routines'], [19, 'PKCS8 routines'],
  [20, 'X509 V3 routines'], [21, 'random number generator'], [22, 'ENGINE routines'], [23, 'OCSP routines'],
  [26, 'ECDSA routines'], [28, 'HMAC routines'], [29, 'Digest functions'], [30, 'Cipher functions'],
]);

export const OPENSSL_LIB_SSL = 20;
export const BORINGSSL_LIB_SSL = 16;
/** SSL_AD_REASON_OFFSET: a received alert N is SSL reason 1000 + N. */
export const ALERT_REASON_OFFSET = 1000;

// OpenSSL 3 "common" reasons (ERR_R_*, flagged ERR_RFLAG_COMMON), shared by every library.
const COMMON_REASONS: ReadonlyMap<number, string> = new Map([
  [256, 'malloc failure'], [257, "called a function you should not call"], [258, 'passed a null parameter'],
  [259, 'internal error'], [260, 'disabled'], [261, 'init fail'], [262, 'passed invalid argument'],
  [263, 'operation fail'], [264, 'invalid provider functions'], [265, 'interrupted or cancelled'],
  [266, 'nested asn1 error'], [267, 'missing asn1 eos'], [268, 'unsupported'], [269, 'fetch failed'],
  [270, 'invalid property definition'], [271, 'unable to get read lock'], [272, 'unable to get write lock'],
]);

const parseTable = (table: string, pattern: RegExp) => {
  const map = new Map<number, string>();
  for (const line of table.split('\n')) {
    const m = pattern.exec(line);
    if (m) map.set(Number(m[1]), m[2]!);
  }
  return map;
};

const OPENSSL_REASONS_BY_LIB = new Map<number, ReadonlyMap<number, string>>(
  OPENSSL_REASON_TEXTS.map(([lib, table]) => [lib, parseTable(table, /^(\d+) (.+)$/)]),
);
const BORINGSSL_SSL = parseTable(BORINGSSL_SSL_REASONS, /^(\d+) ([A-Z0-9_]+)$/);
const BORINGSSL_SSL_BY_SYMBOL = new Map([...BORINGSSL_SSL].map(([n, s]) => [s, n]));

/** BoringSSL's SSL reason number of a symbol such as 'CERTIFICATE_VERIFY_FAILED', or undefined. */
export function boringSslReasonNumber(symbol: string): number | undefined {
  return BORINGSSL_SSL_BY_SYMBOL.get(symbol);
}

/** OpenSSL 3's text for a reason of a library (flags removed), or null. */
export function opensslReasonText(library: number, reason: number, common = false): string | null {
  return (common ? COMMON_REASONS.get(reason) : OPENSSL_REASONS_BY_LIB.get(library)?.get(reason)) ?? null;
}

/** OpenSSL 3's ERR_RFLAG_COMMON (bit 19): the reason is one of the ERR_R_* shared by every library. */
const RFLAG_COMMON = 0x2 << 18;

const hex8 = (n: number) => n.toString(16).toUpperCase().padStart(8, '0');
const alertOf = (sslLibrary: boolean, reason: number) =>
  sslLibrary && reason >= ALERT_REASON_OFFSET && reason <= ALERT_REASON_OFFSET + 255 ? reason - ALERT_REASON_OFFSET : null;

function openssl3(value: number): PackedError | null {
  const base = { hex: hex8(value), decimal: value, layout: 'openssl-3' as const };
  if (value & 0x80000000) {
    const errno = value & 0x7fffffff;
    return { ...base, library: 2, libraryName: 'system library', reason: errno, reasonText: null, alert: null, errno };
  }
  const library = value >>> 23;
  const libraryName = OPENSSL_LIBRARIES.get(library);
  if (!libraryName) return null;
  const reason = value & 0x3ffff; // the low 18 bits; bits 18-22 are ERR_RFLAG_*
  const common = (value & RFLAG_COMMON) !== 0;
  return { ...base, library, libraryName, reason, reasonText: opensslReasonText(library, reason, common), alert: common ? null : alertOf(library === OPENSSL_LIB_SSL, reason) };
}

function openssl11(value: number): PackedError | null {
  const library = value >>> 24;
  const libraryName = OPENSSL_LIBRARIES.get(library);
  const fn = (value >>> 12) & 0xfff;
  if (!libraryName || fn === 0) return null;
  const reason = value & 0xfff;
  return {
    hex: hex8(value), decimal: value, layout: 'openssl-1.1', library, libraryName, function: fn, reason,
    reasonText: opensslReasonText(library, reason), alert: alertOf(library === OPENSSL_LIB_SSL, reason),
  };
}

function boringssl(value: number): PackedError | null {
  const library = value >>> 24;
  const libraryName = BORINGSSL_LIBRARIES.get(library);
  if (!libraryName || ((value >>> 12) & 0xfff) !== 0) return null;
  const reason = value & 0xfff;
  const ssl = library === BORINGSSL_LIB_SSL;
  return {
    hex: hex8(value), decimal: value, layout: 'boringssl', library, libraryName, reason,
    reasonText: ssl ? BORINGSSL_SSL.get(reason) ?? null : null, alert: alertOf(ssl, reason),
  };
}

const libraryKey = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

export interface PackedHints {
  /** The library name printed after the code ('SSL routines'): only readings that agree are kept. */
  library?: string;
  /** Printed in decimal, as BoringSSL's users print it: BoringSSL's reading comes first. */
  decimal?: boolean;
  /** 'OPENSSL_internal' was printed where the function goes: BoringSSL. */
  boring?: boolean;
}

/**
 * Every plausible reading of a packed code, the likeliest first: the printed library name (when
 * given) rules readings out; then a reading with a known reason beats one without, and BoringSSL
 * comes first for decimal codes and `OPENSSL_internal`, OpenSSL 3 otherwise.
 */
export function decodePackedError(value: number, hints: PackedHints = {}): PackedError[] {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) return [];
  let readings = [openssl3(value), openssl11(value), boringssl(value)].filter((r): r is PackedError => r !== null);
  if (hints.library) {
    const key = libraryKey(hints.library);
    const agree = readings.filter((r) => libraryKey(r.libraryName) === key);
    if (agree.length > 0) readings = agree;
  }
  const preferBoring = hints.decimal || hints.boring;
  const score = (r: PackedError) =>
    (r.reasonText !== null || r.alert !== null || r.errno !== undefined ? 4 : 0) +
    (preferBoring ? (r.layout === 'boringssl' ? 2 : 0) : r.layout === 'openssl-3' ? 2 : r.layout === 'openssl-1.1' ? 1 : 0);
  return readings.sort((a, b) => score(b) - score(a));
}

/**
 * The SSL reason of a packed code under whichever layout puts it in the SSL library, or null:
 * OpenSSL 3 first (library 20 in the top 9 bits), then OpenSSL 1.1 (20 in the top 8), then
 * BoringSSL (16 in the top 8).
 */
export function sslReasonOf(value: number): number | null {
  if (value >>> 23 === OPENSSL_LIB_SSL) return value & 0x3ffff;
  if (value >>> 24 === OPENSSL_LIB_SSL) return value & 0xfff;
  if (value >>> 24 === BORINGSSL_LIB_SSL) return value & 0xfff;
  return null;
}
