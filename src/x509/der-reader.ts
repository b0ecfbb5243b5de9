/**
 * A small, strict reader for DER (X.690), with the two BER liberties real files take: indefinite
 * lengths and constructed OCTET STRINGs (old PKCS#7 and PKCS#12 writers use both).
 *
 * Nodes point into the input buffer; nothing is copied until a value is asked for, so reading a
 * bundle of 150 certificates costs a handful of allocations each. Every length is checked against
 * its parent, and nesting is capped, so hostile input fails with a DecodeError, never a hang or a
 * stack overflow.
 */
import { isUtf8 } from 'node:buffer';
import { malformed } from './decode-error.js';

/** Identifier octets of the universal types we read (constructed bit included for SEQUENCE/SET). */
export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  ENUMERATED: 0x0a,
  UTF8_STRING: 0x0c,
  NUMERIC_STRING: 0x12,
  PRINTABLE_STRING: 0x13,
  T61_STRING: 0x14,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  VISIBLE_STRING: 0x1a,
  UNIVERSAL_STRING: 0x1c,
  BMP_STRING: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** Context-specific tags: `[n]` constructed (EXPLICIT or IMPLICIT SEQUENCE) and primitive. */
export const contextTag = (n: number, constructed: boolean) => 0x80 | (constructed ? 0x20 : 0) | n;

const MAX_DEPTH = 64;

export interface DerNode {
  /** First identifier octet (class, constructed bit and, below 31, the tag number). */
  readonly tag: number;
  /** The tag number (also for the high-tag-number form). */
  readonly number: number;
  readonly constructed: boolean;
  /** Offset of the identifier octet in `buf`. */
  readonly start: number;
  /** Offset of the first content octet. */
  readonly contentStart: number;
  /** Offset just past the contents (before the end-of-contents octets of an indefinite length). */
  readonly contentEnd: number;
  /** Offset just past the whole element. */
  readonly end: number;
  readonly buf: Buffer;
}

/** Reads one element at `pos`, which must end at or before `limit`. */
export function readNode(buf: Buffer, pos = 0, limit = buf.length, depth = 0): DerNode {
  if (depth > MAX_DEPTH) throw malformed(`nesting deeper than ${MAX_DEPTH} levels`);
  const start = pos;
  if (pos >= limit) throw malformed(`truncated DER: an element was expected at offset ${pos}`);
  const tag = buf[pos++]!;
  const constructed = (tag & 0x20) !== 0;
  let number = tag & 0x1f;
  if (number === 0x1f) {
    number = 0;
    for (let i = 0; ; i++) {
      if (pos >= limit || i > 3) throw malformed(`bad tag at offset ${start}`);
      const b = buf[pos++]!;
      number = number * 128 + (b & 0x7f);
      if ((b & 0x80) === 0) break;
    }
  }
  if (pos >= limit) throw malformed(`truncated DER: the length at offset ${pos} is missing`);
  const first = buf[pos++]!;
  if (first === 0x80) {
    if (!constructed) throw malformed(`indefinite length on a primitive element at offset ${start}`);
    return readIndefinite(buf, start, tag, number, pos, limit, depth);
  }
  let length = first;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count > 4) throw malformed(`length of ${count} octets at offset ${start} is too large`);
    if (pos + count > limit) throw malformed(`truncated DER: the length at offset ${start} runs past the end`);
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buf[pos++]!;
  }
  if (pos + length > limit) {
    throw malformed(`truncated DER: an element of ${length} bytes at offset ${start} runs past the end of its container`);
  }
  return { tag, number, constructed, start, contentStart: pos, contentEnd: pos + length, end: pos + length, buf };
}

function readIndefinite(
  buf: Buffer,
  start: number,
  tag: number,
  number: number,
  contentStart: number,
  limit: number,
  depth: number,
): DerNode {
  let pos = contentStart;
  for (;;) {
    if (pos + 2 > limit) throw malformed(`truncated BER: no end-of-contents for the element at offset ${start}`);
    if (buf[pos] === 0 && buf[pos + 1] === 0) break;
    pos = readNode(buf, pos, limit, depth + 1).end;
  }
  return { tag, number, constructed: true, start, contentStart, contentEnd: pos, end: pos + 2, buf };
}

/** The elements inside a constructed node. */
export function childrenOf(node: DerNode, depth = 0): DerNode[] {
  if (!node.constructed) throw malformed(`expected a constructed element at offset ${node.start}`);
  const out: DerNode[] = [];
  for (let pos = node.contentStart; pos < node.contentEnd; ) {
    const child = readNode(node.buf, pos, node.contentEnd, depth + 1);
    out.push(child);
    pos = child.end;
  }
  return out;
}

