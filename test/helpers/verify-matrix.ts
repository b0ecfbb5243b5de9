import { execFileSync, spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The `mtlskit verify` acceptance matrix: a small PKI built with the openssl CLI (nothing from
 * mtlskit), one case per way a chain can fail, each with what `openssl verify` says about it.
 * `mtlskit verify --json` must agree with OpenSSL on every case: same verdict, same first error
 * (number and depth), plus the cause id mtlskit should rank first.
 *
 * Every certificate gets fixed validity dates (`openssl ca -startdate/-enddate`) and fixed serial
 * numbers; only the keys are random. Certificates that are not about time are valid from
 * 2020-01-01 to 2049-12-31, so the cases without `--at` hold today and for a long while.
 */

/** OpenSSL 3.0 verify error numbers (x509_vfy.h) and the symbols mtlskit reports for them. */
export const X509_V_ERR = {
  7: 'X509_V_ERR_CERT_SIGNATURE_FAILURE',
  9: 'X509_V_ERR_CERT_NOT_YET_VALID',
  10: 'X509_V_ERR_CERT_HAS_EXPIRED',
  18: 'X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT',
  19: 'X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN',
  20: 'X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  21: 'X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  25: 'X509_V_ERR_PATH_LENGTH_EXCEEDED',
  26: 'X509_V_ERR_INVALID_PURPOSE',
  32: 'X509_V_ERR_KEYUSAGE_NO_CERTSIGN',
  47: 'X509_V_ERR_PERMITTED_VIOLATION',
  48: 'X509_V_ERR_EXCLUDED_VIOLATION',
  62: 'X509_V_ERR_HOSTNAME_MISMATCH',
  64: 'X509_V_ERR_IP_ADDRESS_MISMATCH',
  66: 'X509_V_ERR_EE_KEY_TOO_SMALL',
  67: 'X509_V_ERR_CA_KEY_TOO_SMALL',
  68: 'X509_V_ERR_CA_MD_TOO_WEAK',
  79: 'X509_V_ERR_INVALID_CA',
} as const;
export type X509ErrorNumber = keyof typeof X509_V_ERR;

/** Cause ids `mtlskit verify` ranks first, one per family of failure. */
export type CauseId =
  | 'untrusted-ca'
  | 'incomplete-chain'
  | 'self-signed'
  | 'expired'
  | 'not-yet-valid'
  | 'hostname-mismatch'
  | 'wrong-key-usage'
  | 'invalid-ca-cert'
  | 'signature-invalid'
  | 'weak-crypto';

export type VerifyExpectation =
  | {
      ok: true;
      /** Fixture names of the chain `openssl verify -show_chain` prints, leaf first, trust anchor last. */
      chain: string[];
    }
  | {
      ok: false;
      /** The first `error N at D depth lookup: TEXT` openssl prints. */
      number: X509ErrorNumber;
      code: (typeof X509_V_ERR)[X509ErrorNumber];
      depth: number;
      /** TEXT, as OpenSSL 3.0 words it. */
      message: string;
      cause: CauseId;
    };

/** A case before it is built: fixtures named, not yet paths. */
export interface VerifyCaseSpec {
  name: string;
  /** What the case is about, for a failure message. */
  about: string;
  /** Fixture name of the LEAF file (a single certificate, or a bundle with the leaf first). */
  leaf: string;
  /** Fixture names given with `--ca` (openssl: one `-CAfile` holding them all). */
  ca: string[];
  /** Fixture names given with `--untrusted` (openssl: one `-untrusted` each). */
  untrusted?: string[];
  purpose?: 'server' | 'client';
  host?: string;
  ip?: string;
  /** ISO-8601 verification time (openssl: `-attime` epoch seconds). */
  at?: string;
  expect: VerifyExpectation;
}

export interface ChainEntry {
  fixture: string;
  /** The certificate's commonName (unique among fixtures in any successful chain). */
  commonName: string;
  /** SHA-256 of the DER, lowercase hex without separators. */
  fingerprintSha256: string;
}

export interface VerifyCase extends VerifyCaseSpec {
  /** Fixture name → absolute path of every file the case uses. */
  files: Record<string, string>;
  /** Arguments after `mtlskit` (ends with `--json`). */
  mtlskitArgs: string[];
  /** Arguments after `openssl`. */
  opensslArgs: string[];
  /** For successful cases, the expected chain leaf → root. */
  chain: ChainEntry[];
}

const ERR = <N extends X509ErrorNumber>(number: N, depth: number, message: string, cause: CauseId): VerifyExpectation => ({
  ok: false,
  number,
  code: X509_V_ERR[number],
  depth,
  message,
  cause,
});
const OK = (...chain: string[]): VerifyExpectation => ({ ok: true, chain });

const SERVER_HOST = 'server.example.com';
const SERVER_IP = '10.0.0.1';

/** The matrix, in the order the tests run. Fixture names refer to `buildFixtures`. */
export const VERIFY_CASES: readonly VerifyCaseSpec[] = [
  // 1. Good chains.
  {
    name: 'good server chain',
    about: 'leaf + --untrusted intermediate + --ca root, purpose server, matching host',
    leaf: 'server',
    ca: ['root-a'],
    untrusted: ['int-a'],
    purpose: 'server',
    host: SERVER_HOST,
    expect: OK('server', 'int-a', 'root-a'),
  },
  {
    name: 'good client chain',
    about: 'clientAuth leaf verified for purpose client',
    leaf: 'client',
    ca: ['root-a'],
    untrusted: ['int-a'],
    purpose: 'client',
    expect: OK('client', 'int-a', 'root-a'),
  },
  {
    name: 'good server chain by IP',
    about: 'IP SAN matched with --ip',
    leaf: 'server',
    ca: ['root-a'],
    untrusted: ['int-a'],
    purpose: 'server',
    ip: SERVER_IP,
    expect: OK('server', 'int-a', 'root-a'),
  },
  {
    name: 'good chain with the intermediate bundled in LEAF',
    about: 'LEAF file = leaf + intermediate, no --untrusted (openssl: the same file as -untrusted too)',
    leaf: 'server+int-a',
    ca: ['root-a'],
    purpose: 'server',
    host: SERVER_HOST,
    expect: OK('server', 'int-a', 'root-a'),
  },
  {
    name: 'good chain with two trusted roots',
    about: '--ca given twice; the chain ends at the second one',
    leaf: 'server-b',
    ca: ['root-a', 'root-b'],
    untrusted: ['int-b'],
    purpose: 'server',
    expect: OK('server-b', 'int-b', 'root-b'),
  },
  // 2. Untrusted root.
  {
    name: 'chain to an untrusted root',
    about: 'chain from root B, only root A trusted',
    leaf: 'server-b',
    ca: ['root-a'],
    untrusted: ['int-b'],
    purpose: 'server',
    expect: ERR(20, 1, 'unable to get local issuer certificate', 'untrusted-ca'),
  },
  {
    name: 'untrusted root sent along with the chain',
    about: 'root B itself in the untrusted input, only root A trusted',
    leaf: 'server-b',
    ca: ['root-a'],
    untrusted: ['int-b', 'root-b'],
    purpose: 'server',
    expect: ERR(19, 2, 'self-signed certificate in certificate chain', 'untrusted-ca'),
  },
  // 3. Missing intermediate.
  {
    name: 'missing intermediate',
    about: 'leaf only, root trusted, intermediate not given',
    leaf: 'server',
    ca: ['root-a'],
    purpose: 'server',
    expect: ERR(20, 0, 'unable to get local issuer certificate', 'incomplete-chain'),
  },
  // 4. Self-signed leaf.
  {
    name: 'self-signed leaf',
    about: 'self-signed CA:FALSE server certificate without keyUsage, not trusted',
    leaf: 'self-signed',
    ca: ['root-a'],
    expect: ERR(18, 0, 'self-signed certificate', 'self-signed'),
  },
  {
    name: 'self-signed leaf with digitalSignature-only keyUsage',
    about: 'self-signed CA:FALSE server certificate whose keyUsage lacks keyCertSign, not trusted',
    leaf: 'self-signed-ku',
    ca: ['root-a'],
    expect: ERR(18, 0, 'self-signed certificate', 'self-signed'),
  },
  {
    name: 'trusted self-signed leaf',
    about: 'self-signed leaf given as its own --ca',
    leaf: 'self-signed',
    ca: ['self-signed'],
    expect: OK('self-signed'),
  },
  // 5. Time.
  {
    name: 'leaf inside its validity window',
    about: 'leaf valid 2030-01-01..2031-01-01, --at 2030-06-01',
    leaf: 'timed',
    ca: ['root-a'],
    untrusted: ['int-a'],
    at: '2030-06-01T00:00:00Z',
    expect: OK('timed', 'int-a', 'root-a'),
  },
  {
    name: 'expired leaf',
    about: 'leaf valid 2030-01-01..2031-01-01, --at 2031-06-01 (CAs valid until 2049)',
    leaf: 'timed',
    ca: ['root-a'],
    untrusted: ['int-a'],
    at: '2031-06-01T00:00:00Z',
    expect: ERR(10, 0, 'certificate has expired', 'expired'),
  },
  {
    name: 'not yet valid leaf',
    about: 'leaf valid 2030-01-01..2031-01-01, --at 2029-06-01 (CAs valid since 2020)',
    leaf: 'timed',
    ca: ['root-a'],
    untrusted: ['int-a'],
    at: '2029-06-01T12:30:00Z',
    expect: ERR(9, 0, 'certificate is not yet valid', 'not-yet-valid'),
  },
  {
    name: 'expired intermediate',
    about: 'intermediate valid 2020-01-01..2025-01-01, leaf and root valid until 2049, --at 2026-01-01',
    leaf: 'server-short-int',
    ca: ['root-a'],
    untrusted: ['int-short'],
    at: '2026-01-01T00:00:00Z',
    expect: ERR(10, 1, 'certificate has expired', 'expired'),
  },
  {
    name: 'expired root',
    about: 'root valid 2020-01-01..2027-01-01, intermediate and leaf until 2049, --at 2028-01-01',
    leaf: 'server-c',
    ca: ['root-short'],
    untrusted: ['int-c'],
    at: '2028-01-01T00:00:00Z',
    expect: ERR(10, 2, 'certificate has expired', 'expired'),
  },
  {
    name: 'whole chain expired',
    about: 'root, intermediate and leaf all expired at --at 2028-01-01: OpenSSL reports the root first',
    leaf: 'server-e',
    ca: ['root-short'],
    untrusted: ['int-e'],
    at: '2028-01-01T00:00:00Z',
    expect: ERR(10, 2, 'certificate has expired', 'expired'),
  },
  // 6. Names.
  {
    name: 'hostname mismatch',
    about: '--host other.example against DNS:server.example.com',
    leaf: 'server',
    ca: ['root-a'],
    untrusted: ['int-a'],
    purpose: 'server',
    host: 'other.example',
    expect: ERR(62, 0, 'hostname mismatch', 'hostname-mismatch'),
  },
  {
    name: 'IP address mismatch',
    about: '--ip 10.9.9.9 against IP:10.0.0.1',
    leaf: 'server',
    ca: ['root-a'],
    untrusted: ['int-a'],
    purpose: 'server',
    ip: '10.9.9.9',
    expect: ERR(64, 0, 'IP address mismatch', 'hostname-mismatch'),
  },
  {
    name: 'host given as a name the leaf only has as an IP',
    about: '--host 10.0.0.1: the IP SAN does not count as a DNS name',
    leaf: 'server',
    ca: ['root-a'],
    untrusted: ['int-a'],
    host: SERVER_IP,
    expect: ERR(62, 0, 'hostname mismatch', 'hostname-mismatch'),
  },
  {
    name: 'wildcard SAN matches one label',
    about: 'DNS:*.apps.example.com matches api.apps.example.com',
    leaf: 'wildcard',
    ca: ['root-a'],
    untrusted: ['int-a'],
    purpose: 'server',
    host: 'api.apps.example.com',
    expect: OK('wildcard', 'int-a', 'root-a'),
  },
  {
    name: 'wildcard SAN does not match two labels',
    about: 'DNS:*.apps.example.com against a.b.apps.example.com',
    leaf: 'wildcard',
    ca: ['root-a'],
    untrusted: ['int-a'],
    purpose: 'server',
    host: 'a.b.apps.example.com',
    expect: ERR(62, 0, 'hostname mismatch', 'hostname-mismatch'),
  },
  {
    name: 'commonName-only leaf matched by host',
    about: 'no subjectAltName at all: OpenSSL falls back to the CN for the host check',
    leaf: 'cn-only',
    ca: ['root-a'],
    untrusted: ['int-a'],
    purpose: 'server',
    host: 'legacy.example.com',
    expect: OK('cn-only', 'int-a', 'root-a'),
  },
  // 7. Purpose.
  {
    name: 'client certificate used as server',
    about: 'clientAuth-only leaf verified for purpose server',
    leaf: 'client',
    ca: ['root-a'],
    untrusted: ['int-a'],
    purpose: 'server',
    expect: ERR(26, 0, 'unsuitable certificate purpose', 'wrong-key-usage'),
  },
  {
    name: 'server certificate used as client',
    about: 'serverAuth-only leaf verified for purpose client',
    leaf: 'server',
    ca: ['root-a'],
    untrusted: ['int-a'],
    purpose: 'client',
    expect: ERR(26, 0, 'unsuitable certificate purpose', 'wrong-key-usage'),
  },
  {
    name: 'leaf without extendedKeyUsage as server',
    about: 'no EKU at all means any purpose',
    leaf: 'no-eku',
    ca: ['root-a'],
    untrusted: ['int-a'],
    purpose: 'server',
    host: 'noeku.example.com',
    expect: OK('no-eku', 'int-a', 'root-a'),
  },
  {
    name: 'intermediate restricted to clientAuth, purpose server',
    about: 'OpenSSL applies the purpose to the CA certificates EKU too',
    leaf: 'server-eku-int',
    ca: ['root-a'],
    untrusted: ['int-eku-client'],
    purpose: 'server',
    expect: ERR(26, 1, 'unsuitable certificate purpose', 'wrong-key-usage'),
  },
  // 8-10. CA constraints.
  {
    name: 'issuer is not a CA',
    about: 'leaf signed by the server leaf (CA:FALSE, no keyCertSign)',
    leaf: 'leaf-by-leaf',
    ca: ['root-a'],
    untrusted: ['server', 'int-a'],
    expect: ERR(79, 1, 'invalid CA certificate', 'invalid-ca-cert'),
  },
  {
    name: 'intermediate keyUsage without keyCertSign',
    about: 'CA:TRUE intermediate whose keyUsage is digitalSignature only',
    leaf: 'server-nocertsign',
    ca: ['root-a'],
    untrusted: ['int-nocertsign'],
    expect: ERR(79, 1, 'invalid CA certificate', 'invalid-ca-cert'),
  },
  {
    name: 'path length exceeded',
    about: 'root pathlen:0 -> intermediate -> second intermediate -> leaf',
    leaf: 'server-deep',
    ca: ['root-pathlen0'],
    untrusted: ['int-deep-1', 'int-deep-2'],
    expect: ERR(25, 3, 'path length constraint exceeded', 'invalid-ca-cert'),
  },
  {
    name: 'name constraints satisfied',
    about: 'permitted;DNS:.example.com, leaf for ok.example.com',
    leaf: 'nc-ok',
    ca: ['root-a'],
    untrusted: ['int-nc-permit'],
    purpose: 'server',
    expect: OK('nc-ok', 'int-nc-permit', 'root-a'),
  },
  {
    name: 'name constraints permitted subtree violated',
    about: 'permitted;DNS:.example.com, leaf for evil.test',
    leaf: 'nc-permit-bad',
    ca: ['root-a'],
    untrusted: ['int-nc-permit'],
    purpose: 'server',
    expect: ERR(47, 0, 'permitted subtree violation', 'invalid-ca-cert'),
  },
  {
    name: 'name constraints excluded subtree violated',
    about: 'excluded;DNS:corp.example, leaf for db.corp.example',
    leaf: 'nc-exclude-bad',
    ca: ['root-a'],
    untrusted: ['int-nc-exclude'],
    purpose: 'server',
    expect: ERR(48, 0, 'excluded subtree violation', 'invalid-ca-cert'),
  },
  // 11. Signature.
  {
    name: 'leaf signed by the wrong key',
    about: 'leaf names intermediate A as issuer (no AKI) but was signed by another key',
    leaf: 'wrong-key',
    ca: ['root-a'],
    untrusted: ['int-a'],
    expect: ERR(7, 0, 'certificate signature failure', 'signature-invalid'),
  },
  {
    name: 'leaf with a damaged signature',
    about: 'correctly issued leaf, one bit of its signature flipped afterwards',
    leaf: 'tampered',
    ca: ['root-a'],
    untrusted: ['int-a'],
    expect: ERR(7, 0, 'certificate signature failure', 'signature-invalid'),
  },
  {
    name: 'leaf whose AKI names another key than the given intermediate',
    about: 'same issuer name, but authorityKeyIdentifier points at the impostor key: the given intermediate is not its issuer',
    leaf: 'wrong-key-aki',
    ca: ['root-a'],
    untrusted: ['int-a'],
    expect: ERR(20, 0, 'unable to get local issuer certificate', 'incomplete-chain'),
  },
  // 12-13. Algorithms and key sizes.
  {
    name: 'SHA-1 signed leaf',
    about: 'ecdsa-with-SHA1 on the leaf, auth level 1',
    leaf: 'sha1-leaf',
    ca: ['root-a'],
    untrusted: ['int-a'],
    expect: ERR(68, 0, 'CA signature digest algorithm too weak', 'weak-crypto'),
  },
  {
    name: 'SHA-1 signed intermediate',
    about: 'ecdsa-with-SHA1 on the intermediate, auth level 1',
    leaf: 'server-sha1-int',
    ca: ['root-a'],
    untrusted: ['int-sha1'],
    expect: ERR(68, 1, 'CA signature digest algorithm too weak', 'weak-crypto'),
  },
  {
    name: 'SHA-1 self-signed root',
    about: 'OpenSSL does not check the trust anchor\'s own signature, so its SHA-1 digest does not matter',
    leaf: 'server-d',
    ca: ['root-sha1'],
    untrusted: ['int-d'],
    expect: OK('server-d', 'int-d', 'root-sha1'),
  },
  {
    name: 'RSA-1024 leaf',
    about: 'RSA-1024 (80 bits) signed with SHA-256: allowed at auth level 1',
    leaf: 'rsa1024',
    ca: ['root-a'],
    untrusted: ['int-a'],
    purpose: 'server',
    expect: OK('rsa1024', 'int-a', 'root-a'),
  },
  {
    name: 'RSA-512 leaf',
    about: 'RSA-512 leaf: below auth level 1',
    leaf: 'rsa512',
    ca: ['root-a'],
    untrusted: ['int-a'],
    purpose: 'server',
    expect: ERR(66, 0, 'EE certificate key too weak', 'weak-crypto'),
  },
  {
    name: 'RSA-2048 chain',
    about: 'root, intermediate and leaf all RSA-2048',
    leaf: 'rsa-server',
    ca: ['rsa-root'],
    untrusted: ['rsa-int'],
    purpose: 'server',
    host: 'rsa.example.com',
    expect: OK('rsa-server', 'rsa-int', 'rsa-root'),
  },
];

type KeyType = 'ec' | 'rsa512' | 'rsa1024' | 'rsa2048';

const VALID_FROM = '20200101000000Z';
const VALID_TO = '20491231235959Z';

const CA_EXT = ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign', 'subjectKeyIdentifier=hash'];
const ROOT_EXT = [...CA_EXT, 'authorityKeyIdentifier=keyid:always'];
const INT_EXT = ['basicConstraints=critical,CA:TRUE,pathlen:0', 'keyUsage=critical,keyCertSign,cRLSign', 'subjectKeyIdentifier=hash', 'authorityKeyIdentifier=keyid:always'];
const leafExt = (san: string | null, eku: string | null = 'serverAuth', ku = 'critical,digitalSignature', aki = true) => [
  'basicConstraints=critical,CA:FALSE',
  ...(ku ? [`keyUsage=${ku}`] : []),
  ...(eku ? [`extendedKeyUsage=${eku}`] : []),
  ...(san ? [`subjectAltName=${san}`] : []),
  'subjectKeyIdentifier=hash',
  // OpenSSL 3 adds an authorityKeyIdentifier by default; `none` is the only way to leave it out.
  aki ? 'authorityKeyIdentifier=keyid:always' : 'authorityKeyIdentifier=none',
];
const SERVER_SAN = `DNS:${SERVER_HOST},IP:${SERVER_IP}`;

/** Runs openssl, throwing with its output when it fails. */
function run(args: string[], cwd: string): string {
  try {
    return execFileSync('openssl', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`openssl ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

/** A tiny `openssl ca` setup: one database, fixed serials, fixed dates, no policy surprises. */
class OpensslPki {
  private readonly config: string;
  private readonly files: Record<string, string> = {};

  constructor(private readonly dir: string) {
    const db = join(dir, 'ca-db');
    mkdirSync(join(db, 'new'), { recursive: true });
    writeFileSync(join(db, 'index.txt'), '');
    writeFileSync(join(db, 'serial'), '1000\n');
    this.config = join(db, 'openssl-ca.cnf');
    writeFileSync(
      this.config,
      [
        '[ ca ]',
        'default_ca = matrix_ca',
        '[ matrix_ca ]',
        `database = ${join(db, 'index.txt')}`,
        `new_certs_dir = ${join(db, 'new')}`,
        `serial = ${join(db, 'serial')}`,
        'default_md = sha256',
        'policy = matrix_policy',
        'unique_subject = no',
        'email_in_dn = no',
        'copy_extensions = none',
        '[ matrix_policy ]',
        'organizationName = optional',
        'commonName = supplied',
        '',
      ].join('\n'),
    );
  }

  path(name: string): string {
    const path = this.files[name];
    if (!path) throw new Error(`no fixture named ${name}`);
    return path;
  }

  key(name: string, type: KeyType = 'ec'): string {
    const out = join(this.dir, `${name}.key`);
    const opts =
      type === 'ec'
        ? ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']
        : ['-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${type.slice(3)}`];
    run(['genpkey', ...opts, '-out', out], this.dir);
    this.files[`${name}.key`] = out;
    return out;
  }

  /**
   * Issues certificate `name` (CN = `cn`) for key `key` with `ext` lines, signed by fixture `issuer`
   * (its `.key` unless `signingKey` names another) or self-signed when `issuer` is null.
   */
  cert(
    name: string,
    opts: { cn: string; key: string; issuer: string | null; signingKey?: string; ext: string[]; from?: string; to?: string; md?: string },
  ): string {
    const csr = join(this.dir, `${name}.csr`);
    const out = join(this.dir, `${name}.pem`);
    const extFile = join(this.dir, `${name}.ext`);
    const subject = `/O=mtlskit verify matrix/CN=${opts.cn}`;
    writeFileSync(extFile, `${opts.ext.join('\n')}\n`);
    run(['req', '-new', '-key', opts.key, '-subj', subject, '-out', csr], this.dir);
    const signer =
      opts.issuer === null
        ? ['-selfsign', '-keyfile', opts.key]
        : ['-cert', this.path(opts.issuer), '-keyfile', opts.signingKey ?? this.path(`${opts.issuer}.key`)];
    run(
      [
        'ca', '-batch', '-config', this.config, '-notext', '-preserveDN', '-subj', subject,
        '-startdate', opts.from ?? VALID_FROM, '-enddate', opts.to ?? VALID_TO, '-md', opts.md ?? 'sha256',
        '-extfile', extFile, ...signer, '-in', csr, '-out', out,
      ],
      this.dir,
    );
    this.files[name] = out;
    return out;
  }

  /** A CA or leaf with its own fresh key, stored as fixture `name` and key `name.key`. */
  issue(name: string, opts: { cn: string; issuer: string | null; ext: string[]; keyType?: KeyType; from?: string; to?: string; md?: string }): string {
    const key = this.key(name, opts.keyType);
    return this.cert(name, { ...opts, key });
  }

  /** Concatenation of fixtures, stored as fixture `name`. */
  bundle(name: string, parts: string[]): string {
    const out = join(this.dir, `${name}.pem`);
    writeFileSync(out, parts.map((part) => readFileSync(this.path(part), 'utf8')).join(''));
    this.files[name] = out;
    return out;
  }

  /** Fixture `name`: the DER of certificate fixture `source` changed by `edit`, as PEM. */
  derive(name: string, source: string, edit: (der: Buffer) => Buffer): string {
    const der = edit(Buffer.from(new X509Certificate(readFileSync(this.path(source))).raw));
    const body = der.toString('base64').replace(/.{1,64}/g, '$&\n');
    const out = join(this.dir, `${name}.pem`);
    writeFileSync(out, `-----BEGIN CERTIFICATE-----\n${body}-----END CERTIFICATE-----\n`);
    this.files[name] = out;
    return out;
  }
}

/** Every fixture the cases name. */
function buildFixtures(pki: OpensslPki): void {
  // Root A → intermediate A → leaves.
  pki.issue('root-a', { cn: 'vm Root A', issuer: null, ext: ROOT_EXT });
  pki.issue('int-a', { cn: 'vm Intermediate A', issuer: 'root-a', ext: INT_EXT });
  pki.issue('server', { cn: 'vm server leaf', issuer: 'int-a', ext: leafExt(SERVER_SAN) });
  pki.bundle('server+int-a', ['server', 'int-a']);
  pki.issue('client', { cn: 'vm client leaf', issuer: 'int-a', ext: leafExt('DNS:client.example.com', 'clientAuth') });
  pki.issue('timed', { cn: 'vm timed leaf', issuer: 'int-a', ext: leafExt(SERVER_SAN), from: '20300101000000Z', to: '20310101000000Z' });
  pki.issue('wildcard', { cn: 'vm wildcard leaf', issuer: 'int-a', ext: leafExt('DNS:*.apps.example.com') });
  pki.issue('cn-only', { cn: 'legacy.example.com', issuer: 'int-a', ext: leafExt(null) });
  pki.issue('no-eku', { cn: 'vm no-EKU leaf', issuer: 'int-a', ext: leafExt('DNS:noeku.example.com', null) });
  pki.issue('leaf-by-leaf', { cn: 'vm leaf signed by a leaf', issuer: 'server', ext: leafExt('DNS:inner.example.com') });
  pki.issue('sha1-leaf', { cn: 'vm SHA-1 leaf', issuer: 'int-a', ext: leafExt(SERVER_SAN), md: 'sha1' });
  pki.issue('rsa1024', { cn: 'vm RSA-1024 leaf', issuer: 'int-a', keyType: 'rsa1024', ext: leafExt(SERVER_SAN, 'serverAuth', 'critical,digitalSignature,keyEncipherment') });
  pki.issue('rsa512', { cn: 'vm RSA-512 leaf', issuer: 'int-a', keyType: 'rsa512', ext: leafExt(SERVER_SAN, 'serverAuth', 'critical,digitalSignature,keyEncipherment') });

  // Wrong key: an impostor with intermediate A's exact subject but its own key signs a leaf
  // without authorityKeyIdentifier, so OpenSSL picks the real intermediate A by name.
  pki.issue('int-a-impostor', { cn: 'vm Intermediate A', issuer: 'root-a', ext: INT_EXT });
  pki.issue('wrong-key', { cn: 'vm wrong-key leaf', issuer: 'int-a-impostor', ext: leafExt(SERVER_SAN, 'serverAuth', 'critical,digitalSignature', false) });
  // The same, but the leaf's authorityKeyIdentifier names the impostor's key: OpenSSL then does
  // not take intermediate A as the issuer at all.
  pki.issue('wrong-key-aki', { cn: 'vm wrong-key AKI leaf', issuer: 'int-a-impostor', ext: leafExt(SERVER_SAN) });
  // A correctly issued leaf whose signature was damaged after signing (last byte of ECDSA s).
  pki.issue('tampered-source', { cn: 'vm tampered leaf', issuer: 'int-a', ext: leafExt(SERVER_SAN) });
  pki.derive('tampered', 'tampered-source', (der) => {
    const last = der.length - 1;
    der.writeUInt8(der.readUInt8(last) ^ 0x01, last);
    return der;
  });

  // Self-signed leaves (CA:FALSE), without and with a keyUsage lacking keyCertSign.
  pki.issue('self-signed', { cn: 'vm self-signed leaf', issuer: null, ext: leafExt('DNS:self.example.com', 'serverAuth', '') });
  pki.issue('self-signed-ku', { cn: 'vm self-signed KU leaf', issuer: null, ext: leafExt('DNS:self.example.com') });

  // Root B (untrusted in most cases).
  pki.issue('root-b', { cn: 'vm Root B', issuer: null, ext: ROOT_EXT });
  pki.issue('int-b', { cn: 'vm Intermediate B', issuer: 'root-b', ext: INT_EXT });
  pki.issue('server-b', { cn: 'vm server leaf B', issuer: 'int-b', ext: leafExt(SERVER_SAN) });

  // Short-lived intermediate and root.
  pki.issue('int-short', { cn: 'vm short Intermediate', issuer: 'root-a', ext: INT_EXT, to: '20250101000000Z' });
  // (OpenSSL does not mind a certificate outliving its issuer, so only the intermediate expires.)
  pki.issue('server-short-int', { cn: 'vm leaf under short intermediate', issuer: 'int-short', ext: leafExt(SERVER_SAN) });
  pki.issue('root-short', { cn: 'vm short Root', issuer: null, ext: ROOT_EXT, to: '20270101000000Z' });
  pki.issue('int-c', { cn: 'vm Intermediate C', issuer: 'root-short', ext: INT_EXT });
  pki.issue('server-c', { cn: 'vm server leaf C', issuer: 'int-c', ext: leafExt(SERVER_SAN) });
  // A chain where all three expire, each a day before its issuer.
  pki.issue('int-e', { cn: 'vm Intermediate E', issuer: 'root-short', ext: INT_EXT, to: '20261231000000Z' });
  pki.issue('server-e', { cn: 'vm server leaf E', issuer: 'int-e', ext: leafExt(SERVER_SAN), to: '20261230000000Z' });

  // EKU on the intermediate.
  pki.issue('int-eku-client', { cn: 'vm clientAuth-only Intermediate', issuer: 'root-a', ext: [...INT_EXT, 'extendedKeyUsage=clientAuth'] });
  pki.issue('server-eku-int', { cn: 'vm leaf under clientAuth intermediate', issuer: 'int-eku-client', ext: leafExt(SERVER_SAN) });

  // Intermediate with CA:TRUE but keyUsage digitalSignature only.
  pki.issue('int-nocertsign', {
    cn: 'vm no-keyCertSign Intermediate',
    issuer: 'root-a',
    ext: ['basicConstraints=critical,CA:TRUE,pathlen:0', 'keyUsage=critical,digitalSignature', 'subjectKeyIdentifier=hash', 'authorityKeyIdentifier=keyid:always'],
  });
  pki.issue('server-nocertsign', { cn: 'vm leaf under no-keyCertSign intermediate', issuer: 'int-nocertsign', ext: leafExt(SERVER_SAN) });

  // Path length: root pathlen:0 → intermediate (no pathlen) → intermediate pathlen:0 → leaf.
  pki.issue('root-pathlen0', { cn: 'vm pathlen-0 Root', issuer: null, ext: ['basicConstraints=critical,CA:TRUE,pathlen:0', ...ROOT_EXT.slice(1)] });
  pki.issue('int-deep-1', { cn: 'vm deep Intermediate 1', issuer: 'root-pathlen0', ext: ['basicConstraints=critical,CA:TRUE', ...INT_EXT.slice(1)] });
  pki.issue('int-deep-2', { cn: 'vm deep Intermediate 2', issuer: 'int-deep-1', ext: INT_EXT });
  pki.issue('server-deep', { cn: 'vm deep leaf', issuer: 'int-deep-2', ext: leafExt(SERVER_SAN) });

  // Name constraints.
  pki.issue('int-nc-permit', { cn: 'vm permitted-NC Intermediate', issuer: 'root-a', ext: [...INT_EXT, 'nameConstraints=critical,permitted;DNS:.example.com'] });
  pki.issue('nc-ok', { cn: 'vm NC ok leaf', issuer: 'int-nc-permit', ext: leafExt('DNS:ok.example.com') });
  pki.issue('nc-permit-bad', { cn: 'vm NC evil leaf', issuer: 'int-nc-permit', ext: leafExt('DNS:evil.test') });
  pki.issue('int-nc-exclude', { cn: 'vm excluded-NC Intermediate', issuer: 'root-a', ext: [...INT_EXT, 'nameConstraints=critical,excluded;DNS:corp.example'] });
  pki.issue('nc-exclude-bad', { cn: 'vm NC corp leaf', issuer: 'int-nc-exclude', ext: leafExt('DNS:db.corp.example') });

  // SHA-1 on the intermediate, and on a root.
  pki.issue('int-sha1', { cn: 'vm SHA-1 Intermediate', issuer: 'root-a', ext: INT_EXT, md: 'sha1' });
  pki.issue('server-sha1-int', { cn: 'vm leaf under SHA-1 intermediate', issuer: 'int-sha1', ext: leafExt(SERVER_SAN) });
  pki.issue('root-sha1', { cn: 'vm SHA-1 Root', issuer: null, ext: ROOT_EXT, md: 'sha1' });
  pki.issue('int-d', { cn: 'vm Intermediate D', issuer: 'root-sha1', ext: INT_EXT });
  pki.issue('server-d', { cn: 'vm server leaf D', issuer: 'int-d', ext: leafExt(SERVER_SAN) });

  // All RSA-2048.
  pki.issue('rsa-root', { cn: 'vm RSA Root', issuer: null, keyType: 'rsa2048', ext: ROOT_EXT });
  pki.issue('rsa-int', { cn: 'vm RSA Intermediate', issuer: 'rsa-root', keyType: 'rsa2048', ext: INT_EXT });
  pki.issue('rsa-server', { cn: 'vm RSA server leaf', issuer: 'rsa-int', keyType: 'rsa2048', ext: leafExt('DNS:rsa.example.com', 'serverAuth', 'critical,digitalSignature,keyEncipherment') });
}

/** Epoch seconds for an ISO-8601 time, as `openssl verify -attime` wants it. */
export function epochSeconds(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`not an ISO-8601 time: ${iso}`);
  return Math.floor(ms / 1000);
}

