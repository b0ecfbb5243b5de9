import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CsrError, parseCsr } from '../../src/pki/csr.js';

// ---------------------------------------------------------------------------
// Fixtures made with the real openssl CLI

let dir = '';

function openssl(...args: string[]): Buffer {
  return execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
}

function file(name: string): string {
  return path.join(dir, name);
}

const SUBJECT = '/CN=svc/O=Acme';
const SAN_EXT = 'subjectAltName=DNS:svc.local,IP:10.0.0.1,IP:::1,URI:spiffe://td/ns/a,email:a@b.c';
const EXPECTED_SANS = [
  { type: 'dns', value: 'svc.local' },
  { type: 'ip', value: '10.0.0.1' },
  { type: 'ip', value: '::1' },
  { type: 'uri', value: 'spiffe://td/ns/a' },
  { type: 'email', value: 'a@b.c' },
];
// SEQUENCE { SET { CN UTF8String "svc" }, SET { O UTF8String "Acme" } }
const EXPECTED_SUBJECT_DER = '301d310c300a06035504030c03737663310d300b060355040a0c0441636d65';

interface KeySpec {
  label: string;
  genpkey: string[];
  digest: string[];
  keyType: string;
  sigName: string;
  sigOid: string;
}

const KEYS: KeySpec[] = [
  {
    label: 'RSA-2048',
    genpkey: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
    digest: [],
    keyType: 'rsa',
    sigName: 'sha256WithRSAEncryption',
    sigOid: '1.2.840.113549.1.1.11',
  },
  {
    label: 'RSA-PSS',
    genpkey: ['-algorithm', 'RSA-PSS', '-pkeyopt', 'rsa_keygen_bits:2048'],
    digest: [],
    keyType: 'rsa-pss',
    sigName: 'RSASSA-PSS',
    sigOid: '1.2.840.113549.1.1.10',
  },
  {
    label: 'EC P-256',
    genpkey: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
    digest: ['-sha256'],
    keyType: 'ec',
    sigName: 'ecdsa-with-SHA256',
    sigOid: '1.2.840.10045.4.3.2',
  },
  {
    label: 'EC P-384',
    genpkey: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'],
    digest: ['-sha384'],
    keyType: 'ec',
    sigName: 'ecdsa-with-SHA384',
    sigOid: '1.2.840.10045.4.3.3',
  },
  {
    label: 'EC P-521',
    genpkey: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-521'],
    digest: ['-sha512'],
    keyType: 'ec',
    sigName: 'ecdsa-with-SHA512',
    sigOid: '1.2.840.10045.4.3.4',
  },
  {
    label: 'Ed25519',
    genpkey: ['-algorithm', 'ED25519'],
    digest: [],
    keyType: 'ed25519',
    sigName: 'Ed25519',
    sigOid: '1.3.101.112',
  },
  {
    label: 'Ed448',
    genpkey: ['-algorithm', 'ED448'],
    digest: [],
    keyType: 'ed448',
    sigName: 'Ed448',
    sigOid: '1.3.101.113',
  },
];

interface Fixture {
  keyFile: string;
  pem: Buffer;
  der: Buffer;
  spki: Buffer;
}

const fixtures = new Map<string, Fixture>();

