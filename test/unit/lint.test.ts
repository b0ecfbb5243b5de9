import { spawnSync } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signCertificate, subjectNameDer, type NameAttribute } from '../../src/pki/certificate.js';
import {
  authorityKeyIdentifier,
  basicConstraints,
  extendedKeyUsage,
  keyIdentifier,
  keyUsage,
  subjectAltName,
  subjectKeyIdentifier,
  type Extension,
} from '../../src/pki/extensions.js';
import { parseSan } from '../../src/pki/san.js';
import { parseCertificate, type Certificate } from '../../src/x509/certificate.js';
import { decode } from '../../src/x509/decode.js';
import * as der from '../../src/x509/der.js';
import { lintCertificates, type LintFinding, type LintOptions, type Severity } from '../../src/x509/lint.js';
import { dnsNameProblem, LINT_RULES } from '../../src/x509/lint-rules.js';
import { OID } from '../../src/x509/oids.js';

// Every certificate here is made for real: with the openssl CLI (3.0) where it can make the
// broken form, with mtlskit's own certificate builder (and patched, re-signed DER) where it cannot.
// Dates come from the certificates themselves, so nothing depends on today's date.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let dir: string;
let fileCounter = 0;

function openssl(args: string[]): void {
  const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
}

type KeyKind = 'ec' | 'rsa1024' | 'rsa2048' | 'ed25519';
const KEY_ARGS: Record<KeyKind, string[]> = {
  ec: ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'],
  rsa1024: ['-newkey', 'rsa:1024'],
  rsa2048: ['-newkey', 'rsa:2048'],
  ed25519: ['-newkey', 'ed25519'],
};

interface Issued {
  cert: Certificate;
  certFile: string;
  keyFile: string;
  key: KeyObject;
}

interface MakeOptions {
  subj?: string;
  /** Extension config lines (openssl x509 -extfile); null = no extensions at all (a v1 certificate). */
  ext: string[] | null;
  key?: KeyKind;
  /** Signing certificate; omitted = self-signed. */
  signer?: Issued;
  days?: number;
  /** `-set_serial` value; default 16 random positive octets. */
  serial?: string;
  sha1?: boolean;
}

const randomSerial = () => {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return `0x${bytes.toString('hex')}`;
};

async function load(file: string): Promise<Certificate> {
  const decoded = await decode(fs.readFileSync(file));
  expect(decoded.certificates).toHaveLength(1);
  return decoded.certificates[0]!;
}

/** `openssl req -new` then `openssl x509 -req` with exactly the extensions given. */
async function make(options: MakeOptions): Promise<Issued> {
  const n = ++fileCounter;
  const keyFile = path.join(dir, `c${n}.key`);
  const csrFile = path.join(dir, `c${n}.csr`);
  const certFile = path.join(dir, `c${n}.crt`);
  openssl(['req', '-new', '-config', path.join(dir, 'req.cnf'), ...KEY_ARGS[options.key ?? 'ec'], '-nodes', '-keyout', keyFile, '-out', csrFile, '-subj', options.subj ?? `/CN=cert-${n}`]);
  const args = ['x509', '-req', '-in', csrFile, '-out', certFile, '-days', String(options.days ?? 365), '-set_serial', options.serial ?? randomSerial()];
  if (options.signer) args.push('-CA', options.signer.certFile, '-CAkey', options.signer.keyFile);
  else args.push('-signkey', keyFile);
  if (options.ext) {
    const extFile = path.join(dir, `c${n}.ext`);
    fs.writeFileSync(extFile, `${options.ext.join('\n')}\n`);
    args.push('-extfile', extFile);
  }
  if (options.sha1) args.push('-sha1');
  openssl(args);
  return { cert: await load(certFile), certFile, keyFile, key: createPrivateKey(fs.readFileSync(keyFile)) };
}

interface LeafExt {
  bc?: string | null;
  ku?: string | null;
  eku?: string | null;
  san?: string | null;
  /** true = hash, false = none, or the value itself. */
  ski?: boolean | string;
  aki?: boolean;
  extra?: string[];
}

/** Extension lines of a well-formed EC server leaf, with any part replaced or dropped (null). */
function leafExt(parts: LeafExt = {}): string[] {
  const { bc = 'critical,CA:FALSE', ku = 'critical,digitalSignature', eku = 'serverAuth', san = 'DNS:api.example.test,IP:127.0.0.1', ski = true, aki = true, extra = [] } = parts;
  return [
    ...(bc === null ? [] : [`basicConstraints=${bc}`]),
    ...(ku === null ? [] : [`keyUsage=${ku}`]),
    ...(eku === null ? [] : [`extendedKeyUsage=${eku}`]),
    ...(san === null ? [] : [`subjectAltName=${san}`]),
    // OpenSSL 3 adds both key identifiers unless told 'none'.
    ...extra,
    `subjectKeyIdentifier=${typeof ski === 'string' ? ski : ski ? 'hash' : 'none'}`,
    `authorityKeyIdentifier=${aki ? 'keyid' : 'none'}`,
  ];
}