/** Reads a buffer that must hold exactly one element. */
export function readWhole(buf: Buffer, what: string): DerNode {
  const node = readNode(buf, 0, buf.length);
  if (node.end !== buf.length) throw malformed(`${buf.length - node.end} unexpected bytes after the ${what}`);
  return node;
}

/** Checks every nested length of a node (so later reads of its parts cannot fail half-way). */
export function checkTree(node: DerNode, depth = 0): void {
  if (!node.constructed) return;
  for (const child of childrenOf(node, depth)) checkTree(child, depth + 1);
}

/** The whole element (identifier, length, contents). */
export const bytesOf = (node: DerNode): Buffer => node.buf.subarray(node.start, node.end);
/** The contents octets. */
export const contentOf = (node: DerNode): Buffer => node.buf.subarray(node.contentStart, node.contentEnd);

/** Throws unless `node` carries `tag`; `what` names the field in the message. */
export function expectTag(node: DerNode | undefined, tag: number, what: string): DerNode {
  if (!node) throw malformed(`${what} is missing`);
  if (node.tag !== tag) throw malformed(`${what} has tag 0x${node.tag.toString(16)}, expected 0x${tag.toString(16)}`);
  return node;
}

/** Children of a SEQUENCE (or SET), checked to be one. */
export const sequence = (node: DerNode | undefined, what: string): DerNode[] => childrenOf(expectTag(node, TAG.SEQUENCE, what));

// ---------------------------------------------------------------------------
// Values

/**
 * Longest OID encoding read. Real ones are under 64 bytes (a 2.25 UUID OID is 20); without a cap a
 * hostile megabyte-long OID costs quadratic BigInt work (minutes) and a megabyte error message.
 */
const MAX_OID_BYTES = 256;

const oidCache = new Map<string, string>();

export function oidOf(node: DerNode | undefined, what = 'object identifier'): string {
  const { buf, contentStart, contentEnd } = expectTag(node, TAG.OID, what);
  if (contentEnd === contentStart || (buf[contentEnd - 1]! & 0x80) !== 0) throw malformed(`${what} is not a valid OID`);
  if (contentEnd - contentStart > MAX_OID_BYTES) {
    throw malformed(`${what} at offset ${node!.start} is ${contentEnd - contentStart} bytes long, more than any real OID (at most ${MAX_OID_BYTES})`);
  }
  // The same few dozen OIDs recur in every certificate: decode each once (and without slicing
  // the buffer, which costs more than the lookup).
  const key = buf.toString('latin1', contentStart, contentEnd);
  const known = oidCache.get(key);
  if (known !== undefined) return known;
  const bytes = buf.subarray(contentStart, contentEnd);
  const arcs: string[] = [];
  // Numbers while they are exact (2^46 leaves room for one more 7-bit shift), BigInt beyond.
  let value: number | bigint = 0;
  for (const b of bytes) {
    if (typeof value === 'number' && value < 2 ** 46) value = value * 128 + (b & 0x7f);
    else value = (BigInt(value) << 7n) | BigInt(b & 0x7f);
    if ((b & 0x80) === 0) {
      if (arcs.length === 0) {
        const first = value < 80 ? Math.floor(Number(value) / 40) : 2;
        arcs.push(String(first), String(typeof value === 'number' ? value - first * 40 : value - BigInt(first * 40)));
      } else arcs.push(String(value));
      value = 0;
    }
  }
  const text = arcs.join('.');
  if (oidCache.size < 4096) oidCache.set(key, text);
  return text;
}

/** INTEGER contents as two's-complement bytes (as encoded). */
export function integerBytes(node: DerNode | undefined, what = 'integer'): Buffer {
  const bytes = contentOf(expectTag(node, TAG.INTEGER, what));
  if (bytes.length === 0) throw malformed(`${what} is empty`);
  return bytes;
}

export function smallInteger(node: DerNode | undefined, what = 'integer'): number {
  const bytes = integerBytes(node, what);
  if (bytes.length > 6) throw malformed(`${what} is too large`);
  return bytes.readIntBE(0, bytes.length);
}

export function booleanOf(node: DerNode | undefined, what = 'boolean'): boolean {
  const bytes = contentOf(expectTag(node, TAG.BOOLEAN, what));
  if (bytes.length !== 1) throw malformed(`${what} is not a one-octet BOOLEAN`);
  return bytes[0] !== 0;
}