function fixture(label: string): Fixture {
  const f = fixtures.get(label);
  if (!f) throw new Error(`no fixture ${label}`);
  return f;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtlskit-csr-'));
  KEYS.forEach((spec, i) => {
    const keyFile = file(`k${i}.pem`);
    const csrFile = file(`r${i}.csr`);
    openssl('genpkey', ...spec.genpkey, '-out', keyFile);
    openssl('req', '-new', '-key', keyFile, ...spec.digest, '-subj', SUBJECT, '-addext', SAN_EXT, '-out', csrFile);
    fixtures.set(spec.label, {
      keyFile,
      pem: fs.readFileSync(csrFile),
      der: openssl('req', '-in', csrFile, '-outform', 'DER'),
      spki: openssl('pkey', '-in', keyFile, '-pubout', '-outform', 'DER'),
    });
  });
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** The CsrError reason for an input, 'parsed' if it parses; any other exception fails the test. */
function reasonOf(input: unknown): string {
  try {
    parseCsr(input as Buffer);
  } catch (err) {
    if (err instanceof CsrError) return err.reason;
    throw err;
  }
  return 'parsed';
}

function flipped(buf: Buffer, index: number, mask = 0x01): Buffer {
  const copy = Buffer.from(buf);
  copy[index] ^= mask;
  return copy;
}

// ---------------------------------------------------------------------------

describe.each(KEYS)('parseCsr with an openssl $label CSR', (spec) => {
  it('parses the PEM form', () => {
    const { pem, spki } = fixture(spec.label);
    const csr = parseCsr(pem);
    expect(csr.subject).toBe('CN=svc, O=Acme');
    expect(csr.commonName).toBe('svc');
    expect(csr.subjectDer.toString('hex')).toBe(EXPECTED_SUBJECT_DER);
    expect(csr.sans).toEqual(EXPECTED_SANS);
    expect(csr.spkiDer.equals(spki)).toBe(true);
    expect(csr.publicKey.type).toBe('public');
    expect(csr.publicKey.asymmetricKeyType).toBe(spec.keyType);
    expect(csr.publicKey.export({ type: 'spki', format: 'der' }).equals(spki)).toBe(true);
    expect(csr.signatureAlgorithm).toEqual({ oid: spec.sigOid, name: spec.sigName });
  });

  it('parses the DER form identically', () => {
    const { pem, der } = fixture(spec.label);
    expect(der[0]).toBe(0x30);
    const fromDer = parseCsr(der);
    const fromPem = parseCsr(pem);
    expect(fromDer.subject).toBe('CN=svc, O=Acme');
    expect(fromDer.sans).toEqual(EXPECTED_SANS);
    expect(fromDer.subjectDer.equals(fromPem.subjectDer)).toBe(true);
    expect(fromDer.spkiDer.equals(fromPem.spkiDer)).toBe(true);
    expect(fromDer.signatureAlgorithm).toEqual(fromPem.signatureAlgorithm);
  });

  it('rejects a flipped byte in the signature as bad-signature', () => {
    const { der } = fixture(spec.label);
    expect(reasonOf(flipped(der, der.length - 1))).toBe('bad-signature');
    expect(reasonOf(flipped(der, der.length - 9, 0x40))).toBe('bad-signature');
  });

  it('rejects a flipped byte in the subject CN as bad-signature', () => {
    const { der } = fixture(spec.label);
    const cn = der.indexOf(Buffer.from('0c03737663', 'hex')); // UTF8String "svc"
    expect(cn).toBeGreaterThan(0);
    const tampered = flipped(der, cn + 2); // 's' -> 'r'
    expect(reasonOf(tampered)).toBe('bad-signature');
  });

  it('rejects truncated DER as malformed', () => {
    const { der } = fixture(spec.label);
    for (const length of [1, 2, 10, der.length >> 1, der.length - 1]) {
      expect(reasonOf(der.subarray(0, length))).toBe('malformed');
    }
  });
});

describe('parseCsr input handling', () => {
  it('accepts PEM with CRLF line endings and text around the block', () => {
    const { pem } = fixture('EC P-256');
    const crlf = Buffer.from(`Request for svc\r\n\r\n${pem.toString('latin1').replace(/\n/g, '\r\n')}\r\ntrailing notes\r\n`);
    expect(crlf.includes('\r\n-----END CERTIFICATE REQUEST-----')).toBe(true);
    const csr = parseCsr(crlf);
    expect(csr.subject).toBe('CN=svc, O=Acme');
    expect(csr.sans).toEqual(EXPECTED_SANS);
  });

  it("accepts the 'NEW CERTIFICATE REQUEST' PEM label (openssl req -newhdr)", () => {
    const { keyFile } = fixture('Ed25519');
    const pem = openssl('req', '-new', '-newhdr', '-key', keyFile, '-subj', '/CN=legacy');
    expect(pem.toString('latin1')).toContain('-----BEGIN NEW CERTIFICATE REQUEST-----');
    expect(parseCsr(pem).commonName).toBe('legacy');
  });

  it('accepts a Uint8Array that is not a Buffer', () => {
    const { der } = fixture('Ed25519');
    const plain = new Uint8Array(der);
    expect(parseCsr(plain as Buffer).commonName).toBe('svc');
  });

  it('rejects an empty buffer as malformed', () => {
    expect(reasonOf(Buffer.alloc(0))).toBe('malformed');
  });

  it('rejects non-buffer values as malformed', () => {
    for (const value of [undefined, null, 'text', 42, {}, [0x30, 0x00]]) {
      expect(reasonOf(value)).toBe('malformed');
    }
  });

  it('rejects a PEM certificate (PEM and DER) as malformed', () => {
    const { keyFile } = fixture('EC P-256');
    const certFile = file('cert.pem');
    openssl('req', '-x509', '-new', '-key', keyFile, '-subj', '/CN=svc', '-days', '1', '-out', certFile);
    const pem = fs.readFileSync(certFile);
    expect(pem.toString('latin1')).toContain('-----BEGIN CERTIFICATE-----');
    expect(reasonOf(pem)).toBe('malformed');
    expect(reasonOf(openssl('x509', '-in', certFile, '-outform', 'DER'))).toBe('malformed');
  });

  it('rejects a CSR PEM block whose base64 is damaged as malformed', () => {
    const { pem } = fixture('EC P-256');
    const text = pem.toString('latin1');
    const bodyStart = text.indexOf('\n') + 1;
    const damaged = text.slice(0, bodyStart + 5) + '!' + text.slice(bodyStart + 6);
    expect(reasonOf(Buffer.from(damaged))).toBe('malformed');
    const cut = text.replace(/\n[^\n]*\n-----END/, '\n-----END'); // drop the last base64 line
    expect(reasonOf(Buffer.from(cut))).toBe('malformed');
  });

  it('rejects random bytes as malformed', () => {
    const next = prng(0xc5f1);
    for (let i = 0; i < 300; i++) {
      const body = Buffer.from(Array.from({ length: next() % 700 }, () => next() & 0xff));
      expect(reasonOf(body)).toBe('malformed');
      // Also random content inside a correctly sized outer SEQUENCE, to reach the inner checks.
      const wrapped = tlv(0x30, body);
      expect(reasonOf(wrapped)).toBe('malformed');
    }
    expect(reasonOf(crypto.randomBytes(512))).toBe('malformed');
    expect(reasonOf(Buffer.from('hello, this is not a CSR\n'))).toBe('malformed');
  });

  it('throws only CsrError for every single-byte change and every truncation', () => {
    for (const label of ['Ed25519', 'EC P-256', 'RSA-PSS']) {
      const { der } = fixture(label);
      for (let i = 0; i < der.length; i++) {
        for (const mask of [0x01, 0x80, 0xff]) {
          expect(['malformed', 'bad-signature', 'unsupported-algorithm']).toContain(reasonOf(flipped(der, i, mask)));
        }
        expect(reasonOf(der.subarray(0, i))).toBe('malformed');
      }
    }
  });
});

describe('parseCsr details', () => {
  it('returns sans [] for a CSR without a subjectAltName extension', () => {
    const { keyFile } = fixture('EC P-256');
    const plain = openssl('req', '-new', '-key', keyFile, '-subj', '/CN=plain');
    const csr = parseCsr(plain);
    expect(csr.sans).toEqual([]);
    expect(csr.subject).toBe('CN=plain');
    const otherExt = openssl('req', '-new', '-key', keyFile, '-subj', '/CN=ku', '-addext', 'keyUsage=critical,digitalSignature');
    expect(parseCsr(otherExt).sans).toEqual([]);
  });

  it('handles an empty subject', () => {
    const { keyFile } = fixture('Ed25519');
    const csr = parseCsr(openssl('req', '-new', '-key', keyFile, '-subj', '/'));
    expect(csr.subject).toBe('');
    expect(csr.commonName).toBeNull();
    expect(csr.subjectDer.toString('hex')).toBe('3000');
  });

  it('verifies RSA PKCS#1 v1.5 with SHA-1, SHA-384 and SHA-512', () => {
    const { keyFile } = fixture('RSA-2048');
    for (const [digest, name] of [
      ['-sha1', 'sha1WithRSAEncryption'],
      ['-sha384', 'sha384WithRSAEncryption'],
      ['-sha512', 'sha512WithRSAEncryption'],
    ]) {
      const der = openssl('req', '-new', '-key', keyFile, digest, '-subj', '/CN=h', '-outform', 'DER');
      expect(parseCsr(der).signatureAlgorithm.name).toBe(name);
      expect(reasonOf(flipped(der, der.length - 1))).toBe('bad-signature');
    }
  });

  it('verifies RSASSA-PSS made with a plain RSA key (SHA-384, default salt length 20)', () => {
    const { keyFile } = fixture('RSA-2048');
    const der = openssl(
      'req', '-new', '-key', keyFile, '-sha384', '-subj', '/CN=pss',
      '-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:20', '-outform', 'DER',
    );
    const csr = parseCsr(der);
    expect(csr.signatureAlgorithm).toEqual({ oid: '1.2.840.113549.1.1.10', name: 'RSASSA-PSS' });
    expect(csr.publicKey.asymmetricKeyType).toBe('rsa');
    expect(reasonOf(flipped(der, der.length - 1))).toBe('bad-signature');
  });

  it('reports an unknown signature algorithm as unsupported-algorithm', () => {
    const { der } = fixture('Ed25519');
    // The last Ed25519 OID (06 03 2B 65 70) is the outer signatureAlgorithm, outside the signed part.
    const at = der.lastIndexOf(Buffer.from('06032b6570', 'hex'));
    expect(at).toBeGreaterThan(0);
    const patched = Buffer.from(der);
    patched[at + 4] = 0x7f; // 1.3.101.127
    expect(reasonOf(patched)).toBe('unsupported-algorithm');
  });

  it('reports a signature algorithm that does not fit the key as bad-signature', () => {
    const { der } = fixture('RSA-2048');
    // sha256WithRSAEncryption -> sha512WithRSAEncryption in the outer AlgorithmIdentifier.
    const at = der.lastIndexOf(Buffer.from('06092a864886f70d01010b', 'hex'));
    expect(at).toBeGreaterThan(0);
    const patched = Buffer.from(der);
    patched[at + 10] = 0x0d;
    expect(reasonOf(patched)).toBe('bad-signature');
  });
});

// ---------------------------------------------------------------------------
// Hand-built CSRs (signed with Node's Ed25519) for shapes openssl will not emit

function tlv(tag: number, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const n = body.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...length]), body]);
}