function commonName(pem: string): string {
  const cert = new X509Certificate(pem);
  const cn = /^CN=(.*)$/m.exec(cert.subject)?.[1];
  if (!cn) throw new Error(`no CN in ${cert.subject}`);
  return cn;
}

/** The `openssl verify` arguments that mean what `mtlskit verify` is asked in `c`. */
function opensslArgsFor(c: VerifyCaseSpec, files: Record<string, string>, caFile: string): string[] {
  const leaf = files[c.leaf]!;
  // `openssl verify` only reads the first certificate of LEAF; mtlskit treats the rest as
  // untrusted intermediates, which for openssl means passing the same file as -untrusted.
  const leafExtras = readFileSync(leaf, 'utf8').split('-----BEGIN CERTIFICATE-----').length - 1 > 1 ? [leaf] : [];
  return [
    'verify',
    '-auth_level', '1',
    '-no-CApath', '-no-CAstore',
    '-CAfile', caFile,
    ...[...(c.untrusted ?? []).map((u) => files[u]!), ...leafExtras].flatMap((u) => ['-untrusted', u]),
    ...(c.purpose ? ['-purpose', c.purpose === 'server' ? 'sslserver' : 'sslclient'] : []),
    ...(c.host ? ['-verify_hostname', c.host] : []),
    ...(c.ip ? ['-verify_ip', c.ip] : []),
    ...(c.at ? ['-attime', String(epochSeconds(c.at))] : []),
    '-show_chain',
    leaf,
  ];
}

