/**
 * Acceptance: certificates of every key type, made both by the openssl CLI and by mtlskit, decode
 * with every field equal to what `openssl x509 -text` and Node's X509Certificate report.
 *
 * Two independent oracles, each parsed from its own text format; the expected values are never
 * computed with the decoder's own tables. A last group mutates one field of a decoded certificate
 * at a time and checks that the comparisons notice, so none of them can pass vacuously.
 */
import { execFile } from 'node:child_process';
import { X509Certificate, type KeyObject } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Certificate, PublicKeyInfo } from '../../src/x509/certificate.js';
import { decode } from '../../src/x509/decode.js';
import { describeCertificate } from '../../src/x509/inspect.js';
import type { Name } from '../../src/x509/name.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/mtlskit.js', import.meta.url));
const DIST_MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

// ---------------------------------------------------------------------------
// What we make

interface KeyType {
  id: string;
  genpkey: string[];
  /** -sha256 … for openssl; null for EdDSA (no separate digest). */
  digest: string | null;
  /** The signature algorithm name `openssl x509 -text` prints. */
  signature: string;
  hash: string | null;
  key: PublicKeyInfo;
}

const rsa = (bits: number, digest: string, type = 'rsa'): KeyType => ({
  id: `${type}-${bits}`,
  genpkey: ['-algorithm', type === 'rsa' ? 'RSA' : 'RSA-PSS', '-pkeyopt', `rsa_keygen_bits:${bits}`],
  digest,
  signature: type === 'rsa' ? `${digest}WithRSAEncryption` : 'rsassaPss',
  hash: digest,
  key: { type, bits },
});
const ec = (curve: 'P-256' | 'P-384' | 'P-521', digest: string): KeyType => ({
  id: `ec-${curve.toLowerCase().replace('-', '')}`,
  genpkey: ['-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${curve}`],
  digest,
  signature: `ecdsa-with-${digest.toUpperCase()}`,
  hash: digest,
  key: { type: 'ec', bits: Number(curve.slice(2)), curve },
});
const edwards = (name: 'ED25519' | 'ED448'): KeyType => ({
  id: name.toLowerCase(),
  genpkey: ['-algorithm', name],
  digest: null,
  signature: name,
  hash: null,
  key: { type: name.toLowerCase() },
});

const KEY_TYPES: KeyType[] = [
  rsa(2048, 'sha256'),
  rsa(3072, 'sha384'),
  rsa(4096, 'sha512'),
  ec('P-256', 'sha256'),
  ec('P-384', 'sha384'),
  ec('P-521', 'sha512'),
  edwards('ED25519'),
  edwards('ED448'),
  rsa(2048, 'sha256', 'rsa-pss'),
];

/** Two RFC 6962 SCTs in a TLS-encoded list, inside the extension's OCTET STRING. */
function sctListDer(): string {
  const sct = (n: number) => {
    const signature = Buffer.from([0x30, 0x06, 0x02, 0x01, n, 0x02, 0x01, n + 1]);
    const timestamp = Buffer.alloc(8);
    timestamp.writeBigUInt64BE(1_700_000_000_000n + BigInt(n));
    const length = (value: number) => Buffer.from([value >> 8, value & 0xff]);
    const body = Buffer.concat([Buffer.from([0]), Buffer.alloc(32, n), timestamp, length(0), Buffer.from([4, 3]), length(signature.length), signature]);
    return Buffer.concat([length(body.length), body]);
  };
  const list = Buffer.concat([sct(1), sct(2)]);
  const tls = Buffer.concat([Buffer.from([list.length >> 8, list.length & 0xff]), list]);
  return Buffer.concat([Buffer.from([0x04, tls.length]), tls]).toString('hex').toUpperCase();
}

const CONFIG = `
oid_section = new_oids
[ new_oids ]
testAttribute = 1.3.6.1.4.1.55555.9
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = unused
[ v3_root ]
basicConstraints = critical, CA:TRUE, pathlen:2
keyUsage = critical, digitalSignature, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
nameConstraints = critical, permitted;DNS:.example.com, permitted;DNS:example.com, permitted;IP:10.0.0.0/255.0.0.0, permitted;IP:2001:db8::/ffff:ffff::, excluded;DNS:bad.example.com, excluded;IP:10.66.0.0/255.255.0.0, excluded;IP:2001:db8:bad::/ffff:ffff:ffff::, excluded;email:.evil.test
certificatePolicies = 2.5.29.32.0
1.3.6.1.4.1.55555.1 = ASN1:UTF8String:root note
[ v3_leaf ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, clientAuth, 1.3.6.1.4.1.55555.7
subjectAltName = DNS:api.example.com, DNS:*.example.com, IP:10.1.2.3, IP:2001:db8::1, URI:spiffe://example.org/ns/default/sa/api, URI:https://api.example.com/x?y=1, email:ops@example.com
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
certificatePolicies = 2.23.140.1.2.1, @cps
crlDistributionPoints = URI:http://crl.example.com/root.crl, URI:ldap://ldap.example.com/cn=root
authorityInfoAccess = OCSP;URI:http://ocsp.example.com, caIssuers;URI:http://ca.example.com/root.crt
1.3.6.1.4.1.11129.2.4.2 = DER:${sctListDer()}
1.3.6.1.4.1.55555.2 = critical, DER:0C0568656C6C6F
1.3.6.1.4.1.55555.1 = ASN1:UTF8String:leaf note
[ cps ]
policyIdentifier = 1.3.6.1.4.1.55555.3.1
CPS.1 = "http://cps.example.com/cps"
[ v3_spiffe ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = critical, URI:spiffe://example.org/ns/default/sa/svc
authorityKeyIdentifier = keyid:always
`;

/** Everything unusual at once: every KeyUsage bit and EKU name, AKI by issuer and serial, odd names. */
const EXOTIC_CONFIG = `
[ req ]
distinguished_name = dn
string_mask = default
[ dn ]
[ exotic ]
authorityKeyIdentifier = keyid:always, issuer:always
basicConstraints = CA:TRUE, pathlen:0
keyUsage = digitalSignature, nonRepudiation, keyEncipherment, dataEncipherment, keyAgreement, keyCertSign, cRLSign, encipherOnly, decipherOnly
extendedKeyUsage = codeSigning, emailProtection, timeStamping, OCSPSigning, anyExtendedKeyUsage, ipsecIKE, msSGC, nsSGC, msSmartcardLogin, serverAuth
nameConstraints = permitted;IP:10.0.0.0/255.0.255.0, permitted;IP:192.168.0.0/255.255.240.0, permitted;URI:.example.com, permitted;email:ops@example.com, permitted;dirName:dn_nc, excluded;IP:::/::
subjectAltName = otherName:1.3.6.1.4.1.311.20.2.3;UTF8:upn@example.com, RID:1.2.3.4, dirName:dn_nc, IP:::ffff:1.2.3.4, IP:fe80::1:0:0:1, IP:2001:db8:0:0:1:0:0:1, IP:::, IP:1::, IP:0.0.0.0, IP:255.255.255.255
issuerAltName = email:ca@example.com
inhibitAnyPolicy = 1
tlsfeature = status_request
crlDistributionPoints = URI:http://crl.example.com/a.crl
authorityInfoAccess = OCSP;URI:http://ocsp1.example.com, OCSP;URI:http://ocsp2.example.com, caIssuers;URI:http://ca.example.com/a.crt
[ dn_nc ]
O = Acme
CN = nc
`;

const ROOT_SUBJECT = (id: string) => `/C=US/ST=Baden-Württemberg/O=Acme\\, Inc./OU=PKI+OU=Roots/CN=Acme Root "R1" ${id}`;
const ROOT_DISPLAY = (id: string) => `C=US, ST=Baden-Württemberg, O=Acme\\, Inc., OU=PKI + OU=Roots, CN=Acme Root \\"R1\\" ${id}`;
const LEAF_SUBJECT =
  '/C=US/O=Acme\\, Inc./OU=Eng+CN=api.example.com/CN=#leaf <1>; a\\+b\\\\c=d /emailAddress=ops@example.com' +
  '/street=1 Main St/postalCode=12345/DC=example/DC=com/UID=u42/serialNumber=SN-7/title=Dr./GN=Ada/SN=Lovelace' +
  '/initials=AL/pseudonym=countess/generationQualifier=III/dnQualifier=q1/description=first programmer' +
  '/businessCategory=Private Organization/jurisdictionC=US/jurisdictionST=Delaware/jurisdictionL=Wilmington' +
  '/organizationIdentifier=VATUS-1/name=Ada L/role=engineer/testAttribute=custom';
const LEAF_DISPLAY =
  'C=US, O=Acme\\, Inc., OU=Eng + CN=api.example.com, CN=\\#leaf \\<1\\>\\; a\\+b\\\\c=d\\ , emailAddress=ops@example.com' +
  ', street=1 Main St, postalCode=12345, DC=example, DC=com, UID=u42, serialNumber=SN-7, title=Dr., GN=Ada, SN=Lovelace' +
  ', initials=AL, pseudonym=countess, generationQualifier=III, dnQualifier=q1, description=first programmer' +
  ', businessCategory=Private Organization, jurisdictionC=US, jurisdictionST=Delaware, jurisdictionL=Wilmington' +
  ', organizationIdentifier=VATUS-1, name=Ada L, role=engineer, 1.3.6.1.4.1.55555.9=custom';
/** Control characters, a lone space, leading/trailing spaces, '#', and T61/BMP/UTF-8 strings (string_mask=default). */
const EXOTIC_SUBJECT = `/CN= /O=a\x01b/OU=x\x7fy/ST= lead/street=trail /title=#x/L=Zürich/SN=€uro/GN=𝄞/initials=#`;
const EXOTIC_DISPLAY = 'CN=\\ , O=a\\01b, OU=x\\7Fy, ST=\\ lead, street=trail\\ , title=\\#x, L=Zürich, SN=€uro, GN=𝄞, initials=#';

const ROOT_SERIAL = '0x8F00000000000000000000000000000000000001';
const LEAF_SERIAL = '4660';
const SERIALS = ['0', '1', '127', '128', '255', '256', '65535', '-1', '-5', '-128', '-129', '-256', '0x00FF', '0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF', '-0x8000000000000000000000000000'];

interface Made {
  der: Buffer;
  /** `openssl x509 -noout -text` with names printed the way Node prints them (one line, ', ' between RDNs). */
  text: string;
}

const made = new Map<string, Made>();
let dir: string;

const NAMEOPT = 'esc_2253,esc_ctrl,utf8,sep_comma_plus_space,sname';

async function openssl(args: string[]): Promise<string> {
  const { stdout } = await run('openssl', args, { encoding: 'utf8', maxBuffer: 16 << 20 });
  return stdout;
}

async function record(label: string, pemFile: string): Promise<void> {
  const der = new X509Certificate(readFileSync(pemFile)).raw;
  const text = await openssl(['x509', '-in', pemFile, '-noout', '-text', '-nameopt', NAMEOPT]);
  made.set(label, { der, text });
}

async function makeWithOpenssl(kt: KeyType): Promise<void> {
  const file = (name: string) => join(dir, `${kt.id}-${name}`);
  const cnf = join(dir, 'ext.cnf');
  const digest = kt.digest ? [`-${kt.digest}`] : [];
  await Promise.all(['root.key', 'leaf.key'].map((name) => openssl(['genpkey', ...kt.genpkey, '-out', file(name)])));
  await openssl([
    'req', '-x509', '-new', '-key', file('root.key'), '-utf8', '-subj', ROOT_SUBJECT(kt.id), '-days', '36500', ...digest,
    '-config', cnf, '-extensions', 'v3_root', '-set_serial', ROOT_SERIAL, '-out', file('root.pem'),
  ]);
  await openssl(['req', '-new', '-key', file('leaf.key'), '-utf8', '-subj', LEAF_SUBJECT, '-config', cnf, '-out', file('leaf.csr')]);
  await openssl([
    'x509', '-req', '-in', file('leaf.csr'), '-CA', file('root.pem'), '-CAkey', file('root.key'), '-set_serial', LEAF_SERIAL,
    '-days', '365', ...digest, '-extfile', cnf, '-extensions', 'v3_leaf', '-out', file('leaf.pem'),
  ]);
  await Promise.all([record(`openssl ${kt.id} root`, file('root.pem')), record(`openssl ${kt.id} leaf`, file('leaf.pem'))]);
}

/** A store made by mtlskit: the built CLI when there is one, else the same engine calls the CLI makes. */
async function makeWithMtlskit(key: string, store: string, leaves: { name: string; sans: string[]; profile: string }[], intermediate: string | null): Promise<void> {
  if (existsSync(DIST_MAIN)) {
    const env = { ...process.env, NO_COLOR: '1', MTLSKIT_DIR: undefined, MTLSKIT_CA_PASSPHRASE: undefined };
    await run(process.execPath, [BIN, 'ca', 'create', '--dir', store, '--key', key, ...(intermediate ? ['--intermediate', intermediate] : [])], { env });
    for (const leaf of leaves) {
      await run(process.execPath, [BIN, 'cert', 'create', leaf.name, ...leaf.sans, '--dir', store, '--key', key, '--profile', leaf.profile], { env });
    }
    return;
  }
  const { createCa } = await import('../../src/pki/ca.js');
  const { issueLeaves } = await import('../../src/pki/issue.js');
  const { loadStore } = await import('../../src/pki/store.js');
  const { loadProfile } = await import('../../src/pki/profiles.js');
  const { parseKeyAlgorithm } = await import('../../src/pki/keys.js');
  const algorithm = parseKeyAlgorithm(key);
  await createCa({ dir: store, keyAlgorithm: algorithm, intermediate, force: false, now: new Date() });
  const loaded = loadStore(store, undefined);
  const requests = leaves.map((leaf) => ({
    name: leaf.name,
    sans: leaf.sans,
    profile: loadProfile(leaf.profile),
    days: 365,
    key: { algorithm },
    formats: ['pem' as const],
    outDir: loaded.paths.certs,
  }));
  await issueLeaves(loaded, requests, { force: false, now: new Date() });
}

const MTLSKIT_KEYS = ['rsa-2048', 'rsa-3072', 'rsa-4096', 'ec-p256', 'ec-p384', 'ed25519'];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mtlskit-decode-fields-'));
  writeFileSync(join(dir, 'ext.cnf'), CONFIG);
  writeFileSync(join(dir, 'exotic.cnf'), EXOTIC_CONFIG);

  const exotic = async () => {
    const key = join(dir, 'exotic.key');
    await openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key]);
    const cert = join(dir, 'exotic.pem');
    await openssl(['req', '-x509', '-new', '-key', key, '-utf8', '-subj', EXOTIC_SUBJECT, '-days', '30', '-config', join(dir, 'exotic.cnf'), '-extensions', 'exotic', '-out', cert]);
    await record('openssl exotic', cert);
    // An empty subject, the identity only in a critical SAN (SPIFFE X509-SVID shape).
    const spiffe = join(dir, 'spiffe.pem');
    await openssl(['req', '-new', '-key', key, '-subj', '/', '-config', join(dir, 'ext.cnf'), '-out', join(dir, 'spiffe.csr')]);
    await openssl(['x509', '-req', '-in', join(dir, 'spiffe.csr'), '-CA', cert, '-CAkey', key, '-set_serial', '7', '-days', '5', '-extfile', join(dir, 'ext.cnf'), '-extensions', 'v3_spiffe', '-out', spiffe]);
    await record('openssl spiffe', spiffe);
    await Promise.all(
      SERIALS.map(async (serial, i) => {
        const out = join(dir, `serial-${i}.pem`);
        await openssl(['req', '-x509', '-new', '-key', key, '-subj', `/CN=serial ${serial}`, '-days', '1', '-config', join(dir, 'ext.cnf'), '-set_serial', serial, '-out', out]);
        await record(`serial ${serial}`, out);
      }),
    );
  };

  const mtlskit = async (key: string) => {
    const store = join(dir, `mtlskit-${key}`);
    await makeWithMtlskit(key, store, [{ name: 'api', sans: ['localhost', '127.0.0.1', '::1'], profile: 'server' }], null);
    await record(`mtlskit ${key} root`, join(store, 'ca.crt'));
    await record(`mtlskit ${key} leaf`, join(store, 'certs', 'api.crt'));
  };

  const mtlskitIntermediate = async () => {
    const store = join(dir, 'mtlskit-intermediate');
    await makeWithMtlskit('ec-p384', store, [{ name: 'svc', sans: ['spiffe://example.org/ns/default/sa/svc'], profile: 'spiffe' }], 'Test Intermediate');
    await record('mtlskit intermediate', join(store, 'intermediate.crt'));
    await record('mtlskit spiffe leaf', join(store, 'certs', 'svc.crt'));
  };

  await Promise.all([...KEY_TYPES.map(makeWithOpenssl), ...MTLSKIT_KEYS.map(mtlskit), exotic(), mtlskitIntermediate()]);
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function decoded(label: string): Promise<{ cert: Certificate; x509: X509Certificate; text: string }> {
  const entry = made.get(label);
  if (!entry) throw new Error(`nothing was made for '${label}'`);
  const result = await decode(entry.der);
  expect(result.container).toBe('der');
  expect(result.certificates).toHaveLength(1);
  return { cert: result.certificates[0]!, x509: new X509Certificate(entry.der), text: entry.text };
}

