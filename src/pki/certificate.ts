import { createHash, X509Certificate, randomBytes, type KeyObject } from 'node:crypto';
import * as der from '../x509/der.js';
import { NAME_ATTRIBUTES } from '../x509/oids.js';
import { encodeExtension, type Extension } from './extensions.js';
import { signData, signatureSchemeFor } from './keys.js';

/** One RDN attribute; mtlskit writes single-attribute RDNs. */
export interface NameAttribute {
  type: keyof typeof NAME_ATTRIBUTES;
  value: string;
}

export interface CertificateTemplate {
  /** Positive INTEGER magnitude; see {@link randomSerial}. */
  serial: Buffer;
  /** Attributes to encode, or a Name already DER-encoded (copied from a CSR). [] = empty subject. */
  subject: NameAttribute[] | Buffer;
  /** The issuer certificate's subject Name DER; omit for a self-signed certificate. */
  issuerName?: Buffer;
  notBefore: Date;
  notAfter: Date;
  /** SubjectPublicKeyInfo DER of the certified key (see keys.spkiDer). */
  subjectPublicKeyInfo: Buffer;
  /** In certificate order; a Buffer is an Extension already DER-encoded (see {@link encodedExtension}). */
  extensions: (Extension | Buffer)[];
}

/** RFC 5280 §4.1.2.2: positive, at most 20 octets; 128 random bits, top bit cleared so it stays positive. */
export function randomSerial(random: (n: number) => Buffer = randomBytes): Buffer {
  const serial = random(16);
  serial[0]! &= 0x7f;
  if (serial[0] === 0) serial[0] = 0x01; // keep the full 16 octets in DER
  return serial;
}

export function encodeName(attributes: readonly NameAttribute[]): Buffer {
  return der.toDer(
    der.seq(
      ...attributes.map((a) =>
        der.set(
          der.seq(
            der.oid(NAME_ATTRIBUTES[a.type]!),
            // RFC 5280 §4.1.2.4: UTF8String, except countryName, which is PrintableString (X.520).
            a.type === 'C' ? der.printableString(a.value) : der.utf8String(a.value),
          ),
        ),
      ),
    ),
  );
}

/**
 * Builds the TBSCertificate (RFC 5280 §4.1) with forge's ASN.1 and signs it with Node's crypto.
 * Parts that arrive already DER-encoded (names, the public key) are spliced in as bytes rather
 * than parsed and re-encoded, which keeps them exact and issuance fast.
 */
export async function signCertificate(template: CertificateTemplate, signer: KeyObject): Promise<Buffer> {
  const scheme = signatureSchemeFor(signer);
  const algorithm = der.toDer(der.seq(der.oid(scheme.oid), ...(scheme.nullParameters ? [der.nullValue()] : [])));
  const subject = Buffer.isBuffer(template.subject) ? template.subject : encodeName(template.subject);
  const tbs = der.sequenceOf(
    der.toDer(der.explicit(0, der.smallInteger(2))), // v3
    der.toDer(der.unsignedInteger(template.serial)),
    algorithm,
    template.issuerName ?? subject,
    der.toDer(der.seq(der.time(wholeSeconds(template.notBefore)), der.time(wholeSeconds(template.notAfter)))),
    subject,
    template.subjectPublicKeyInfo,
    explicitTag3(der.sequenceOf(...template.extensions.map((e) => (Buffer.isBuffer(e) ? e : der.toDer(encodeExtension(e)))))),
  );
  const signature = await signData(signer, scheme, tbs);
  return der.sequenceOf(tbs, algorithm, der.toDer(der.bitString(signature)));
}

/** [3] EXPLICIT around the Extensions SEQUENCE (RFC 5280 §4.1). */
function explicitTag3(extensionsDer: Buffer): Buffer {
  const wrapped = der.sequenceOf(extensionsDer);
  wrapped[0] = 0xa3; // same length encoding as the SEQUENCE; only the tag differs
  return wrapped;
}

/** An extension's DER, for the ones every certificate of a batch shares (encoded once). */
export const encodedExtension = (extension: Extension): Buffer => der.toDer(encodeExtension(extension));

export const wholeSeconds = (date: Date) => new Date(Math.floor(date.getTime() / 1000) * 1000);

/** The subject Name DER of a certificate, exactly as encoded (becomes the issuer of what it signs). */
export function subjectNameDer(certificateDer: Buffer): Buffer {
  const tbs = der.children(der.fromDer(certificateDer))[0]!;
  const fields = der.children(tbs);
  const offset = fields[0]!.tagClass === 0x80 ? 1 : 0; // [0] version present
  return der.toDer(fields[offset + 4]!);
}

export { toPem } from '../x509/certificate.js';

/** "CN=api, O=Acme" from Node's line-separated form. */
export const subjectString = (cert: X509Certificate) => (cert.subject ?? '').split('\n').filter(Boolean).join(', ');

/** Upper-case hex without separators, as Node's X509Certificate.serialNumber prints it. */
export const serialHex = (serial: Buffer) => serial.toString('hex').toUpperCase();

/** "AB:CD:…", as Node's X509Certificate.fingerprint256 prints it. */
export const fingerprintSha256 = (certificateDer: Buffer) =>
  createHash('sha256').update(certificateDer).digest('hex').toUpperCase().replace(/(..)(?!$)/g, '$1:');