function mtlskitArgsFor(c: VerifyCaseSpec, files: Record<string, string>): string[] {
  return [
    'verify',
    files[c.leaf]!,
    ...c.ca.flatMap((ca) => ['--ca', files[ca]!]),
    ...(c.untrusted ?? []).flatMap((u) => ['--untrusted', files[u]!]),
    ...(c.purpose ? ['--purpose', c.purpose] : []),
    ...(c.host ? ['--host', c.host] : []),
    ...(c.ip ? ['--ip', c.ip] : []),
    ...(c.at ? ['--at', c.at] : []),
    '--json',
  ];
}

/** Builds every fixture in `dir` (with the openssl CLI) and returns the cases, in `VERIFY_CASES` order. */
export function buildVerifyMatrix(dir: string): VerifyCase[] {
  const pki = new OpensslPki(dir);
  buildFixtures(pki);
  return VERIFY_CASES.map((spec, index) => {
    const names = new Set([spec.leaf, ...spec.ca, ...(spec.untrusted ?? [])]);
    if (spec.expect.ok) for (const name of spec.expect.chain) names.add(name);
    const files: Record<string, string> = {};
    for (const name of names) files[name] = pki.path(name);
    let caFile = files[spec.ca[0]!]!;
    if (spec.ca.length > 1) {
      caFile = join(dir, `case-${index}-cafile.pem`);
      writeFileSync(caFile, spec.ca.map((ca) => readFileSync(files[ca]!, 'utf8')).join(''));
    }
    const chain = spec.expect.ok
      ? spec.expect.chain.map((fixture) => {
          const pem = readFileSync(files[fixture]!, 'utf8');
          const cert = new X509Certificate(pem);
          return { fixture, commonName: commonName(pem), fingerprintSha256: cert.fingerprint256.replace(/:/g, '').toLowerCase() };
        })
      : [];
    return { ...spec, files, mtlskitArgs: mtlskitArgsFor(spec, files), opensslArgs: opensslArgsFor(spec, files, caFile), chain };
  });
}

export interface OpensslVerifyResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** The first `error N at D depth lookup: TEXT`, if any. */
  firstError?: { number: number; depth: number; message: string };
  /** commonNames of the `-show_chain` lines, depth 0 first (successful runs only). */
  chain: string[];
}

/** Runs the case's `openssl verify` and parses what it printed. */
export function opensslVerify(c: VerifyCase): OpensslVerifyResult {
  const r = spawnSync('openssl', c.opensslArgs, { encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  const output = `${r.stdout}\n${r.stderr}`;
  const m = /^error (\d+) at (\d+) depth lookup: ?(.*)$/m.exec(output);
  const firstError = m ? { number: Number(m[1]), depth: Number(m[2]), message: m[3]!.trim() } : undefined;
  const chain: string[] = [];
  if (r.status === 0) {
    for (const line of r.stdout.split('\n')) {
      const d = /^depth=(\d+): (.*?)(?: \(untrusted\))?$/.exec(line);
      if (!d) continue;
      const cn = /(?:^|, )CN = (.*?)(?:, [A-Za-z]+ = |$)/.exec(d[2]!)?.[1];
      chain.push(cn ?? d[2]!);
    }
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, firstError, chain };
}