interface CaExt {
  bc?: string;
  ku?: string | null;
  ski?: boolean;
}
function caExt({ bc = 'critical,CA:TRUE,pathlen:0', ku = 'critical,digitalSignature,keyCertSign,cRLSign', ski = true }: CaExt = {}): string[] {
  return [`basicConstraints=${bc}`, ...(ku === null ? [] : [`keyUsage=${ku}`]), `subjectKeyIdentifier=${ski ? 'hash' : 'none'}`, 'authorityKeyIdentifier=keyid'];
}

// The PKI every scenario hangs off: root → intermediate (pathlen:0) → leaves.
let root: Issued;
let intermediate: Issued;
let goodLeaf: Issued;

const leaf = (subj: string, parts: LeafExt = {}, more: Partial<MakeOptions> = {}) => make({ subj, ext: leafExt(parts), signer: intermediate, ...more });
const chainOf = (leafCert: Issued) => [leafCert.cert, intermediate.cert, root.cert];

/** A moment at which every certificate given is valid: an hour after the latest notBefore. */
const nowFor = (certs: readonly Certificate[]) => new Date(Math.max(...certs.map((c) => c.notBefore.getTime())) + HOUR);

// ---------------------------------------------------------------------------
// mtlskit's own builder, for the forms openssl will not make

async function build(options: {
  subject?: NameAttribute[];
  sans?: string[];
  sanCritical?: boolean;
  extensions?: (Extension | Buffer)[];
  signer?: Issued;
}): Promise<{ der: Buffer; signer: Issued }> {
  const signer = options.signer ?? intermediate;
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const subject = options.subject ?? [{ type: 'CN', value: 'built.example.test' }];
  const sans = (options.sans ?? ['built.example.test']).map(parseSan);
  const extensions = options.extensions ?? [
    basicConstraints(false),
    keyUsage(['digitalSignature']),
    extendedKeyUsage(['serverAuth']),
    subjectAltName(sans, options.sanCritical ?? subject.length === 0),
    subjectKeyIdentifier(keyIdentifier(spki)),
    authorityKeyIdentifier(signer.cert.extensions.subjectKeyIdentifier!),
  ];
  const now = Date.now();
  const certDer = await signCertificate(
    {
      serial: Buffer.from(randomSerial().slice(2), 'hex'),
      subject,
      issuerName: subjectNameDer(signer.cert.der),
      notBefore: new Date(now - HOUR),
      notAfter: new Date(now + 90 * DAY),
      subjectPublicKeyInfo: spki,
      extensions,
    },
    signer.key,
  );
  return { der: certDer, signer };
}

/** Replaces bytes inside the signed TBSCertificate and signs it again with the issuer's key. */
function resign(certDer: Buffer, patchTbs: (tbs: Buffer) => Buffer, signerKey: KeyObject): Buffer {
  const cert = parseCertificate(certDer);
  const headerLength = certDer[1]! < 0x80 ? 2 : 2 + (certDer[1]! & 0x7f);
  const rest = certDer.subarray(headerLength + cert.tbs.length);
  const algorithm = rest.subarray(0, 2 + rest[1]!);
  const tbs = patchTbs(Buffer.from(cert.tbs));
  return der.sequenceOf(tbs, algorithm, der.toDer(der.bitString(sign('sha256', tbs, signerKey))));
}

function replaceOnce(buffer: Buffer, from: Buffer, to: Buffer, last = false): Buffer {
  const at = last ? buffer.lastIndexOf(from) : buffer.indexOf(from);
  expect(at).toBeGreaterThanOrEqual(0);
  expect(to.length).toBe(from.length);
  const out = Buffer.from(buffer);
  to.copy(out, at);
  return out;
}

