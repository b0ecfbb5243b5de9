import { createHash } from 'node:crypto';
import * as der from '../x509/der.js';
import { EXTENDED_KEY_USAGES, KEY_USAGE_BITS, OID, type KeyUsageName } from '../x509/oids.js';
import { ipBytes, type San } from './san.js';

/** One X.509 v3 extension, its value already DER-encoded (RFC 5280 §4.1: extnValue OCTET STRING). */
export interface Extension {
  oid: string;
  critical: boolean;
  value: der.Asn1;
}

export const encodeExtension = (ext: Extension) =>
  der.seq(der.oid(ext.oid), ...(ext.critical ? [der.bool(true)] : []), der.octetString(der.toDer(ext.value)));

/** RFC 5280 §4.2.1.9: always critical here; pathLenConstraint only on CAs. */
export function basicConstraints(ca: boolean, pathLength?: number): Extension {
  const fields = ca ? [der.bool(true), ...(pathLength === undefined ? [] : [der.smallInteger(pathLength)])] : [];
  return { oid: OID.basicConstraints, critical: true, value: der.seq(...fields) };
}

/** RFC 5280 §4.2.1.3, a DER named BIT STRING: trailing zero bits dropped (X.690 §11.2.2). */
export function keyUsage(usages: readonly KeyUsageName[]): Extension {
  const bits = usages.map((u) => KEY_USAGE_BITS[u]);
  const highest = Math.max(...bits);
  const bytes = Buffer.alloc(Math.floor(highest / 8) + 1);
  for (const bit of bits) bytes[bit >> 3]! |= 0x80 >> (bit & 7);
  return { oid: OID.keyUsage, critical: true, value: der.bitString(bytes, 7 - (highest & 7)) };
}

export function extendedKeyUsage(names: readonly string[]): Extension {
  return {
    oid: OID.extKeyUsage,
    critical: false,
    value: der.seq(...names.map((name) => der.oid(EXTENDED_KEY_USAGES[name] ?? name))),
  };
}

/** RFC 5280 §4.2.1.6: critical when the subject is empty, so relying parties must read it. */
export function subjectAltName(sans: readonly San[], subjectEmpty: boolean): Extension {
  const names = sans.map((san) => {
    switch (san.type) {
      case 'email':
        return der.implicitPrimitive(1, Buffer.from(san.value, 'ascii'));
      case 'dns':
        return der.implicitPrimitive(2, Buffer.from(san.value, 'ascii'));
      case 'uri':
        return der.implicitPrimitive(6, Buffer.from(san.value, 'utf8'));
      case 'ip':
        return der.implicitPrimitive(7, ipBytes(san.value));
    }
  });
  return { oid: OID.subjectAltName, critical: subjectEmpty, value: der.seq(...names) };
}

/** RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING's bytes. */
export function keyIdentifier(spkiDer: Buffer): Buffer {
  const [, subjectPublicKey] = der.children(der.fromDer(spkiDer));
  const bytes = der.valueBytes(subjectPublicKey!).subarray(1); // skip the unused-bits octet
  return createHash('sha1').update(bytes).digest();
}

export const subjectKeyIdentifier = (keyId: Buffer): Extension => ({
  oid: OID.subjectKeyIdentifier,
  critical: false,
  value: der.octetString(keyId),
});

/** RFC 5280 §4.2.1.1: keyIdentifier [0] only — the issuer's own SKI. */
export const authorityKeyIdentifier = (issuerKeyId: Buffer): Extension => ({
  oid: OID.authorityKeyIdentifier,
  critical: false,
  value: der.seq(der.implicitPrimitive(0, issuerKeyId)),
});
