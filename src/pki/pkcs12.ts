/**
 * PKCS#12 (PFX, RFC 7292) writer.
 *
 * The ASN.1 structures are assembled with node-forge's `asn1` module; every
 * cryptographic operation (PBKDF2, AES, 3DES, SHA, HMAC) uses Node's built-in
 * `crypto`. forge's own `pkcs12.toPkcs12Asn1` is deliberately not used: it only
 * understands forge RSA keys and cannot produce SHA-256 MACs.
 *
 * Layout produced:
 *
 *   PFX ::= SEQUENCE {
 *     version     INTEGER (3),
 *     authSafe    ContentInfo (data) -> AuthenticatedSafe ::= SEQUENCE OF ContentInfo {
 *                   [1] encryptedData -> SafeContents { certBag per certificate }
 *                   [2] data          -> SafeContents { pkcs8ShroudedKeyBag }
 *                 },
 *     macData     MacData
 *   }
 */
import {
  createCipheriv,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  pbkdf2Sync,
  randomBytes as cryptoRandomBytes,
  X509Certificate,
} from 'node:crypto';
import forge from 'node-forge';
import { bmpPassword, pkcs12Kdf } from '../x509/pkcs12-kdf.js';

export interface Pkcs12Input {
  /** Unencrypted PKCS#8 PrivateKeyInfo DER of the leaf key (RSA, EC P-256/P-384, or Ed25519) — e.g. from Node `keyObject.export({type:'pkcs8', format:'der'})`. */
  privateKeyPkcs8Der: Buffer;
  /** Certificate DERs, leaf first, then intermediates, then the root CA. */
  certificateDers: Buffer[];
  password: string;
  /** friendlyName attribute put on the key bag and the leaf cert bag (also localKeyId = SHA-1 of leaf cert DER on both). */
  friendlyName: string;
  /** false (default): AES-256-CBC with PBES2/PBKDF2-HMAC-SHA256 (2048+ iterations; use 10000) for both the shrouded key bag and the encrypted certificate SafeContents, and a MAC using HMAC-SHA256 (PKCS#12 KDF, RFC 7292 appendix B, with SHA-256). true: pbeWithSHAAnd3-KeyTripleDES-CBC for both key bag and certificate SafeContents and a SHA-1 HMAC MAC (what old Java 8, macOS and Windows importers need). */
  legacy?: boolean;
  /** Injectable randomness for salts/IVs; default crypto.randomBytes. */
  randomBytes?: (n: number) => Buffer;
}

// ---------------------------------------------------------------------------
// Object identifiers
// ---------------------------------------------------------------------------

const OID = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  pkcs8ShroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  pbeWithSHAAnd3KeyTripleDESCBC: '1.2.840.113549.1.12.1.3',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  hmacWithSHA256: '1.2.840.113549.2.9',
  aes256CBC: '2.16.840.1.101.3.4.1.42',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha1: '1.3.14.3.2.26',
} as const;

/** Iteration count for PBKDF2, the legacy PKCS#12 PBE and the MAC. */
const ITERATIONS = 10_000;
/** Salt sizes: 16 bytes for the modern profile, 8 (the classic size) for legacy. */
const MODERN_SALT_LEN = 16;
const LEGACY_SALT_LEN = 8;

// ---------------------------------------------------------------------------
// Small ASN.1 helpers over forge (forge works on "binary" strings: one char per byte)
// ---------------------------------------------------------------------------

type Asn1 = forge.asn1.Asn1;
const { asn1 } = forge;
const UNIVERSAL = asn1.Class.UNIVERSAL;
const CONTEXT = asn1.Class.CONTEXT_SPECIFIC;

const toBinary = (b: Buffer): string => b.toString('binary');
const der = (node: Asn1): Buffer => Buffer.from(asn1.toDer(node).getBytes(), 'binary');

const seq = (...items: Asn1[]): Asn1 => asn1.create(UNIVERSAL, asn1.Type.SEQUENCE, true, items);
/** SET OF with its elements sorted by their DER encodings, as DER requires (X.690 11.6). */
const setOf = (...items: Asn1[]): Asn1 => {
  const sorted = items
    .map((item) => ({ item, enc: der(item) }))
    .sort((a, b) => Buffer.compare(a.enc, b.enc))
    .map(({ item }) => item);
  return asn1.create(UNIVERSAL, asn1.Type.SET, true, sorted);
};
const oid = (dotted: string): Asn1 =>
  asn1.create(UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(dotted).getBytes());