// ---------------------------------------------------------------------------
// Oracle tables, written from OpenSSL's and RFC 5280's names, not from the decoder's

const EKU_OIDS: Record<string, string> = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  codeSigning: '1.3.6.1.5.5.7.3.3',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  OCSPSigning: '1.3.6.1.5.5.7.3.9',
  ipsecIKE: '1.3.6.1.5.5.7.3.17',
  anyExtendedKeyUsage: '2.5.29.37.0',
  msSGC: '1.3.6.1.4.1.311.10.3.3',
  nsSGC: '2.16.840.1.113730.4.1',
  msSmartcardLogin: '1.3.6.1.4.1.311.20.2.2',
};

const OPENSSL_EKU: Record<string, string> = {
  'TLS Web Server Authentication': 'serverAuth',
  'TLS Web Client Authentication': 'clientAuth',
  'Code Signing': 'codeSigning',
  'E-mail Protection': 'emailProtection',
  'Time Stamping': 'timeStamping',
  'OCSP Signing': 'OCSPSigning',
  'ipsec Internet Key Exchange': 'ipsecIKE',
  'Any Extended Key Usage': 'anyExtendedKeyUsage',
  'Microsoft Server Gated Crypto': 'msSGC',
  'Netscape Server Gated Crypto': 'nsSGC',
  'Microsoft Smartcard Login': 'msSmartcardLogin',
};

