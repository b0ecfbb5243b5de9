import type forge from 'node-forge';
import asn1 from 'node-forge/lib/asn1.js';
import util from 'node-forge/lib/util.js';

/**
 * Thin helpers over node-forge's ASN.1 so certificate code reads like the ASN.1 modules it
 * implements. forge speaks "binary strings"; these helpers take and give Buffers.
 */
export type Asn1 = forge.asn1.Asn1;
const U = asn1.Class.UNIVERSAL;
const T = asn1.Type;

const bin = (buf: Buffer) => buf.toString('binary');

export const seq = (...items: Asn1[]) => asn1.create(U, T.SEQUENCE, true, items);
export const set = (...items: Asn1[]) => asn1.create(U, T.SET, true, items);
export const oid = (dotted: string) => asn1.create(U, T.OID, false, asn1.oidToDer(dotted).getBytes());
export const nullValue = () => asn1.create(U, T.NULL, false, '');
export const bool = (value: boolean) => asn1.create(U, T.BOOLEAN, false, value ? '\xff' : '\x00');
export const octetString = (value: Buffer) => asn1.create(U, T.OCTETSTRING, false, bin(value));
export const utf8String = (value: string) => asn1.create(U, T.UTF8, false, util.encodeUtf8(value));
export const printableString = (value: string) => asn1.create(U, T.PRINTABLESTRING, false, value);
export const smallInteger = (value: number) => asn1.create(U, T.INTEGER, false, asn1.integerToDer(value).getBytes());

/** INTEGER from unsigned big-endian magnitude bytes, DER-minimal and non-negative (X.690 §8.3). */
export function unsignedInteger(magnitude: Buffer): Asn1 {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  let bytes = magnitude.subarray(start);
  if (bytes.length === 0) bytes = Buffer.from([0]);
  if (bytes[0]! & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return asn1.create(U, T.INTEGER, false, bin(bytes));
}

/** BIT STRING; `unusedBits` is non-zero only for named bit lists such as KeyUsage (X.690 §8.6.2). */
export const bitString = (value: Buffer, unusedBits = 0) =>
  asn1.create(U, T.BITSTRING, false, String.fromCharCode(unusedBits) + bin(value));

/** Context-specific tag [n]; EXPLICIT when wrapping a constructed value, IMPLICIT primitive otherwise. */
export const explicit = (tag: number, inner: Asn1) => asn1.create(asn1.Class.CONTEXT_SPECIFIC, tag, true, [inner]);
export const implicitPrimitive = (tag: number, bytes: Buffer | string) =>
  asn1.create(asn1.Class.CONTEXT_SPECIFIC, tag, false, typeof bytes === 'string' ? bytes : bin(bytes));

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050 on; whole seconds, Zulu. */
export function time(date: Date): Asn1 {
  const year = date.getUTCFullYear();
  return year >= 1950 && year < 2050
    ? asn1.create(U, T.UTCTIME, false, asn1.dateToUtcTime(date))
    : asn1.create(U, T.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(date));
}

/** A SEQUENCE around elements that are already DER (X.690 §8.1: tag, definite length, contents). */
export function sequenceOf(...elements: Buffer[]): Buffer {
  const content = Buffer.concat(elements);
  const n = content.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return Buffer.concat([Buffer.from([0x30, ...length]), content]);
}

export const toDer = (value: Asn1): Buffer => Buffer.from(asn1.toDer(value).getBytes(), 'binary');

/**
 * Parses DER without forge's habit of decoding BIT STRING contents as nested ASN.1, so that
 * re-encoding a parsed public key or name gives back the very same bytes.
 */
export const fromDer = (der: Buffer): Asn1 =>
  // The typings only know the old boolean argument; forge 1.x takes an options object.
  (asn1.fromDer as unknown as (bytes: string, options: object) => Asn1)(bin(der), { strict: true, parseAllBytes: true, decodeBitStrings: false });

/** The raw bytes of a primitive value. */
export const valueBytes = (node: Asn1): Buffer => Buffer.from(node.value as string, 'binary');
export const oidString = (node: Asn1): string => asn1.derToOid(node.value as string);
export const children = (node: Asn1): Asn1[] => (Array.isArray(node.value) ? node.value : []);