// ---------------------------------------------------------------------------

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtlskit-lint-'));
  fs.writeFileSync(path.join(dir, 'req.cnf'), '[req]\ndistinguished_name = dn\n[dn]\n');
  root = await make({ subj: '/CN=Lint Test Root', days: 3650, ext: ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign', 'subjectKeyIdentifier=hash'] });
  intermediate = await make({ subj: '/CN=Lint Test Intermediate', days: 1825, signer: root, ext: caExt() });
  goodLeaf = await leaf('/CN=api.example.test');
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

interface Scenario {
  certs: Certificate[];
  /** The certificate the rule is about. */
  target: Certificate;
  purpose?: LintOptions['purpose'];
  now?: Date;
  /** How many findings of the rule the target should get (default: at least one). */
  count?: number;
}

const run = (s: Scenario): LintFinding[] => lintCertificates(s.certs, { now: s.now ?? nowFor(s.certs), ...(s.purpose ? { purpose: s.purpose } : {}) });
const good = (): Scenario => ({ certs: chainOf(goodLeaf), target: goodLeaf.cert });
const inChain = (issued: Issued, extra: Partial<Scenario> = {}): Scenario => ({ certs: chainOf(issued), target: issued.cert, ...extra });
const asIntermediate = (ca: Issued): Scenario => ({ certs: [ca.cert, root.cert], target: ca.cert });

interface RuleCase {
  rule: string;
  severity: Severity;
  broken: () => Promise<Scenario>;
  kept: () => Promise<Scenario>;
}

const spiffeExt = (parts: LeafExt = {}) => ({ eku: 'serverAuth,clientAuth', san: 'URI:spiffe://example.test/ns/default/sa/worker', ...parts });

const CASES: RuleCase[] = [
  {
    rule: 'client-auth-eku-missing',
    severity: 'error',
    broken: async () => ({ ...good(), purpose: 'client' }),
    kept: async () => inChain(await leaf('/CN=api-client', { eku: 'clientAuth', san: null }), { purpose: 'client' }),
  },
  {
    rule: 'client-auth-eku-missing-workload',
    severity: 'warning',
    broken: async () => inChain(await leaf('/CN=alice', { eku: 'emailProtection', san: 'email:alice@example.test' })),
    kept: async () => inChain(await leaf('/CN=alice', { eku: 'clientAuth,emailProtection', san: 'email:alice@example.test' })),
  },
  {
    rule: 'server-auth-eku-missing',
    severity: 'error',
    broken: async () => inChain(await leaf('/CN=api.example.test', { eku: 'clientAuth', san: 'DNS:api.example.test' }), { purpose: 'server' }),
    kept: async () => ({ ...good(), purpose: 'server' }),
  },
  {
    rule: 'server-auth-eku-missing-inferred',
    severity: 'info',
    broken: async () => inChain(await leaf('/CN=api.example.test', { eku: 'clientAuth', san: 'DNS:api.example.test' })),
    kept: async () => inChain(await leaf('/CN=api.example.test', { eku: 'serverAuth,clientAuth', san: 'DNS:api.example.test' })),
  },
  {
    rule: 'any-extended-key-usage',
    severity: 'info',
    broken: async () => inChain(await leaf('/CN=api.example.test', { eku: 'anyExtendedKeyUsage', san: 'DNS:api.example.test' })),
    kept: async () => good(),
  },
  {
    rule: 'san-missing',
    severity: 'error',
    broken: async () => inChain(await leaf('/CN=api.example.test', { san: null })),
    kept: async () => good(),
  },
  {
    rule: 'cn-not-in-san',
    severity: 'warning',
    broken: async () => inChain(await leaf('/CN=api.example.test', { san: 'DNS:localhost,IP:127.0.0.1' })),
    // A bare label as CN (what `mtlskit cert create api localhost` writes) is a service name, not a host.
    kept: async () => inChain(await leaf('/CN=api', { san: 'DNS:localhost,IP:127.0.0.1' })),
  },
  {
    rule: 'san-not-critical-with-empty-subject',
    severity: 'error',
    broken: async () => {
      const built = await build({ subject: [], sans: ['spiffe://example.test/w'], sanCritical: false });
      const cert = parseCertificate(built.der);
      return { certs: [cert, intermediate.cert, root.cert], target: cert };
    },
    kept: async () => {
      const built = await build({ subject: [], sans: ['spiffe://example.test/w'], sanCritical: true });
      const cert = parseCertificate(built.der);
      return { certs: [cert, intermediate.cert, root.cert], target: cert };
    },
  },
  {
    rule: 'dns-san-invalid',
    severity: 'warning',
    broken: async () => ({
      ...inChain(await leaf('/CN=odd', { san: `DNS:bad host,DNS:a..example.test,DNS:*.*.example.test,DNS:f*.example.test,DNS:127.0.0.1,DNS:${'a'.repeat(64)}.example.test,DNS:*.test` })),
      count: 7,
    }),
    kept: async () => inChain(await leaf('/CN=api-1.internal', { san: 'DNS:api-1.internal,DNS:*.svc.example.test,DNS:localhost,DNS:_acme.example.test' })),
  },
  {
    rule: 'key-encipherment-non-rsa',
    severity: 'warning',
    broken: async () => inChain(await leaf('/CN=api.example.test', { ku: 'critical,digitalSignature,keyEncipherment' })),
    kept: async () => inChain(await leaf('/CN=api.example.test', { ku: 'critical,digitalSignature,keyEncipherment' }, { key: 'rsa2048' })),
  },
  {
    rule: 'digital-signature-missing',
    severity: 'error',
    broken: async () => inChain(await leaf('/CN=api.example.test', { ku: 'critical,keyAgreement' })),
    kept: async () => inChain(await leaf('/CN=api.example.test', { ku: 'critical,digitalSignature' }, { key: 'ed25519' })),
  },
  {
    rule: 'issuer-not-ca',
    severity: 'error',
    broken: async () => {
      const notCa = await leaf('/CN=not-a-ca.example.test', { san: 'DNS:not-a-ca.example.test' });
      const below = await make({ subj: '/CN=below.example.test', ext: leafExt({ san: 'DNS:below.example.test' }), signer: notCa });
      return { certs: [below.cert, notCa.cert, intermediate.cert, root.cert], target: notCa.cert };
    },
    kept: async () => good(),
  },
  {
    rule: 'ca-basic-constraints-not-critical',
    severity: 'error',
    broken: async () => asIntermediate(await make({ subj: '/CN=Lax CA', signer: root, ext: caExt({ bc: 'CA:TRUE,pathlen:0' }) })),
    kept: async () => asIntermediate(intermediate),
  },
  {
    rule: 'ca-key-usage-missing',
    severity: 'warning',
    broken: async () => asIntermediate(await make({ subj: '/CN=No KU CA', signer: root, ext: caExt({ ku: null }) })),
    kept: async () => asIntermediate(intermediate),
  },
  {
    rule: 'ca-key-cert-sign-missing',
    severity: 'error',
    broken: async () => asIntermediate(await make({ subj: '/CN=No CertSign CA', signer: root, ext: caExt({ bc: 'critical,CA:TRUE', ku: 'critical,digitalSignature,cRLSign' }) })),
    kept: async () => asIntermediate(intermediate),
  },
  {
    rule: 'leaf-is-ca',
    severity: 'error',
    broken: async () => inChain(await leaf('/CN=api.example.test', { bc: 'critical,CA:TRUE' })),
    kept: async () => good(),
  },
  {
    rule: 'path-len-exceeded',
    severity: 'error',
    broken: async () => {
      // intermediate has pathlen:0, yet another CA sits below it.
      const sub = await make({ subj: '/CN=Sub CA', signer: intermediate, ext: caExt({ bc: 'critical,CA:TRUE' }) });
      const bottom = await make({ subj: '/CN=deep.example.test', signer: sub, ext: leafExt({ san: 'DNS:deep.example.test' }) });
      return { certs: [bottom.cert, sub.cert, intermediate.cert, root.cert], target: intermediate.cert };
    },
    kept: async () => {
      const wide = await make({ subj: '/CN=Wide CA', signer: root, ext: caExt({ bc: 'critical,CA:TRUE,pathlen:1' }) });
      const sub = await make({ subj: '/CN=Sub CA 2', signer: wide, ext: caExt() });
      const bottom = await make({ subj: '/CN=deep.example.test', signer: sub, ext: leafExt({ san: 'DNS:deep.example.test' }) });
      return { certs: [bottom.cert, sub.cert, wide.cert, root.cert], target: wide.cert };
    },
  },
  {
    rule: 'path-len-without-ca',
    severity: 'error',
    broken: async () => inChain(await leaf('/CN=api.example.test', { bc: 'critical,CA:FALSE,pathlen:0' })),
    kept: async () => asIntermediate(intermediate),
  },
  {
    rule: 'expired',
    severity: 'error',
    broken: async () => ({ ...good(), now: new Date(goodLeaf.cert.notAfter.getTime() + DAY) }),
    kept: async () => ({ ...good(), now: new Date(goodLeaf.cert.notAfter.getTime() - 40 * DAY) }),
  },
  {
    rule: 'not-yet-valid',
    severity: 'error',
    broken: async () => ({ ...good(), now: new Date(goodLeaf.cert.notBefore.getTime() - DAY) }),
    kept: async () => good(),
  },
  {
    rule: 'expiring-soon',
    severity: 'warning',
    broken: async () => ({ ...good(), now: new Date(goodLeaf.cert.notAfter.getTime() - 10 * DAY) }),
    kept: async () => ({ ...good(), now: new Date(goodLeaf.cert.notAfter.getTime() - 40 * DAY) }),
  },
  {
    rule: 'validity-too-long',
    severity: 'warning',
    broken: async () => inChain(await leaf('/CN=api.example.test', {}, { days: 800 })),
    kept: async () => inChain(await leaf('/CN=api.example.test', {}, { days: 397 })),
  },
  {
    rule: 'serial-not-positive',
    severity: 'error',
    broken: async () => inChain(await leaf('/CN=api.example.test', {}, { serial: '-5' })),
    kept: async () => good(),
  },
  {
    rule: 'serial-too-long',
    severity: 'error',
    broken: async () => inChain(await leaf('/CN=api.example.test', {}, { serial: `0x01${'ab'.repeat(20)}` })),
    // 20 octets whose top bit is set: 21 octets encoded with the sign octet, still 20 of value.
    kept: async () => inChain(await leaf('/CN=api.example.test', {}, { serial: `0x${'ff'.repeat(20)}` })),
  },
  {
    rule: 'rsa-key-too-small',
    severity: 'error',
    broken: async () => inChain(await leaf('/CN=api.example.test', { ku: 'critical,digitalSignature,keyEncipherment' }, { key: 'rsa1024' })),
    kept: async () => inChain(await leaf('/CN=api.example.test', { ku: 'critical,digitalSignature,keyEncipherment' }, { key: 'rsa2048' })),
  },
  {
    rule: 'signature-hash-weak',
    severity: 'error',
    broken: async () => inChain(await leaf('/CN=api.example.test', {}, { sha1: true })),
    kept: async () => good(),
  },
  {
    rule: 'root-signature-hash-weak',
    severity: 'info',
    broken: async () => {
      const old = await make({ subj: '/CN=Old SHA-1 Root', days: 3650, sha1: true, ext: ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign', 'subjectKeyIdentifier=hash'] });
      return { certs: [old.cert], target: old.cert };
    },
    kept: async () => ({ certs: [root.cert], target: root.cert }),
  },
  {
    rule: 'signature-algorithm-mismatch',
    severity: 'error',
    broken: async () => {
      const built = await build({});
      // Outer AlgorithmIdentifier ecdsa-with-SHA256 → ecdsa-with-SHA384; the signed inner one stays.
      const patched = replaceOnce(built.der, Buffer.from('2a8648ce3d040302', 'hex'), Buffer.from('2a8648ce3d040303', 'hex'), true);
      const cert = parseCertificate(patched);
      return { certs: [cert, intermediate.cert, root.cert], target: cert };
    },
    kept: async () => {
      const cert = parseCertificate((await build({})).der);
      return { certs: [cert, intermediate.cert, root.cert], target: cert };
    },
  },
  {
    rule: 'ca-ski-missing',
    severity: 'warning',
    broken: async () => asIntermediate(await make({ subj: '/CN=No SKI CA', signer: root, ext: caExt({ ski: false }) })),
    kept: async () => asIntermediate(intermediate),
  },
  {
    rule: 'leaf-ski-missing',
    severity: 'info',
    broken: async () => inChain(await leaf('/CN=api.example.test', { ski: false })),
    kept: async () => good(),
  },
  {
    rule: 'aki-missing',
    severity: 'warning',
    broken: async () => inChain(await leaf('/CN=api.example.test', { aki: false })),
    // The root has no AKI either, which is fine for a self-signed certificate.
    kept: async () => good(),
  },
  {
    rule: 'duplicate-extension',
    severity: 'error',
    broken: async () => {
      const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const spki = publicKey.export({ type: 'spki', format: 'der' });
      const san = subjectAltName([parseSan('dup.example.test')], false);
      const built = await build({
        subject: [{ type: 'CN', value: 'dup.example.test' }],
        extensions: [
          basicConstraints(false),
          keyUsage(['digitalSignature']),
          extendedKeyUsage(['serverAuth']),
          san,
          subjectAltName([parseSan('other.example.test')], false),
          subjectKeyIdentifier(keyIdentifier(spki)),
          authorityKeyIdentifier(intermediate.cert.extensions.subjectKeyIdentifier!),
        ],
      });
      const cert = parseCertificate(built.der);
      return { certs: [cert, intermediate.cert, root.cert], target: cert };
    },
    kept: async () => {
      const cert = parseCertificate((await build({})).der);
      return { certs: [cert, intermediate.cert, root.cert], target: cert };
    },
  },
  {
    rule: 'unknown-critical-extension',
    severity: 'error',
    broken: async () => ({ ...inChain(await leaf('/CN=api.example.test', { ski: 'critical,hash', extra: ['1.2.3.4=critical,DER:0500'] })), count: 2 }),
    // OpenSSL handles a critical cRLDistributionPoints, so it is not "unknown".
    kept: async () => inChain(await leaf('/CN=api.example.test', { extra: ['crlDistributionPoints=critical,URI:http://crl.example.test/int.crl'] })),
  },
  {
    rule: 'extension-unparseable',
    severity: 'error',
    broken: async () => {
      const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const spki = publicKey.export({ type: 'spki', format: 'der' });
      const built = await build({
        extensions: [
          basicConstraints(false),
          // keyUsage must be a BIT STRING; an INTEGER does not decode.
          { oid: OID.keyUsage, critical: true, value: der.smallInteger(5) },
          extendedKeyUsage(['serverAuth']),
          subjectAltName([parseSan('built.example.test')], false),
          subjectKeyIdentifier(keyIdentifier(spki)),
          authorityKeyIdentifier(intermediate.cert.extensions.subjectKeyIdentifier!),
        ],
      });
      const cert = parseCertificate(built.der);
      return { certs: [cert, intermediate.cert, root.cert], target: cert };
    },
    kept: async () => {
      const cert = parseCertificate((await build({})).der);
      return { certs: [cert, intermediate.cert, root.cert], target: cert };
    },
  },
  {
    rule: 'extensions-on-non-v3',
    severity: 'error',
    broken: async () => {
      const built = await build({});
      // [0] EXPLICIT INTEGER 2 (v3) → 0 (v1), extensions kept, signed again.
      const v1 = resign(built.der, (tbs) => replaceOnce(tbs, Buffer.from('a003020102', 'hex'), Buffer.from('a003020100', 'hex')), intermediate.key);
      const cert = parseCertificate(v1);
      expect(cert.version).toBe(1);
      return { certs: [cert, intermediate.cert, root.cert], target: cert };
    },
    kept: async () => {
      // openssl x509 -req without extensions makes a plain v1 certificate.
      const plain = await make({ subj: '/CN=v1.example.test', ext: null, signer: intermediate });
      expect(plain.cert.version).toBe(1);
      return inChain(plain);
    },
  },
  {
    rule: 'spiffe-uri-san-count',
    severity: 'error',
    broken: async () => inChain(await leaf('/CN=worker', spiffeExt({ san: 'URI:spiffe://example.test/a,URI:spiffe://example.test/b' }))),
    kept: async () => inChain(await leaf('/CN=worker', spiffeExt({ san: 'URI:spiffe://example.test/ns/default/sa/worker,DNS:worker.example.test' }))),
  },
  {
    rule: 'spiffe-svid-is-ca',
    severity: 'error',
    broken: async () => inChain(await leaf('/CN=worker', spiffeExt({ bc: 'critical,CA:TRUE' }))),
    kept: async () => inChain(await leaf('/CN=worker', spiffeExt())),
  },
  {
    rule: 'spiffe-digital-signature-missing',
    severity: 'error',
    broken: async () => inChain(await leaf('/CN=worker', spiffeExt({ ku: null }))),
    kept: async () => inChain(await leaf('/CN=worker', spiffeExt())),
  },
];

describe('lint rules, each both ways', () => {
  it('every rule has a case, and every case a rule', () => {
    expect(CASES.map((c) => c.rule).sort()).toEqual(LINT_RULES.map((r) => r.id).sort());
  });

  for (const c of CASES) {
    it(`${c.rule} fires (${c.severity}) on a certificate that breaks it`, async () => {
      const scenario = await c.broken();
      const findings = run(scenario).filter((f) => f.rule === c.rule);
      const onTarget = findings.filter((f) => f.fingerprintSha256 === scenario.target.fingerprintSha256);
      if (scenario.count === undefined) expect(onTarget.length).toBeGreaterThanOrEqual(1);
      else expect(onTarget).toHaveLength(scenario.count);
      for (const finding of onTarget) {
        expect(finding.severity).toBe(c.severity);
        expect(finding.certificate).toBe(scenario.target.subject.display || '(empty subject)');
        expect(finding.message).toContain(scenario.target.subject.display ? `'${scenario.target.subject.display}'` : 'empty subject');
        expect(finding.message).not.toMatch(/undefined|null|\[object/);
      }
    });

    it(`${c.rule} is silent on a certificate that keeps it`, async () => {
      const scenario = await c.kept();
      expect(run(scenario).filter((f) => f.rule === c.rule)).toEqual([]);
    });
  }
});

describe('lint rules, details', () => {
  it('client-auth-eku-missing applies to peers too, and suggests the profile that fixes it', async () => {
    const findings = run({ ...good(), purpose: 'peer' });
    const finding = findings.find((f) => f.rule === 'client-auth-eku-missing');
    expect(finding?.message).toMatch(/lists serverAuth and not clientAuth/);
    expect(finding?.message).toContain('`mtlskit cert create api.example.test api.example.test 127.0.0.1 --profile peer`');
  });

  it('names without a purpose: a client certificate is neither a server nor a workload', async () => {
    const client = await leaf('/CN=api-client', { eku: 'clientAuth', san: null });
    const rules = run(inChain(client)).map((f) => f.rule);
    expect(rules).not.toContain('san-missing');
    expect(rules).not.toContain('client-auth-eku-missing-workload');
    expect(rules).not.toContain('server-auth-eku-missing-inferred');
  });

  it('san-missing infers a server from a host-like CN when there is no EKU, and not from a user name', async () => {
    const host = await leaf('/CN=db.example.test', { eku: null, san: null });
    const user = await leaf('/CN=alice', { eku: null, san: null });
    expect(run(inChain(host)).map((f) => f.rule)).toContain('san-missing');
    expect(run(inChain(user)).map((f) => f.rule)).not.toContain('san-missing');
    expect(run({ ...inChain(user), purpose: 'server' }).map((f) => f.rule)).toContain('san-missing');
  });

  it('dns-san-invalid explains each name and what to write instead', async () => {
    expect(dnsNameProblem('bad host')?.problem).toMatch(/white space/);
    expect(dnsNameProblem('a..b.test')?.problem).toMatch(/empty label/);
    expect(dnsNameProblem('*.*.x.test')?.problem).toMatch(/not the left-most label/);
    expect(dnsNameProblem('f*.x.test')?.problem).toMatch(/partial wildcard 'f\*'/);
    expect(dnsNameProblem(`${'a'.repeat(64)}.test`)?.problem).toMatch(/64 characters/);
    expect(dnsNameProblem('10.0.0.1')?.fix).toBe('the address as IP:10.0.0.1');
    expect(dnsNameProblem('*.test')?.problem).toMatch(/single label/);
    expect(dnsNameProblem('-x.test')?.problem).toMatch(/hyphen/);
    expect(dnsNameProblem('bücher.example')?.fix).toMatch(/punycode/);
    for (const ok of ['localhost', 'api.example.test', '*.svc.cluster.local', 'xn--bcher-kva.example', '_srv.example.test']) expect(dnsNameProblem(ok)).toBeNull();
    const ipAsDns = await leaf('/CN=ip', { san: 'DNS:127.0.0.1' });
    expect(run(inChain(ipAsDns)).find((f) => f.rule === 'dns-san-invalid')?.message).toBe(
      "'CN=ip' has the DNS SAN '127.0.0.1', which is an IP address, and clients compare IP addresses only with IP SANs, so clients never match it; re-issue the certificate with the address as IP:127.0.0.1",
    );
  });

  it('path-len-without-ca also fires on a CA whose key usage lacks keyCertSign', async () => {
    const ca = await make({ subj: '/CN=Odd CA', signer: root, ext: caExt({ bc: 'critical,CA:TRUE,pathlen:0', ku: 'critical,digitalSignature,cRLSign' }) });
    const finding = run(asIntermediate(ca)).find((f) => f.rule === 'path-len-without-ca');
    expect(finding?.message).toMatch(/lacks keyCertSign/);
  });

  it('serial-not-positive fires on a zero serial too', async () => {
    const zero = await leaf('/CN=api.example.test', {}, { serial: '0' });
    expect(run(inChain(zero)).find((f) => f.rule === 'serial-not-positive')?.message).toMatch(/serial number 0,/);
  });

  it('a SHA-1 self-signed root is info only, never signature-hash-weak', async () => {
    const old = await make({ subj: '/CN=Old Root', days: 3650, sha1: true, ext: ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign', 'subjectKeyIdentifier=hash'] });
    const rules = run({ certs: [old.cert], target: old.cert }).map((f) => f.rule);
    expect(rules).toContain('root-signature-hash-weak');
    expect(rules).not.toContain('signature-hash-weak');
  });

  it('validity-too-long concerns serverAuth leaves only', async () => {
    const client = await leaf('/CN=api-client', { eku: 'clientAuth', san: null }, { days: 800 });
    expect(run(inChain(client)).map((f) => f.rule)).not.toContain('validity-too-long');
  });

  it('a self-signed development certificate with CA:TRUE and a SAN is not flagged as a leaf issued as a CA', async () => {
    const dev = await make({ subj: '/CN=localhost', ext: ['basicConstraints=critical,CA:TRUE', 'subjectAltName=DNS:localhost', 'subjectKeyIdentifier=hash'] });
    const rules = run({ certs: [dev.cert], target: dev.cert }).map((f) => f.rule);
    expect(rules).not.toContain('leaf-is-ca');
    expect(rules).not.toContain('aki-missing');
  });
});

describe('lint engine', () => {
  it('a well-formed root → intermediate → server chain, as mtlskit makes it, has no findings', async () => {
    const findings = run(good());
    expect(findings).toEqual([]);
    expect(run({ ...good(), purpose: 'server' })).toEqual([]);
    const peer = await leaf('/CN=api.example.test', { eku: 'serverAuth,clientAuth' });
    expect(run({ ...inChain(peer), purpose: 'peer' })).toEqual([]);
    const spiffe = await leaf('/CN=worker', spiffeExt());
    expect(run({ ...inChain(spiffe), purpose: 'peer' }).filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it('orders certificates into chains whatever the input order, and reports by chain position then rule order', async () => {
    const bad = await make({ subj: '/CN=Lax CA 2', signer: root, ext: caExt({ bc: 'CA:TRUE,pathlen:0', ku: null }) });
    const bottom = await make({ subj: '/CN=api.example.test', signer: bad, ext: leafExt({ san: 'DNS:localhost', ski: false }) });
    const findings = lintCertificates([root.cert, bad.cert, bottom.cert], { now: nowFor([root.cert, bad.cert, bottom.cert]) });
    const position = (f: LintFinding) => [bottom.cert, bad.cert, root.cert].findIndex((c) => c.fingerprintSha256 === f.fingerprintSha256);
    const ruleIndex = (f: LintFinding) => LINT_RULES.findIndex((r) => r.id === f.rule);
    expect(findings.map((f) => [position(f), f.rule])).toEqual([
      [0, 'cn-not-in-san'],
      [0, 'leaf-ski-missing'],
      [1, 'ca-basic-constraints-not-critical'],
      [1, 'ca-key-usage-missing'],
    ]);
    const keys = findings.map((f) => position(f) * 1000 + ruleIndex(f));
    expect(keys).toEqual([...keys].sort((a, b) => a - b));
  });

  it('lints a certificate shared by two chains once', async () => {
    const lax = await make({ subj: '/CN=Shared Lax CA', signer: root, ext: caExt({ bc: 'CA:TRUE,pathlen:0' }) });
    const a = await make({ subj: '/CN=a.example.test', signer: lax, ext: leafExt({ san: 'DNS:a.example.test' }) });
    const b = await make({ subj: '/CN=b.example.test', signer: lax, ext: leafExt({ san: 'DNS:b.example.test' }) });
    const certs = [a.cert, b.cert, lax.cert, root.cert];
    const findings = lintCertificates(certs, { now: nowFor(certs) });
    expect(findings.filter((f) => f.rule === 'ca-basic-constraints-not-critical')).toHaveLength(1);
    expect(findings.filter((f) => f.rule === 'expiring-soon')).toHaveLength(0);
    // Duplicates in the input are linted once as well.
    const expired = lintCertificates([a.cert, a.cert], { now: new Date(a.cert.notAfter.getTime() + DAY) });
    expect(expired.filter((f) => f.rule === 'expired')).toHaveLength(1);
  });

  it('reports an empty subject as (empty subject)', async () => {
    const built = await build({ subject: [], sans: ['spiffe://example.test/w'], sanCritical: false });
    const cert = parseCertificate(built.der);
    const finding = lintCertificates([cert], { now: nowFor([cert]) }).find((f) => f.rule === 'san-not-critical-with-empty-subject');
    expect(finding?.certificate).toBe('(empty subject)');
    expect(finding?.message).toContain('the certificate with an empty subject (URI:spiffe://example.test/w)');
  });

  it('uses the given clock, not the system one', () => {
    const before = lintCertificates([goodLeaf.cert], { now: new Date(goodLeaf.cert.notBefore.getTime() - DAY) }).map((f) => f.rule);
    expect(before).toContain('not-yet-valid');
    const after = lintCertificates([goodLeaf.cert], { now: new Date(goodLeaf.cert.notAfter.getTime() + 1000) }).map((f) => f.rule);
    expect(after).toContain('expired');
    expect(after).not.toContain('not-yet-valid');
  });

  it('rules are data: unique kebab-case ids, a severity, a rationale and a reference each', () => {
    const ids = LINT_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(24);
    for (const rule of LINT_RULES) {
      expect(rule.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(['error', 'warning', 'info']).toContain(rule.severity);
      expect(rule.rationale.length).toBeGreaterThan(20);
      expect(rule.reference.length).toBeGreaterThan(3);
    }
  });
});

describe('README', () => {
  it('the "Lint rules" table lists exactly the ids of LINT_RULES, in order, with their severities', () => {
    const readme = fs.readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
    const start = readme.indexOf('\n## Lint rules\n');
    expect(start).toBeGreaterThanOrEqual(0);
    const section = readme.slice(start + 1).split(/\n## /)[0]!;
    const rows = section
      .split('\n')
      .filter((line) => /^\|\s*`[^`]+`\s*\|/.test(line))
      .map((line) => line.split('|').map((cell) => cell.trim()));
    expect(rows.map((cells) => cells[1]!.replace(/`/g, ''))).toEqual(LINT_RULES.map((r) => r.id));
    expect(rows.map((cells) => cells[2])).toEqual(LINT_RULES.map((r) => r.severity));
    for (const cells of rows) expect(cells[3]!.length).toBeGreaterThan(20);
  });
});