const OPENSSL_KEY_USAGE: Record<string, string> = {
  'Digital Signature': 'digitalSignature',
  'Non Repudiation': 'nonRepudiation',
  'Key Encipherment': 'keyEncipherment',
  'Data Encipherment': 'dataEncipherment',
  'Key Agreement': 'keyAgreement',
  'Certificate Sign': 'keyCertSign',
  'CRL Sign': 'cRLSign',
  'Encipher Only': 'encipherOnly',
  'Decipher Only': 'decipherOnly',
};

const OPENSSL_EXTENSIONS: Record<string, string> = {
  'X509v3 Subject Key Identifier': '2.5.29.14',
  'X509v3 Key Usage': '2.5.29.15',
  'X509v3 Subject Alternative Name': '2.5.29.17',
  'X509v3 Issuer Alternative Name': '2.5.29.18',
  'X509v3 Basic Constraints': '2.5.29.19',
  'X509v3 Name Constraints': '2.5.29.30',
  'X509v3 CRL Distribution Points': '2.5.29.31',
  'X509v3 Certificate Policies': '2.5.29.32',
  'X509v3 Authority Key Identifier': '2.5.29.35',
  'X509v3 Extended Key Usage': '2.5.29.37',
  'X509v3 Inhibit Any Policy': '2.5.29.54',
  'Authority Information Access': '1.3.6.1.5.5.7.1.1',
  'TLS Feature': '1.3.6.1.5.5.7.1.24',
  'CT Precertificate SCTs': '1.3.6.1.4.1.11129.2.4.2',
};

const OPENSSL_KEY_TYPES: Record<string, string> = {
  rsaEncryption: 'rsa',
  rsassaPss: 'rsa-pss',
  'id-ecPublicKey': 'ec',
  ED25519: 'ed25519',
  ED448: 'ed448',
};

const CURVES_BY_OPENSSL_NAME: Record<string, { curve: string; bits: number }> = {
  prime256v1: { curve: 'P-256', bits: 256 },
  secp384r1: { curve: 'P-384', bits: 384 },
  secp521r1: { curve: 'P-521', bits: 521 },
};

const OTHER_NAME_OIDS: Record<string, string> = { UPN: '1.3.6.1.4.1.311.20.2.3' };

/** RFC 5952 text of an IPv6 address however it is written (OpenSSL and Node print 2001:DB8:0:0:0:0:0:1). */
const canonicalIp = (text: string) => (text.includes(':') ? new URL(`http://[${text}]/`).hostname.slice(1, -1) : text);

/** The octets of an IPv4 or IPv6 address as OpenSSL prints it ('10.0.0.0', 'FFFF:FFFF:0:0:0:0:0:0', '::'). */
function ipBytes(text: string): Buffer {
  if (!text.includes(':')) return Buffer.from(text.split('.').map(Number));
  const [head, tail] = text.split('::') as [string, string | undefined];
  const front = head ? head.split(':') : [];
  const back = tail ? tail.split(':') : [];
  const groups = tail === undefined ? front : [...front, ...Array<string>(8 - front.length - back.length).fill('0'), ...back];
  return Buffer.from(groups.map((group) => group.padStart(4, '0')).join(''), 'hex');
}

/** '255.0.0.0' or 'FFFF:FFFF:0:…' → '8' / '32'; a mask that is not a prefix → 'mask <hex>' (the decoder's form). */
function prefixOfMask(mask: string): string {
  const bytes = ipBytes(mask);
  const bits = [...bytes].map((b) => b.toString(2).padStart(8, '0')).join('');
  if (!/^1*0*$/.test(bits)) return `mask ${bytes.toString('hex')}`;
  return String(bits.includes('0') ? bits.indexOf('0') : bits.length);
}

/** The elements of DER content, each as tag and content octets (a minimal reader, independent of the decoder's). */
function tlvs(der: Buffer): { tag: number; content: Buffer }[] {
  const out: { tag: number; content: Buffer }[] = [];
  for (let pos = 0; pos < der.length; ) {
    const tag = der[pos++]!;
    let length = der[pos++]!;
    if (length & 0x80) {
      const count = length & 0x7f;
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + der[pos++]!;
    }
    out.push({ tag, content: der.subarray(pos, pos + length) });
    pos += length;
  }
  return out;
}