const int = (n: number): Asn1 =>
  asn1.create(UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(n).getBytes());
const octets = (b: Buffer): Asn1 => asn1.create(UNIVERSAL, asn1.Type.OCTETSTRING, false, toBinary(b));
const nullValue = (): Asn1 => asn1.create(UNIVERSAL, asn1.Type.NULL, false, '');
/**
 * BMPString. forge's DER encoder writes each UTF-16 code unit of the JS string
 * as two big-endian bytes for this type, so the value must be the plain JS
 * string (pre-encoding it to UTF-16BE bytes would encode it twice).
 */
const bmpString = (s: string): Asn1 => asn1.create(UNIVERSAL, asn1.Type.BMPSTRING, false, s);
/** [0] EXPLICIT wrapper. */
const explicit0 = (inner: Asn1): Asn1 => asn1.create(CONTEXT, 0, true, [inner]);
/** [0] IMPLICIT OCTET STRING (primitive, tag 0x80). */
const implicit0Octets = (b: Buffer): Asn1 => asn1.create(CONTEXT, 0, false, toBinary(b));
const algorithmId = (algOid: string, params: Asn1): Asn1 => seq(oid(algOid), params);

/** Attribute ::= SEQUENCE { attrId OID, attrValues SET OF ANY } */
const attribute = (attrOid: string, value: Asn1): Asn1 => seq(oid(attrOid), setOf(value));

/** ContentInfo ::= SEQUENCE { contentType OID, content [0] EXPLICIT ANY } */
const contentInfo = (typeOid: string, content: Asn1): Asn1 => seq(oid(typeOid), explicit0(content));

// ---------------------------------------------------------------------------
// Key derivation
// ---------------------------------------------------------------------------

type PfxHash = 'sha1' | 'sha256';

// ---------------------------------------------------------------------------
// Encryption schemes
// ---------------------------------------------------------------------------

interface Encrypted {
  algorithm: Asn1;
  ciphertext: Buffer;
}

type Random = (n: number) => Buffer;

/** PBES2 (RFC 8018) with PBKDF2-HMAC-SHA256 and AES-256-CBC. The password is used as UTF-8 bytes. */
function encryptPbes2(plain: Buffer, password: string, random: Random): Encrypted {
  const salt = random(MODERN_SALT_LEN);
  const iv = random(16);
  const key = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, ITERATIONS, 32, 'sha256');
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
  const pbkdf2Params = seq(
    octets(salt),
    int(ITERATIONS),
    // keyLength is optional and omitted (AES-256 fixes it at 32).
    algorithmId(OID.hmacWithSHA256, nullValue()),
  );
  const algorithm = algorithmId(
    OID.pbes2,
    seq(algorithmId(OID.pbkdf2, pbkdf2Params), algorithmId(OID.aes256CBC, octets(iv))),
  );
  return { algorithm, ciphertext };
}