function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  const out: number[] = [];
  for (const arc of [arcs[0] * 40 + arcs[1], ...arcs.slice(2)]) {
    const chunk = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

const seq = (...parts: Buffer[]) => tlv(0x30, ...parts);
const set = (...parts: Buffer[]) => tlv(0x31, ...parts);
const utf8 = (s: string) => tlv(0x0c, Buffer.from(s, 'utf8'));
const atv = (type: string, value: Buffer) => seq(oid(type), value);

function sanRequest(...generalNames: Buffer[]): Buffer {
  const san = seq(oid('2.5.29.17'), tlv(0x04, seq(...generalNames)));
  return tlv(0xa0, seq(oid('1.2.840.113549.1.9.14'), set(seq(san))));
}

const edKey = crypto.generateKeyPairSync('ed25519');
const edSpki = edKey.publicKey.export({ type: 'spki', format: 'der' });

function handBuilt(subject: Buffer, attributes: Buffer | null, sigAlgOid = '1.3.101.112'): Buffer {
  const info = seq(tlv(0x02, Buffer.from([0])), subject, edSpki, ...(attributes ? [attributes] : []));
  const signature = crypto.sign(null, info, edKey.privateKey);
  return seq(info, seq(oid(sigAlgOid)), tlv(0x03, Buffer.from([0]), signature));
}

function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

describe('parseCsr with hand-built CSRs', () => {
  it('tolerates a missing attributes field and an empty subject', () => {
    const csr = parseCsr(handBuilt(seq(), null));
    expect(csr.subject).toBe('');
    expect(csr.commonName).toBeNull();
    expect(csr.sans).toEqual([]);
    expect(csr.signatureAlgorithm.name).toBe('Ed25519');
  });

  it('renders multi-valued RDNs, escapes, other string types and non-string values', () => {
    const bmp = tlv(0x1e, Buffer.from('Ops \u00fc', 'utf16le').swap16());
    const subject = seq(
      set(atv('2.5.4.6', tlv(0x13, Buffer.from('DE')))),
      set(atv('2.5.4.10', utf8('Acme, Inc.')), atv('2.5.4.11', bmp)),
      set(atv('2.5.4.3', utf8(' #x '))),
      set(atv('1.2.3.4', tlv(0x02, Buffer.from([5])))),
    );
    const csr = parseCsr(handBuilt(subject, null));
    expect(csr.subject).toBe('C=DE, O=Acme\\, Inc. + OU=Ops \u00fc, CN=\\ #x\\ , 1.2.3.4=#020105');
    expect(csr.commonName).toBe(' #x ');
    expect(csr.subjectDer.equals(subject)).toBe(true);
  });

  it('uses the first CN when there are several', () => {
    const csr = parseCsr(handBuilt(seq(set(atv('2.5.4.3', utf8('one'))), set(atv('2.5.4.3', utf8('two')))), null));
    expect(csr.commonName).toBe('one');
    expect(csr.subject).toBe('CN=one, CN=two');
  });

  it('formats IP SANs (RFC 5952) and skips GeneralName kinds it does not handle', () => {
    const ip = (hex: string) => tlv(0x87, Buffer.from(hex, 'hex'));
    const attributes = sanRequest(
      tlv(0xa0, oid('1.3.6.1.4.1.311.20.2.3'), tlv(0xa0, utf8('upn@example'))), // otherName
      ip('20010db8000000000001000000000001'),
      tlv(0xa4, seq(set(atv('2.5.4.3', utf8('dir'))))), // directoryName
      ip('fe800000000000000000000000000000'),
      ip('00000000000000000000ffffc0000201'),
      ip('00010002000300040005000600070008'),
      ip('00000000000000000000000000000000'),
      tlv(0x88, oid('1.2.3.4').subarray(2)), // registeredID
      tlv(0x82, Buffer.from('last.example')),
    );
    const csr = parseCsr(handBuilt(seq(), attributes));
    expect(csr.sans).toEqual([
      { type: 'ip', value: '2001:db8::1:0:0:1' },
      { type: 'ip', value: 'fe80::' },
      { type: 'ip', value: '::ffff:192.0.2.1' },
      { type: 'ip', value: '1:2:3:4:5:6:7:8' },
      { type: 'ip', value: '::' },
      { type: 'dns', value: 'last.example' },
    ]);
  });

  it('rejects an iPAddress that is neither 4 nor 16 octets as malformed', () => {
    const der = handBuilt(seq(), sanRequest(tlv(0x87, Buffer.from([10, 0, 0, 1, 0]))));
    expect(reasonOf(der)).toBe('malformed');
  });

  it('verifies the signed bytes as written, without re-encoding them', () => {
    // Subject with a non-minimal (but definite) length: 0x81 0x0e instead of 0x0e.
    const cn = set(atv('2.5.4.3', utf8('lazy')));
    const subject = Buffer.concat([Buffer.from([0x30, 0x81, cn.length]), cn]);
    const csr = parseCsr(handBuilt(subject, null));
    expect(csr.commonName).toBe('lazy');
    expect(csr.subjectDer.equals(subject)).toBe(true);
  });

  it('rejects an indefinite-length encoding as malformed', () => {
    const der = handBuilt(seq(), null);
    const indefinite = Buffer.concat([Buffer.from([0x30, 0x80]), der.subarray(2), Buffer.from([0, 0])]);
    expect(der[1]).toBeLessThan(0x80);
    expect(reasonOf(indefinite)).toBe('malformed');
  });

  it('rejects a key and signature algorithm that do not match as bad-signature', () => {
    expect(reasonOf(handBuilt(seq(), null, '1.2.840.10045.4.3.2'))).toBe('bad-signature');
  });

  it('rejects an unknown signature OID as unsupported-algorithm', () => {
    expect(reasonOf(handBuilt(seq(), null, '1.2.3.4.5'))).toBe('unsupported-algorithm');
  });

  it('rejects a non-zero version as malformed', () => {
    const info = seq(tlv(0x02, Buffer.from([1])), seq(), edSpki);
    const der = seq(info, seq(oid('1.3.101.112')), tlv(0x03, Buffer.from([0]), crypto.sign(null, info, edKey.privateKey)));
    expect(reasonOf(der)).toBe('malformed');
  });
});