/** OpenSSL's X509_NAME_oneline ('/O=Acme/CN=nc'): each value's raw string octets, those outside printable ASCII as \\xHH. */
function onelineName(name: Name): string {
  const values = tlvs(tlvs(name.der)[0]!.content).flatMap((rdn) => tlvs(rdn.content).map((attribute) => tlvs(attribute.content)[1]!.content));
  expect(values).toHaveLength(name.attributes.length);
  const escape = (octets: Buffer) => [...octets].map((b) => (b < 0x20 || b > 0x7e ? `\\x${b.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(b))).join('');
  return name.attributes.map(({ type }, i) => `/${type}=${escape(values[i]!)}`).join('');
}

/** Serial as Node prints it (BN_bn2hex): uppercase, whole bytes, '0' for zero, '-' for negative. */
function serialFromOpenssl(decimalOrHex: string, negative: boolean): string {
  const value = BigInt(decimalOrHex.startsWith('0x') ? decimalOrHex : `0x${decimalOrHex.replace(/:/g, '')}`);
  if (value === 0n) return '0';
  const hex = value.toString(16).toUpperCase();
  return `${negative ? '-' : ''}${hex.length % 2 ? `0${hex}` : hex}`;
}

// ---------------------------------------------------------------------------
// Node's X509Certificate

/** 'DNS:a, IP Address:1.2.3.4, URI:…, email:…' (values with ',' or quotes are JSON-quoted) in the decoder's 'IP:…' form. */
function nodeSans(text: string | undefined): string[] {
  if (text === undefined) return [];
  const out: string[] = [];
  const entry = /(DNS|IP Address|URI|email|DirName|othername|Registered ID):("(?:[^"\\]|\\.)*"|[^,]*)(?:, |$)/y;
  while (entry.lastIndex < text.length) {
    const match = entry.exec(text);
    if (!match) throw new Error(`cannot read Node's subjectAltName at '${text.slice(entry.lastIndex)}'`);
    const [, type, raw] = match as unknown as [string, string, string];
    const value: string = raw.startsWith('"') ? JSON.parse(raw) : raw;
    switch (type) {
      case 'IP Address':
        out.push(`IP:${canonicalIp(value)}`);
        break;
      case 'DirName':
        // RFC 2253 order (last RDN first), ',' between RDNs.
        out.push(`DirName:${value.split(/(?<!\\),/).reverse().join(', ')}`);
        break;
      case 'othername': {
        const kind = value.slice(0, value.indexOf(':'));
        if (!OTHER_NAME_OIDS[kind]) throw new Error(`unknown othername '${value}'`);
        out.push(`otherName:${OTHER_NAME_OIDS[kind]}`);
        break;
      }
      case 'Registered ID':
        out.push(`RID:${value}`);
        break;
      default:
        out.push(`${type}:${value}`);
    }
  }
  return out;
}

function nodeKeyInfo(key: KeyObject): PublicKeyInfo {
  const type = key.asymmetricKeyType!;
  const details = key.asymmetricKeyDetails ?? {};
  if (type === 'ec') {
    const curve = CURVES_BY_OPENSSL_NAME[details.namedCurve!];
    if (!curve) throw new Error(`unexpected curve ${details.namedCurve}`);
    return { type, bits: curve.bits, curve: curve.curve };
  }
  return details.modulusLength === undefined ? { type } : { type, bits: details.modulusLength };
}

/** Everything Node's X509Certificate reports, against the model and its JSON view. */
function expectMatchesNode(cert: Certificate, x509: X509Certificate): void {
  const info = describeCertificate(cert, 'leaf', null, []);
  expect(cert.der.equals(x509.raw), 'der').toBe(true);
  // Node 20 leaves subject/issuer undefined for an empty name; RDNs are one per line.
  expect(info.subject, 'subject').toBe(x509.subject === undefined ? '' : x509.subject.split('\n').join(', '));
  expect(info.issuer, 'issuer').toBe(x509.issuer === undefined ? '' : x509.issuer.split('\n').join(', '));
  expect(info.serial, 'serial').toBe(x509.serialNumber);
  expect(info.notBefore, 'notBefore').toBe(new Date(x509.validFrom).toISOString());
  expect(info.notAfter, 'notAfter').toBe(new Date(x509.validTo).toISOString());
  expect(cert.notBefore.getTime()).toBe(new Date(x509.validFrom).getTime());
  expect(cert.notAfter.getTime()).toBe(new Date(x509.validTo).getTime());
  expect(info.fingerprintSha256, 'fingerprint').toBe(x509.fingerprint256);
  expect(info.sans, 'subjectAltName').toEqual(nodeSans(x509.subjectAltName));
  // Node's keyUsage is the extendedKeyUsage OID list (undefined without the extension).
  expect(cert.extensions.extendedKeyUsage === null, 'EKU presence').toBe(x509.keyUsage === undefined);
  expect(info.extendedKeyUsage.map((name) => EKU_OIDS[name] ?? name), 'extendedKeyUsage').toEqual(x509.keyUsage ?? []);
  // X509_check_ca() == 1: basicConstraints cA, and keyCertSign if keyUsage is present.
  const bc = cert.extensions.basicConstraints;
  const ku = cert.extensions.keyUsage;
  expect(x509.ca, 'ca').toBe(bc?.ca === true && (ku === null || ku.includes('keyCertSign')));
  expect(info.key, 'public key').toEqual(nodeKeyInfo(x509.publicKey));
  expect(cert.spki.equals(x509.publicKey.export({ type: 'spki', format: 'der' })), 'spki').toBe(true);
  const access = [...info.authorityInfoAccess.ocsp.map((uri) => `OCSP - URI:${uri}`), ...info.authorityInfoAccess.caIssuers.map((uri) => `CA Issuers - URI:${uri}`)];
  expect(access, 'authorityInfoAccess').toEqual(x509.infoAccess === undefined ? [] : x509.infoAccess.split('\n').filter(Boolean).sort(byAccessMethod));
}

/** Node prints access descriptions in certificate order; ours are grouped OCSP first, then CA Issuers. */
const byAccessMethod = (a: string, b: string) => Number(a.startsWith('CA Issuers')) - Number(b.startsWith('CA Issuers'));

// ---------------------------------------------------------------------------
// `openssl x509 -noout -text`

interface OpensslExtension {
  name: string;
  oid: string;
  critical: boolean;
  body: string[];
}

interface OpensslText {
  version: number;
  serial: string;
  signatureAlgorithms: string[];
  issuer: string;
  subject: string;
  notBefore: Date;
  notAfter: Date;
  keyAlgorithm: string;
  keyBits: number | null;
  asn1Oid: string | null;
  nistCurve: string | null;
  extensions: OpensslExtension[];
}

function parseOpensslText(text: string): OpensslText {
  const lines = text.split('\n');
  const field = (re: RegExp) => {
    const match = re.exec(text);
    if (!match) throw new Error(`openssl -text has no ${re}`);
    return match[1]!;
  };
  const serialAt = lines.findIndex((line) => /^ {8}Serial Number:/.test(line));
  const serialRest = lines[serialAt]!.replace(/^ {8}Serial Number: ?/, '');
  const inline = /^(-?)\d+ \(-?(0x[0-9a-f]+)\)$/.exec(serialRest);
  // Long serials go on the next line as colon hex, '(Negative)' before them when negative.
  const long = /^\s*(\(Negative\))?([0-9a-f]{2}(?::[0-9a-f]{2})*)$/.exec(lines[serialAt + 1]!);
  if (!inline && !long) throw new Error(`unreadable serial number in openssl -text: '${lines[serialAt + 1]}'`);
  const serial = inline ? serialFromOpenssl(inline[2]!, inline[1] === '-') : serialFromOpenssl(long![2]!, long![1] !== undefined);

  const extensions: OpensslExtension[] = [];
  const start = lines.findIndex((line) => line === '        X509v3 extensions:');
  if (start >= 0) {
    for (let i = start + 1; i < lines.length && /^ {12}/.test(lines[i]!); i++) {
      const line = lines[i]!;
      if (/^ {12}\S/.test(line)) {
        const match = /^ {12}(.+?):( critical)?\s*$/.exec(line);
        if (!match) throw new Error(`unreadable extension header '${line}'`);
        const name = match[1]!;
        const oid = OPENSSL_EXTENSIONS[name] ?? (/^\d+(\.\d+)+$/.test(name) ? name : null);
        if (!oid) throw new Error(`openssl prints an extension '${name}' this test does not map`);
        extensions.push({ name, oid, critical: match[2] !== undefined, body: [] });
      } else {
        extensions.at(-1)!.body.push(line.trim());
      }
    }
  }
  const bits = /Public-Key: \((\d+) bit\)/.exec(text);
  return {
    version: Number(field(/^ {8}Version: (\d+) /m)),
    serial,
    signatureAlgorithms: [...text.matchAll(/^ *Signature Algorithm: (.+)$/gm)].map((m) => m[1]!.trim()),
    issuer: field(/^ {8}Issuer: ?(.*)$/m),
    subject: field(/^ {8}Subject: ?(.*)$/m),
    notBefore: new Date(field(/Not Before: (.+)$/m)),
    notAfter: new Date(field(/Not After : (.+)$/m)),
    keyAlgorithm: field(/Public Key Algorithm: (.+)$/m),
    keyBits: bits ? Number(bits[1]) : null,
    asn1Oid: /ASN1 OID: (.+)$/m.exec(text)?.[1] ?? null,
    nistCurve: /NIST CURVE: (.+)$/m.exec(text)?.[1] ?? null,
    extensions,
  };
}

function opensslGeneralName(text: string): string {
  const colon = text.indexOf(':');
  const type = text.slice(0, colon);
  const value = text.slice(colon + 1);
  switch (type) {
    case 'DNS':
    case 'URI':
    case 'email':
      return text;
    case 'IP Address':
      return `IP:${canonicalIp(value)}`;
    case 'IP': {
      // Name constraints: address/mask.
      const [address, mask] = value.split('/') as [string, string];
      return `IP:${canonicalIp(address)}/${prefixOfMask(mask)}`;
    }
    case 'Registered ID':
      return `RID:${value}`;
    case 'DirName':
      // '/O=Acme/CN=nc' in SANs, 'O = Acme, CN = nc' in name constraints.
      return `DirName:${value.startsWith('/') ? value.slice(1).split('/').join(', ') : value.replace(/ = /g, '=')}`;
    case 'othername': {
      const kind = value.trim().split(':')[0]!;
      if (!OTHER_NAME_OIDS[kind]) throw new Error(`unknown othername '${value}'`);
      return `otherName:${OTHER_NAME_OIDS[kind]}`;
    }
    default:
      throw new Error(`unmapped openssl general name '${text}'`);
  }
}

const split = (body: string[]) => body.join(' ').split(', ').filter(Boolean);
function mapped(names: string[], table: Record<string, string>, what: string): string[] {
  return names.map((name) => {
    if (table[name]) return table[name];
    if (/^\d+(\.\d+)+$/.test(name)) return name;
    throw new Error(`unmapped openssl ${what} '${name}'`);
  });
}

/** Everything `openssl x509 -text` prints, against the model and its JSON view. */
function expectMatchesOpenssl(cert: Certificate, text: string): void {
  const openssl = parseOpensslText(text);
  const info = describeCertificate(cert, 'leaf', null, []);
  const ext = cert.extensions;
  expect(cert.version, 'version').toBe(openssl.version);
  expect(info.version).toBe(openssl.version);
  expect(info.serial, 'serial').toBe(openssl.serial);
  // Printed twice: the TBSCertificate's signature field and the outer signatureAlgorithm.
  expect(openssl.signatureAlgorithms, 'signature algorithm').toEqual([info.signatureAlgorithm, info.signatureAlgorithm]);
  expect(cert.tbsSignatureOid).toBe(cert.signatureAlgorithm.oid);
  expect(info.subject, 'subject').toBe(openssl.subject);
  expect(info.issuer, 'issuer').toBe(openssl.issuer);
  expect(cert.notBefore.getTime(), 'notBefore').toBe(openssl.notBefore.getTime());
  expect(cert.notAfter.getTime(), 'notAfter').toBe(openssl.notAfter.getTime());

  const keyType = OPENSSL_KEY_TYPES[openssl.keyAlgorithm];
  expect(keyType, `key algorithm ${openssl.keyAlgorithm}`).toBeDefined();
  const expectedKey: PublicKeyInfo = { type: keyType! };
  if (openssl.keyBits !== null) expectedKey.bits = openssl.keyBits;
  if (openssl.nistCurve !== null) {
    expectedKey.curve = openssl.nistCurve;
    expect(CURVES_BY_OPENSSL_NAME[openssl.asn1Oid!]?.curve, 'ASN1 OID and NIST CURVE agree').toBe(openssl.nistCurve);
  }
  expect(info.key, 'public key').toEqual(expectedKey);

  // Every extension, in order, with its critical flag.
  expect(ext.all.map((e) => `${e.oid}${e.critical ? ' critical' : ''}`), 'extensions').toEqual(openssl.extensions.map((e) => `${e.oid}${e.critical ? ' critical' : ''}`));
  expect(info.extensions.map((e) => e.critical)).toEqual(openssl.extensions.map((e) => e.critical));
  for (const e of ext.all) expect(e.error, `${e.oid} read without error`).toBeUndefined();

  const has = (oid: string) => openssl.extensions.find((e) => e.oid === oid);
  const bc = has('2.5.29.19');
  expect(info.basicConstraints, 'basicConstraints').toEqual(
    bc ? { ca: /CA:TRUE/.test(bc.body[0]!), pathLen: /pathlen:(\d+)/.test(bc.body[0]!) ? Number(/pathlen:(\d+)/.exec(bc.body[0]!)![1]) : null, critical: bc.critical } : null,
  );
  const ku = has('2.5.29.15');
  expect(ext.keyUsage, 'keyUsage').toEqual(ku ? mapped(split(ku.body), OPENSSL_KEY_USAGE, 'key usage') : null);
  const eku = has('2.5.29.37');
  expect(ext.extendedKeyUsage, 'extendedKeyUsage').toEqual(eku ? mapped(split(eku.body), OPENSSL_EKU, 'extended key usage') : null);
  const san = has('2.5.29.17');
  expect(info.sans, 'subjectAltName').toEqual(san ? split(san.body).map(opensslGeneralName) : []);
  const ski = has('2.5.29.14');
  expect(info.ski, 'subjectKeyIdentifier').toBe(ski ? ski.body[0] : null);

  const aki = has('2.5.29.35');
  if (aki) {
    const keyId = aki.body.find((line) => /^(keyid:)?[0-9A-F]{2}(:[0-9A-F]{2})+$/.test(line))?.replace('keyid:', '') ?? null;
    expect(info.aki, 'authorityKeyIdentifier keyid').toBe(keyId);
    const dirName = aki.body.find((line) => line.startsWith('DirName:'));
    const akiIssuer = ext.authorityKeyIdentifier!.issuer;
    expect(akiIssuer.map((n) => (n.type === 'dirName' ? `DirName:${onelineName(n.name)}` : n.type)), 'AKI issuer').toEqual(dirName ? [dirName] : []);
    const serial = aki.body.find((line) => line.startsWith('serial:'));
    const akiSerial = ext.authorityKeyIdentifier!.serial;
    expect(akiSerial ? `serial:${akiSerial.toString('hex').toUpperCase().replace(/(..)(?!$)/g, '$1:')}` : undefined, 'AKI serial').toBe(serial);
  } else {
    expect(ext.authorityKeyIdentifier).toBeNull();
  }

  const policies = has('2.5.29.32');
  const expectedPolicies: { oid: string; cps: string[] }[] = [];
  for (const line of policies?.body ?? []) {
    if (line.startsWith('Policy: ')) {
      const id = line.slice('Policy: '.length);
      expectedPolicies.push({ oid: id === 'X509v3 Any Policy' ? '2.5.29.32.0' : id, cps: [] });
    } else if (line.startsWith('CPS: ')) expectedPolicies.at(-1)!.cps.push(line.slice('CPS: '.length));
  }
  expect(info.policies.map(({ oid, cps }) => ({ oid, cps })), 'certificatePolicies').toEqual(expectedPolicies);
  if (info.policies.some((p) => p.oid === '2.5.29.32.0')) expect(info.policies.find((p) => p.oid === '2.5.29.32.0')!.name).toBe('anyPolicy');

  const crl = has('2.5.29.31');
  expect(info.crlDistributionPoints, 'cRLDistributionPoints').toEqual((crl?.body ?? []).filter((l) => l.startsWith('URI:')).map((l) => l.slice(4)));

  const aia = has('1.3.6.1.5.5.7.1.1');
  expect(info.authorityInfoAccess, 'authorityInfoAccess').toEqual({
    ocsp: (aia?.body ?? []).filter((l) => l.startsWith('OCSP - URI:')).map((l) => l.slice('OCSP - URI:'.length)),
    caIssuers: (aia?.body ?? []).filter((l) => l.startsWith('CA Issuers - URI:')).map((l) => l.slice('CA Issuers - URI:'.length)),
  });

  const scts = has('1.3.6.1.4.1.11129.2.4.2');
  expect(info.sctCount, 'SCT count').toBe(scts ? scts.body.filter((l) => l === 'Signed Certificate Timestamp:').length : null);

  const nc = has('2.5.29.30');
  if (nc) {
    const lists: Record<string, string[]> = { Permitted: [], Excluded: [] };
    let current: string[] | null = null;
    for (const line of nc.body) {
      if (line === 'Permitted:' || line === 'Excluded:') current = lists[line.slice(0, -1)]!;
      else current!.push(opensslGeneralName(line));
    }
    expect(info.nameConstraints, 'nameConstraints').toEqual({ permitted: lists.Permitted, excluded: lists.Excluded });
  } else {
    expect(info.nameConstraints).toBeNull();
  }

  // Extensions OpenSSL does not know: it prints the value's bytes, non-printables as '.'.
  for (const e of openssl.extensions.filter((x) => /^\d/.test(x.name))) {
    const ours = ext.all.find((x) => x.oid === e.oid)!;
    expect(ours.name, `${e.oid} is unknown`).toBeNull();
    expect(ours.value.toString('latin1').replace(/[^\x20-\x7e]/g, '.'), `${e.oid} value`).toBe(e.body.join(''));
  }
}

// ---------------------------------------------------------------------------

describe.each(KEY_TYPES)('made by the openssl CLI: $id', (kt) => {
  it('root: every field equals what Node and openssl report', async () => {
    const { cert, x509, text } = await decoded(`openssl ${kt.id} root`);
    expectMatchesNode(cert, x509);
    expectMatchesOpenssl(cert, text);

    // And what we asked openssl to write.
    const info = describeCertificate(cert, 'root', null, []);
    expect(info.subject).toBe(ROOT_DISPLAY(kt.id));
    expect(info.issuer).toBe(ROOT_DISPLAY(kt.id));
    expect(cert.subject.der.equals(cert.issuer.der)).toBe(true);
    expect(info.serial).toBe('8F00000000000000000000000000000000000001');
    expect(cert.serial.toString('hex')).toBe('008f00000000000000000000000000000000000001');
    expect(info.version).toBe(3);
    expect(info.key).toEqual(kt.key);
    expect(info.signatureAlgorithm).toBe(kt.signature);
    expect(cert.signatureAlgorithm.hash).toBe(kt.hash);
    // 100 years: notAfter is a GeneralizedTime.
    expect(cert.notAfter.getUTCFullYear()).toBeGreaterThanOrEqual(2050);
    expect(cert.notAfter.getTime() - cert.notBefore.getTime()).toBe(36500 * 86_400_000);
    expect(info.basicConstraints).toEqual({ ca: true, pathLen: 2, critical: true });
    expect(info.keyUsage).toEqual(['digitalSignature', 'keyCertSign', 'cRLSign']);
    expect(info.extendedKeyUsage).toEqual([]);
    expect(info.ski).toMatch(/^([0-9A-F]{2}:){19}[0-9A-F]{2}$/);
    expect(info.aki).toBe(info.ski);
    expect(info.nameConstraints).toEqual({
      permitted: ['DNS:.example.com', 'DNS:example.com', 'IP:10.0.0.0/8', 'IP:2001:db8::/32'],
      excluded: ['DNS:bad.example.com', 'IP:10.66.0.0/16', 'IP:2001:db8:bad::/48', 'email:.evil.test'],
    });
    expect(cert.extensions.nameConstraints!.usesMinMax).toBe(false);
    expect(cert.extensions.nameConstraints!.permitted[2]).toMatchObject({ type: 'ip', bytes: Buffer.from([10, 0, 0, 0, 255, 0, 0, 0]) });
    expect(info.policies).toEqual([{ oid: '2.5.29.32.0', name: 'anyPolicy', cps: [] }]);
    expect(info.extensions).toEqual([
      { oid: '2.5.29.19', name: 'basicConstraints', critical: true },
      { oid: '2.5.29.15', name: 'keyUsage', critical: true },
      { oid: '2.5.29.14', name: 'subjectKeyIdentifier', critical: false },
      { oid: '2.5.29.35', name: 'authorityKeyIdentifier', critical: false },
      { oid: '2.5.29.30', name: 'nameConstraints', critical: true },
      { oid: '2.5.29.32', name: 'certificatePolicies', critical: false },
      { oid: '1.3.6.1.4.1.55555.1', name: null, critical: false },
    ]);
  });

  it('leaf: every field equals what Node and openssl report', async () => {
    const { cert, x509, text } = await decoded(`openssl ${kt.id} leaf`);
    const root = (await decoded(`openssl ${kt.id} root`)).cert;
    expectMatchesNode(cert, x509);
    expectMatchesOpenssl(cert, text);

    const info = describeCertificate(cert, 'leaf', null, []);
    expect(info.subject).toBe(LEAF_DISPLAY);
    expect(cert.subject.attributes.slice(0, 5)).toEqual([
      { oid: '2.5.4.6', type: 'C', value: 'US' },
      { oid: '2.5.4.10', type: 'O', value: 'Acme, Inc.' },
      { oid: '2.5.4.11', type: 'OU', value: 'Eng' },
      { oid: '2.5.4.3', type: 'CN', value: 'api.example.com' },
      { oid: '2.5.4.3', type: 'CN', value: '#leaf <1>; a+b\\c=d ' },
    ]);
    expect(info.issuer).toBe(ROOT_DISPLAY(kt.id));
    expect(cert.issuer.der.equals(root.subject.der)).toBe(true);
    expect(info.serial).toBe('1234');
    expect(info.key).toEqual(kt.key);
    expect(info.signatureAlgorithm).toBe(kt.signature);
    expect(cert.notAfter.getTime() - cert.notBefore.getTime()).toBe(365 * 86_400_000);
    expect(info.sans).toEqual([
      'DNS:api.example.com',
      'DNS:*.example.com',
      'IP:10.1.2.3',
      'IP:2001:db8::1',
      'URI:spiffe://example.org/ns/default/sa/api',
      'URI:https://api.example.com/x?y=1',
      'email:ops@example.com',
    ]);
    expect(cert.extensions.subjectAltName![3]).toMatchObject({ type: 'ip', bytes: Buffer.from('20010db8000000000000000000000001', 'hex') });
    expect(info.keyUsage).toEqual(['digitalSignature', 'keyEncipherment']);
    expect(info.extendedKeyUsage).toEqual(['serverAuth', 'clientAuth', '1.3.6.1.4.1.55555.7']);
    expect(info.basicConstraints).toEqual({ ca: false, pathLen: null, critical: true });
    expect(info.aki).toBe(describeCertificate(root, 'root', null, []).ski);
    expect(info.ski).not.toBe(info.aki);
    expect(info.policies).toEqual([
      { oid: '2.23.140.1.2.1', name: 'CA/B domain-validated', cps: [] },
      { oid: '1.3.6.1.4.1.55555.3.1', name: null, cps: ['http://cps.example.com/cps'] },
    ]);
    expect(info.crlDistributionPoints).toEqual(['http://crl.example.com/root.crl', 'ldap://ldap.example.com/cn=root']);
    expect(info.authorityInfoAccess).toEqual({ ocsp: ['http://ocsp.example.com'], caIssuers: ['http://ca.example.com/root.crt'] });
    expect(info.sctCount).toBe(2);
    expect(info.nameConstraints).toBeNull();
    expect(info.extensions.map((e) => [e.oid, e.critical])).toEqual([
      ['2.5.29.19', true],
      ['2.5.29.15', true],
      ['2.5.29.37', false],
      ['2.5.29.17', false],
      ['2.5.29.14', false],
      ['2.5.29.35', false],
      ['2.5.29.32', false],
      ['2.5.29.31', false],
      ['1.3.6.1.5.5.7.1.1', false],
      ['1.3.6.1.4.1.11129.2.4.2', false],
      ['1.3.6.1.4.1.55555.2', true],
      ['1.3.6.1.4.1.55555.1', false],
    ]);
    expect(cert.extensions.all.find((e) => e.oid === '1.3.6.1.4.1.55555.2')!.value.toString('hex')).toBe('0c0568656c6c6f');
  });
});

describe.each(MTLSKIT_KEYS)('made by mtlskit: %s', (key) => {
  const signature: Record<string, string> = {
    'rsa-2048': 'sha256WithRSAEncryption',
    'rsa-3072': 'sha256WithRSAEncryption',
    'rsa-4096': 'sha256WithRSAEncryption',
    'ec-p256': 'ecdsa-with-SHA256',
    'ec-p384': 'ecdsa-with-SHA384',
    ed25519: 'ED25519',
  };
  const keyInfo: PublicKeyInfo = key.startsWith('rsa')
    ? { type: 'rsa', bits: Number(key.slice(4)) }
    : key === 'ed25519'
      ? { type: 'ed25519' }
      : { type: 'ec', bits: Number(key.slice(4)), curve: `P-${key.slice(4)}` };

  it('root: every field equals what Node and openssl report', async () => {
    const { cert, x509, text } = await decoded(`mtlskit ${key} root`);
    expectMatchesNode(cert, x509);
    expectMatchesOpenssl(cert, text);
    const info = describeCertificate(cert, 'root', null, []);
    expect(info.subject).toBe('CN=mtlskit Development Root CA');
    expect(info.issuer).toBe(info.subject);
    expect(info.key).toEqual(keyInfo);
    expect(info.signatureAlgorithm).toBe(signature[key]);
    expect(info.basicConstraints).toMatchObject({ ca: true, pathLen: null });
    expect(info.keyUsage).toEqual(expect.arrayContaining(['keyCertSign', 'cRLSign']));
    expect(info.aki).toBe(info.ski);
    expect(info.serial).toMatch(/^[0-7][0-9A-F]+$/);
  });

  it('leaf: every field equals what Node and openssl report', async () => {
    const { cert, x509, text } = await decoded(`mtlskit ${key} leaf`);
    expectMatchesNode(cert, x509);
    expectMatchesOpenssl(cert, text);
    const root = describeCertificate((await decoded(`mtlskit ${key} root`)).cert, 'root', null, []);
    const info = describeCertificate(cert, 'leaf', null, []);
    expect(info.subject).toBe('CN=api');
    expect(info.issuer).toBe('CN=mtlskit Development Root CA');
    expect(info.sans).toEqual(['DNS:localhost', 'IP:127.0.0.1', 'IP:::1']);
    expect(info.key).toEqual(keyInfo);
    expect(info.signatureAlgorithm).toBe(signature[key]);
    expect(info.extendedKeyUsage).toEqual(['serverAuth']);
    expect(info.keyUsage).toEqual(key.startsWith('rsa') ? ['digitalSignature', 'keyEncipherment'] : ['digitalSignature']);
    expect(info.basicConstraints).toEqual({ ca: false, pathLen: null, critical: true });
    expect(info.aki).toBe(root.ski);
  });
});

describe('made by mtlskit: an intermediate and a SPIFFE leaf with an empty subject', () => {
  it('intermediate', async () => {
    const { cert, x509, text } = await decoded('mtlskit intermediate');
    expectMatchesNode(cert, x509);
    expectMatchesOpenssl(cert, text);
    expect(cert.subject.display).toBe('CN=Test Intermediate');
    expect(cert.extensions.basicConstraints).toMatchObject({ ca: true, pathLen: 0 });
    expect(cert.publicKey).toEqual({ type: 'ec', bits: 384, curve: 'P-384' });
  });

  it('SPIFFE leaf', async () => {
    const { cert, x509, text } = await decoded('mtlskit spiffe leaf');
    expect(x509.subject).toBeUndefined();
    expectMatchesNode(cert, x509);
    expectMatchesOpenssl(cert, text);
    expect(cert.subject).toMatchObject({ display: '', attributes: [] });
    expect(cert.issuer.display).toBe('CN=Test Intermediate');
    expect(describeCertificate(cert, 'leaf', null, []).sans).toEqual(['URI:spiffe://example.org/ns/default/sa/svc']);
    // RFC 5280 §4.2.1.6: with an empty subject the SAN must be critical.
    expect(cert.extensions.all.find((e) => e.oid === '2.5.29.17')!.critical).toBe(true);
  });
});

describe('made by the openssl CLI: unusual fields', () => {
  it('every KeyUsage bit and EKU, AKI by issuer and serial, IPv6 forms, odd masks and names', async () => {
    const { cert, x509, text } = await decoded('openssl exotic');
    expectMatchesNode(cert, x509);
    expectMatchesOpenssl(cert, text);
    const info = describeCertificate(cert, 'root', null, []);
    expect(info.subject).toBe(EXOTIC_DISPLAY);
    expect(cert.subject.attributes.map((a) => a.value)).toEqual([' ', 'a\x01b', 'x\x7fy', ' lead', 'trail ', '#x', 'Zürich', '€uro', '𝄞', '#']);
    expect(info.keyUsage).toEqual(['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly']);
    expect(info.extendedKeyUsage).toEqual(['codeSigning', 'emailProtection', 'timeStamping', 'OCSPSigning', 'anyExtendedKeyUsage', 'ipsecIKE', 'msSGC', 'nsSGC', 'msSmartcardLogin', 'serverAuth']);
    expect(info.basicConstraints).toEqual({ ca: true, pathLen: 0, critical: false });
    expect(info.sans).toEqual([
      'otherName:1.3.6.1.4.1.311.20.2.3',
      'RID:1.2.3.4',
      'DirName:O=Acme, CN=nc',
      'IP:::ffff:102:304',
      'IP:fe80::1:0:0:1',
      'IP:2001:db8::1:0:0:1',
      'IP:::',
      'IP:1::',
      'IP:0.0.0.0',
      'IP:255.255.255.255',
    ]);
    expect(info.nameConstraints).toEqual({
      permitted: ['IP:10.0.0.0/mask ff00ff00', 'IP:192.168.0.0/20', 'URI:.example.com', 'email:ops@example.com', 'DirName:O=Acme, CN=nc'],
      excluded: ['IP:::/0'],
    });
    const aki = cert.extensions.authorityKeyIdentifier!;
    expect(aki.keyId!.equals(cert.extensions.subjectKeyIdentifier!)).toBe(true);
    expect(aki.issuer).toHaveLength(1);
    expect(aki.issuer[0]!.type === 'dirName' && aki.issuer[0]!.name.der.equals(cert.issuer.der)).toBe(true);
    expect(aki.serial!.equals(cert.serial)).toBe(true);
    expect(info.authorityInfoAccess).toEqual({ ocsp: ['http://ocsp1.example.com', 'http://ocsp2.example.com'], caIssuers: ['http://ca.example.com/a.crt'] });
    expect(info.extensions.map((e) => e.name)).toEqual([
      'authorityKeyIdentifier', 'basicConstraints', 'keyUsage', 'extendedKeyUsage', 'nameConstraints', 'subjectAltName',
      'issuerAltName', 'inhibitAnyPolicy', 'tlsFeature', 'cRLDistributionPoints', 'authorityInfoAccess', 'subjectKeyIdentifier',
    ]);
  });

  it('an empty subject with a critical SAN', async () => {
    const { cert, x509, text } = await decoded('openssl spiffe');
    expect(x509.subject).toBeUndefined();
    expectMatchesNode(cert, x509);
    expectMatchesOpenssl(cert, text);
    expect(cert.subject.display).toBe('');
    expect(cert.issuer.display).toBe(EXOTIC_DISPLAY);
    expect(cert.serialHex).toBe('07');
  });

  it.each(SERIALS)('serial number %s', async (serial) => {
    const { cert, x509, text } = await decoded(`serial ${serial}`);
    expectMatchesNode(cert, x509);
    expectMatchesOpenssl(cert, text);
    const value = BigInt(serial.replace(/^-/, ''));
    const hex = value.toString(16).toUpperCase();
    expect(cert.serialHex).toBe(value === 0n ? '0' : `${serial.startsWith('-') ? '-' : ''}${hex.length % 2 ? `0${hex}` : hex}`);
  });
});

describe('the comparisons are real: one wrong field makes them fail', () => {
  type Mutation = [name: string, change: (c: Certificate) => Certificate, caughtBy: ('node' | 'openssl')[]];
  const withExt = (c: Certificate, change: Partial<Certificate['extensions']>): Certificate => ({ ...c, extensions: { ...c.extensions, ...change } });
  const mutations: Mutation[] = [
    ['subject', (c) => ({ ...c, subject: { ...c.subject, display: c.subject.display.replace('Eng', 'Eng2') } }), ['node', 'openssl']],
    ['issuer', (c) => ({ ...c, issuer: { ...c.issuer, display: c.issuer.display.replace(', ', ',') } }), ['node', 'openssl']],
    ['serial', (c) => ({ ...c, serialHex: '01234' }), ['node', 'openssl']],
    ['notBefore', (c) => ({ ...c, notBefore: new Date(c.notBefore.getTime() + 1000) }), ['node', 'openssl']],
    ['notAfter', (c) => ({ ...c, notAfter: new Date(c.notAfter.getTime() - 3_600_000) }), ['node', 'openssl']],
    ['fingerprint', (c) => ({ ...c, fingerprintSha256: c.fingerprintSha256.replace(/^../, '00') }), ['node']],
    ['version', (c) => ({ ...c, version: 2 }), ['openssl']],
    ['signature algorithm', (c) => ({ ...c, signatureAlgorithm: { ...c.signatureAlgorithm, name: 'ecdsa-with-SHA384' } }), ['openssl']],
    ['key bits', (c) => ({ ...c, publicKey: { ...c.publicKey, bits: 384 } }), ['node', 'openssl']],
    ['key curve', (c) => ({ ...c, publicKey: { ...c.publicKey, curve: 'P-384' } }), ['node', 'openssl']],
    ['key type', (c) => ({ ...c, publicKey: { type: 'ed25519' } }), ['node', 'openssl']],
    ['spki', (c) => ({ ...c, spki: Buffer.from(c.spki.map((b, i) => (i === 30 ? b ^ 1 : b))) }), ['node']],
    ['one SAN dropped', (c) => withExt(c, { subjectAltName: c.extensions.subjectAltName!.slice(1) }), ['node', 'openssl']],
    [
      'IPv6 SAN value',
      (c) => withExt(c, { subjectAltName: c.extensions.subjectAltName!.map((n) => (n.type === 'ip' && n.value.includes(':') ? { ...n, value: '2001:db8::2' } : n)) }),
      ['node', 'openssl'],
    ],
    ['EKU', (c) => withExt(c, { extendedKeyUsage: ['serverAuth'] }), ['node', 'openssl']],
    ['EKU absent', (c) => withExt(c, { extendedKeyUsage: null }), ['node', 'openssl']],
    // Node's ca stays false here anyway: the leaf's keyUsage has no keyCertSign (X509_check_ca).
    ['basicConstraints cA', (c) => withExt(c, { basicConstraints: { ca: true, pathLen: null, critical: true } }), ['openssl']],
    ['keyCertSign with cA', (c) => withExt(c, { basicConstraints: { ca: true, pathLen: null, critical: true }, keyUsage: ['keyCertSign'] }), ['node', 'openssl']],
    ['basicConstraints critical', (c) => withExt(c, { basicConstraints: { ca: false, pathLen: null, critical: false } }), ['openssl']],
    ['keyUsage', (c) => withExt(c, { keyUsage: ['digitalSignature'] }), ['openssl']],
    ['subjectKeyIdentifier', (c) => withExt(c, { subjectKeyIdentifier: Buffer.alloc(20) }), ['openssl']],
    ['authorityKeyIdentifier', (c) => withExt(c, { authorityKeyIdentifier: { keyId: Buffer.alloc(20), issuer: [], serial: null } }), ['openssl']],
    ['policies', (c) => withExt(c, { policies: c.extensions.policies.map((p) => ({ ...p, cps: [] })) }), ['openssl']],
    ['CRL distribution points', (c) => withExt(c, { crlDistributionPoints: c.extensions.crlDistributionPoints.slice(0, 1) }), ['openssl']],
    ['OCSP', (c) => withExt(c, { authorityInfoAccess: { ocsp: [], caIssuers: c.extensions.authorityInfoAccess.caIssuers } }), ['node', 'openssl']],
    ['CA Issuers', (c) => withExt(c, { authorityInfoAccess: { ocsp: c.extensions.authorityInfoAccess.ocsp, caIssuers: ['http://x'] } }), ['node', 'openssl']],
    ['SCT count', (c) => withExt(c, { sctCount: 1 }), ['openssl']],
    ['name constraints present', (c) => withExt(c, { nameConstraints: { permitted: [], excluded: [], usesMinMax: false } }), ['openssl']],
    ['a critical flag', (c) => withExt(c, { all: c.extensions.all.map((e) => (e.oid === '1.3.6.1.4.1.55555.2' ? { ...e, critical: false } : e)) }), ['openssl']],
    ['an extension dropped', (c) => withExt(c, { all: c.extensions.all.filter((e) => e.oid !== '1.3.6.1.4.1.55555.1') }), ['openssl']],
    ['an unknown extension value', (c) => withExt(c, { all: c.extensions.all.map((e) => (e.oid === '1.3.6.1.4.1.55555.2' ? { ...e, value: Buffer.from('0c0568656c6c70', 'hex') } : e)) }), ['openssl']],
  ];

  it.each(mutations)('%s', async (_name, change, caughtBy) => {
    const { cert, x509, text } = await decoded('openssl ec-p256 leaf');
    // Unchanged, both pass …
    expectMatchesNode(cert, x509);
    expectMatchesOpenssl(cert, text);
    const wrong = change(cert);
    // … and the change is caught where it is visible.
    if (caughtBy.includes('node')) expect(() => expectMatchesNode(wrong, x509)).toThrow();
    if (caughtBy.includes('openssl')) expect(() => expectMatchesOpenssl(wrong, text)).toThrow();
  });

  it('name constraints: a changed IP range or DNS base is caught', async () => {
    const { cert, text } = await decoded('openssl ec-p256 root');
    expectMatchesOpenssl(cert, text);
    const nc = cert.extensions.nameConstraints!;
    const widened = { ...nc, permitted: nc.permitted.map((n) => (n.type === 'ip' && n.value === '10.0.0.0/8' ? { ...n, value: '10.0.0.0/7' } : n)) };
    expect(() => expectMatchesOpenssl(withExt(cert, { nameConstraints: widened }), text)).toThrow();
    const swapped = { ...nc, permitted: nc.excluded, excluded: nc.permitted };
    expect(() => expectMatchesOpenssl(withExt(cert, { nameConstraints: swapped }), text)).toThrow();
    expect(() => expectMatchesOpenssl(withExt(cert, { basicConstraints: { ...cert.extensions.basicConstraints!, pathLen: 1 } }), text)).toThrow();
  });
});