/** pbeWithSHAAnd3-KeyTripleDES-CBC (RFC 7292 Appendix C), key and IV from the PKCS#12 KDF with SHA-1. */
function encryptLegacy3Des(plain: Buffer, password: string, random: Random): Encrypted {
  const salt = random(LEGACY_SALT_LEN);
  const pw = bmpPassword(password);
  const key = pkcs12Kdf('sha1', pw, salt, 1, ITERATIONS, 24);
  const iv = pkcs12Kdf('sha1', pw, salt, 2, ITERATIONS, 8);
  const cipher = createCipheriv('des-ede3-cbc', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
  const algorithm = algorithmId(OID.pbeWithSHAAnd3KeyTripleDESCBC, seq(octets(salt), int(ITERATIONS)));
  return { algorithm, ciphertext };
}

// ---------------------------------------------------------------------------
// Input checks
// ---------------------------------------------------------------------------

function spkiOfPrivateKey(pkcs8Der: Buffer): Buffer {
  let key;
  try {
    key = createPrivateKey({ key: pkcs8Der, format: 'der', type: 'pkcs8' });
  } catch (err) {
    throw new Error(`buildPkcs12: privateKeyPkcs8Der is not an unencrypted PKCS#8 private key (${(err as Error).message})`);
  }
  return createPublicKey(key).export({ type: 'spki', format: 'der' });
}

function checkedRandom(random: Random): Random {
  return (n: number) => {
    const out = random(n);
    if (!Buffer.isBuffer(out) || out.length !== n) {
      throw new Error(`buildPkcs12: randomBytes(${n}) must return a Buffer of ${n} bytes`);
    }
    return out;
  };
}

// ---------------------------------------------------------------------------
// PFX assembly
// ---------------------------------------------------------------------------

/** Build a PKCS#12 file (DER of the PFX) from a PKCS#8 key and a leaf-first certificate chain. */
export function buildPkcs12(input: Pkcs12Input): Buffer {
  const { privateKeyPkcs8Der, certificateDers, password, friendlyName } = input;
  const legacy = input.legacy ?? false;
  const random = checkedRandom(input.randomBytes ?? cryptoRandomBytes);

  if (typeof password !== 'string') throw new Error('buildPkcs12: password must be a string');
  if (typeof friendlyName !== 'string') throw new Error('buildPkcs12: friendlyName must be a string');
  if (certificateDers.length === 0) throw new Error('buildPkcs12: at least one certificate (the leaf) is required');
  certificateDers.forEach((certDer, i) => {
    try {
      new X509Certificate(certDer);
    } catch (err) {
      throw new Error(`buildPkcs12: certificateDers[${i}] is not a DER X.509 certificate (${(err as Error).message})`);
    }
  });
  const leafDer = certificateDers[0]!;
  const leafSpki = new X509Certificate(leafDer).publicKey.export({ type: 'spki', format: 'der' });
  if (!spkiOfPrivateKey(privateKeyPkcs8Der).equals(leafSpki)) {
    throw new Error('buildPkcs12: the private key does not match the leaf certificate (certificateDers[0])');
  }

  const encrypt = legacy ? encryptLegacy3Des : encryptPbes2;
  const localKeyId = createHash('sha1').update(leafDer).digest();
  const leafAttributes = (): Asn1 =>
    setOf(attribute(OID.friendlyName, bmpString(friendlyName)), attribute(OID.localKeyId, octets(localKeyId)));

  // SafeBag ::= SEQUENCE { bagId OID, bagValue [0] EXPLICIT ANY, bagAttributes SET OF Attribute OPTIONAL }
  const certBags = certificateDers.map((certDer, i) => {
    const certBag = seq(oid(OID.x509Certificate), explicit0(octets(certDer)));
    const items = [oid(OID.certBag), explicit0(certBag)];
    if (i === 0) items.push(leafAttributes());
    return seq(...items);
  });
  const certSafeContents = der(seq(...certBags));

  // (1) EncryptedData ::= SEQUENCE { version 0, EncryptedContentInfo { data, alg, [0] IMPLICIT ciphertext } }
  const certsEncrypted = encrypt(certSafeContents, password, random);
  const certsContentInfo = contentInfo(
    OID.encryptedData,
    seq(int(0), seq(oid(OID.data), certsEncrypted.algorithm, implicit0Octets(certsEncrypted.ciphertext))),
  );

  // (2) data -> SafeContents { pkcs8ShroudedKeyBag = EncryptedPrivateKeyInfo }
  const keyEncrypted = encrypt(privateKeyPkcs8Der, password, random);
  const encryptedPrivateKeyInfo = seq(keyEncrypted.algorithm, octets(keyEncrypted.ciphertext));
  const keyBag = seq(oid(OID.pkcs8ShroudedKeyBag), explicit0(encryptedPrivateKeyInfo), leafAttributes());
  const keyContentInfo = contentInfo(OID.data, octets(der(seq(keyBag))));

  const authenticatedSafe = der(seq(certsContentInfo, keyContentInfo));

  // MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET STRING, iterations INTEGER }
  // MAC key from the PKCS#12 KDF (ID 3) with the same hash as the HMAC; MAC over the authSafe content octets.
  const macHash: PfxHash = legacy ? 'sha1' : 'sha256';
  const macSalt = random(legacy ? LEGACY_SALT_LEN : MODERN_SALT_LEN);
  const macKey = pkcs12Kdf(macHash, bmpPassword(password), macSalt, 3, ITERATIONS, macHash === 'sha1' ? 20 : 32);
  const mac = createHmac(macHash, macKey).update(authenticatedSafe).digest();
  const macData = seq(
    seq(algorithmId(macHash === 'sha1' ? OID.sha1 : OID.sha256, nullValue()), octets(mac)),
    octets(macSalt),
    int(ITERATIONS),
  );

  const pfx = seq(int(3), contentInfo(OID.data, octets(authenticatedSafe)), macData);
  return der(pfx);
}