/** BIT STRING contents: the bits and how many trailing bits of the last octet are unused. */
export function bitStringOf(node: DerNode | undefined, what = 'bit string'): { bytes: Buffer; unusedBits: number } {
  const content = contentOf(expectTag(node, TAG.BIT_STRING, what));
  if (content.length === 0 || content[0]! > 7 || (content.length === 1 && content[0] !== 0)) {
    throw malformed(`${what} is not a valid BIT STRING`);
  }
  return { bytes: content.subarray(1), unusedBits: content[0]! };
}

/** OCTET STRING contents, joining the pieces of a BER constructed one. */
export function octetsOf(node: DerNode | undefined, what = 'octet string', depth = 0): Buffer {
  if (!node || (node.tag & 0x1f) !== TAG.OCTET_STRING || (node.tag & 0xc0) !== 0) {
    throw malformed(`${what} is not an OCTET STRING`);
  }
  if (!node.constructed) return contentOf(node);
  return Buffer.concat(childrenOf(node, depth).map((piece) => octetsOf(piece, what, depth + 1)));
}

/** UTCTime or GeneralizedTime (RFC 5280 §4.1.2.5: UTCTime years 50–99 are 19xx). */
export function timeOf(node: DerNode | undefined, what = 'time'): Date {
  if (!node || (node.tag !== TAG.UTC_TIME && node.tag !== TAG.GENERALIZED_TIME)) throw malformed(`${what} is not a time`);
  const bytes = contentOf(node);
  const utc = node.tag === TAG.UTC_TIME;
  const invalid = () => malformed(`${what} '${bytes.toString('latin1').slice(0, 24)}' is not a valid ${utc ? 'UTCTime' : 'GeneralizedTime'}`);
  // YYMMDDHHMM[SS]Z or YYYYMMDDHHMMSS[.fff]Z, read digit by digit (hundreds per bundle).
  const digits = (at: number, count: number) => {
    let n = 0;
    for (let i = at; i < at + count; i++) {
      const c = bytes[i];
      if (c === undefined || c < 0x30 || c > 0x39) throw invalid();
      n = n * 10 + (c - 0x30);
    }
    return n;
  };
  if (bytes[bytes.length - 1] !== 0x5a /* Z */) throw invalid();
  let year: number;
  let at: number;
  if (utc) {
    year = digits(0, 2);
    year += year < 50 ? 2000 : 1900;
    at = 2;
  } else {
    year = digits(0, 4);
    at = 4;
  }
  const month = digits(at, 2);
  const day = digits(at + 2, 2);
  const hour = digits(at + 4, 2);
  const minute = digits(at + 6, 2);
  const rest = bytes.length - 1 - (at + 8);
  let second = 0;
  if (utc ? rest === 2 : rest >= 2) second = digits(at + 8, 2);
  else if (!(utc && rest === 0)) throw invalid();
  if (!utc && rest > 2 && (bytes[at + 10] !== 0x2e || rest === 3)) throw invalid();
  if (!utc && rest > 3) digits(at + 11, rest - 3);
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || hour > 23 || minute > 59 || second > 60) {
    throw malformed(`${what} '${bytes.toString('latin1')}' is not a valid date`);
  }
  return date;
}

/** The text of any ASN.1 string type used in names and extensions; null for other tags. */
export function stringOf(node: DerNode): string | null {
  const { buf, contentStart, contentEnd } = node;
  switch (node.tag) {
    case TAG.PRINTABLE_STRING:
    case TAG.IA5_STRING:
    case TAG.VISIBLE_STRING:
    case TAG.NUMERIC_STRING:
    case TAG.T61_STRING:
      return buf.toString('latin1', contentStart, contentEnd);
  }
  const bytes = contentOf(node);
  switch (node.tag) {
    case TAG.UTF8_STRING:
      if (!isUtf8(bytes)) throw malformed(`a UTF8String at offset ${node.start} is not valid UTF-8`);
      return bytes.toString('utf8');
    case TAG.PRINTABLE_STRING:
    case TAG.IA5_STRING:
    case TAG.VISIBLE_STRING:
    case TAG.NUMERIC_STRING:
    case TAG.T61_STRING:
      return bytes.toString('latin1');
    case TAG.BMP_STRING: {
      if (bytes.length % 2) throw malformed(`a BMPString at offset ${node.start} has an odd length`);
      const swapped = Buffer.from(bytes);
      swapped.swap16();
      return swapped.toString('utf16le');
    }
    case TAG.UNIVERSAL_STRING: {
      if (bytes.length % 4) throw malformed(`a UniversalString at offset ${node.start} has a length not a multiple of 4`);
      let text = '';
      for (let i = 0; i < bytes.length; i += 4) text += String.fromCodePoint(Math.min(bytes.readUInt32BE(i), 0x10ffff));
      return text;
    }
    default:
      return null;
  }
}
