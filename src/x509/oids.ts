/** Object identifiers mtlskit writes and reads (RFC 5280 §4.2, RFC 5480, RFC 8410). */
export const OID = {
  commonName: '2.5.4.3',
  countryName: '2.5.4.6',
  localityName: '2.5.4.7',
  stateOrProvinceName: '2.5.4.8',
  organizationName: '2.5.4.10',
  organizationalUnitName: '2.5.4.11',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
} as const;

/** RFC 5280 §4.2.1.12 and the usages people meet in practice. */
export const EXTENDED_KEY_USAGES: Record<string, string> = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  codeSigning: '1.3.6.1.5.5.7.3.3',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  OCSPSigning: '1.3.6.1.5.5.7.3.9',
};

/** RFC 5280 §4.2.1.3 KeyUsage bit positions. */
export const KEY_USAGE_BITS = {
  digitalSignature: 0,
  nonRepudiation: 1,
  keyEncipherment: 2,
  dataEncipherment: 3,
  keyAgreement: 4,
  keyCertSign: 5,
  cRLSign: 6,
  encipherOnly: 7,
  decipherOnly: 8,
} as const;
export type KeyUsageName = keyof typeof KEY_USAGE_BITS;

/** Distinguished-name attribute short names accepted in subjects. */
export const NAME_ATTRIBUTES: Record<string, string> = {
  CN: OID.commonName,
  C: OID.countryName,
  L: OID.localityName,
  ST: OID.stateOrProvinceName,
  O: OID.organizationName,
  OU: OID.organizationalUnitName,
};

/** Digest algorithm identifiers (RFC 3279, RFC 5754, NIST CSOR) → Node's hash names. */
export const DIGESTS = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '2.16.840.1.101.3.4.2.5': 'sha512-224',
  '2.16.840.1.101.3.4.2.6': 'sha512-256',
} as const satisfies Record<string, string>;
export type DigestName = (typeof DIGESTS)[keyof typeof DIGESTS];
export const digestByOid = (oid: string): DigestName | undefined => (DIGESTS as Record<string, DigestName>)[oid];
