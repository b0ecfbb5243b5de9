/**
 * Path building and validation with the verdicts of OpenSSL 3 at security level 1 — what Node's
 * TLS enforces by default — and in OpenSSL's order, so the first error is the one `openssl
 * verify -auth_level 1` prints. The steps follow X509_verify_cert (crypto/x509/x509_vfy.c):
 * end-entity key strength → build the chain → extensions, CA flags, purpose and path length →
 * key and signature strength → host/IP → signatures and validity from the root down → name
 * constraints. Unlike OpenSSL's default callback, it goes on after an error and reports them all.
 */
import { createPublicKey, verify as cryptoVerify, X509Certificate, type KeyObject } from 'node:crypto';
import { isCauseId, makeCause, type Cause, type CauseId } from '../diagnose/knowledge/causes.js';
import { renderFix, x509ErrorBySymbol } from '../diagnose/knowledge/x509-errors.js';
import { subjectLabel, type Certificate } from './certificate.js';
import { isSelfIssued, mayHaveIssued } from './chain.js';
import { checkNameConstraints } from './name-constraints.js';

export type Purpose = 'server' | 'client';

export interface VerifyOptions {
  /** Trust anchors (--ca, --system). */
  anchors: readonly Certificate[];
  /** Certificates that may serve as intermediates but are not trusted (--untrusted, extra input). */
  untrusted: readonly Certificate[];
  purpose?: Purpose;
  host?: string;
  ip?: string;
  /** The verification time (--at); defaults to the caller's clock. */
  at: Date;
}

export interface VerifyError {
  /** 'X509_V_ERR_CERT_HAS_EXPIRED' */
  code: string;
  number: number;
  /** Position in the chain, 0 = the certificate verified. */
  depth: number;
  /** OpenSSL's text for the code ('certificate has expired'). */
  message: string;
  /** The certificate at that depth ('' when the chain stops short of it). */
  subject: string;
  /** What exactly was found, in a sentence. */
  detail: string;
}

export interface ChainEntry {
  subject: string;
  issuer: string;
  fingerprintSha256: string;
  trusted: boolean;
}

export interface VerifyReport {
  ok: boolean;
  chain: ChainEntry[];
  errors: VerifyError[];
  causes: Cause[];
}

/** OpenSSL's security level 1: 80 bits (RSA ≥ 1024, ECC ≥ 160, SHA-1 and MD5 signatures refused). */
const MIN_SECURITY_BITS = 80;

export function verifyCertificate(target: Certificate, options: VerifyOptions): VerifyReport {
  const errors: VerifyError[] = [];
  const fail = (symbol: string, depth: number, cert: Certificate | undefined, detail: string) => {
    const info = x509ErrorBySymbol(symbol);
    errors.push({
      code: symbol,
      number: info?.number ?? -1,
      depth,
      message: info?.text ?? symbol,
      subject: cert ? subjectLabel(cert) : '',
      detail,
    });
  };

  if (keySecurityBits(target) < MIN_SECURITY_BITS) {
    fail('X509_V_ERR_EE_KEY_TOO_SMALL', 0, target, `${quote(target)} has a ${keyText(target)} key, below the 80-bit security level 1 requires`);
  }
  const built = buildChain(target, options);
  const { chain } = built;
  if (built.error) fail(built.error.symbol, built.error.depth, chain[built.error.depth], built.error.detail);
  checkExtensions(chain, options.purpose, fail);
  checkAuthLevel(chain, fail);
  checkIdentity(target, options, fail);
  checkSignaturesAndTimes(chain, options.at, fail);
  checkChainNameConstraints(chain, fail);

  return {
    ok: errors.length === 0,
    chain: chain.map((cert, i) => ({
      subject: subjectLabel(cert),
      issuer: cert.issuer.display,
      fingerprintSha256: cert.fingerprintSha256,
      trusted: built.trustedTop && i === chain.length - 1,
    })),
    errors,
    causes: causesFor(errors, chain, options),
  };
}

// ---------------------------------------------------------------------------
// Chain building (build_chain): trusted issuers first, then untrusted ones.

interface BuiltChain {
  chain: Certificate[];
  /** The top of the chain is a trust anchor. */
  trustedTop: boolean;
  error?: { symbol: string; depth: number; detail: string };
}

/** OpenSSL's check_issued: names, key identifiers, and a signature algorithm that fits the issuer's key. */
function likelyIssued(parent: Certificate, child: Certificate): boolean {
  if (!mayHaveIssued(parent, child)) return false;
  const serial = child.extensions.authorityKeyIdentifier?.serial;
  if (serial && !serial.equals(parent.serial)) return false;
  return signatureFitsKey(child, parent);
}

function signatureFitsKey(child: Certificate, parent: Certificate): boolean {
  const name = child.signatureAlgorithm.name.toLowerCase();
  const type = parent.publicKey.type;
  if (name.includes('rsa')) return type === 'rsa' || type === 'rsa-pss';
  if (name.startsWith('ecdsa')) return type === 'ec';
  if (name === 'ed25519' || name === 'ed448') return type === name;
  if (name.startsWith('dsa')) return type === 'dsa';
  return true;
}

const MAX_DEPTH = 100;

function buildChain(target: Certificate, options: VerifyOptions): BuiltChain {
  const chain = [target];
  const isAnchor = (cert: Certificate) => options.anchors.some((anchor) => anchor.der.equals(cert.der));
  for (;;) {
    const current = chain[chain.length - 1]!;
    if (likelyIssued(current, current)) {
      if (isAnchor(current)) return { chain, trustedTop: true };
      const depth = chain.length - 1;
      return {
        chain,
        trustedTop: false,
        error:
          depth === 0
            ? { symbol: 'X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT', depth, detail: `${quote(current)} is self-signed and not among the trusted certificates` }
            : { symbol: 'X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN', depth, detail: `the chain ends in the self-signed ${quote(current)}, which is not among the trusted certificates` },
      };
    }
    const fits = (candidate: Certificate) => !chain.includes(candidate) && likelyIssued(candidate, current);
    const trusted = pickIssuer(options.anchors.filter(fits), options.at);
    if (trusted) {
      chain.push(trusted);
      // A trusted issuer ends the search when it is a root; a trusted intermediate keeps going up the trust store.
      if (likelyIssued(trusted, trusted)) return { chain, trustedTop: true };
      continue;
    }
    const untrusted = pickIssuer(options.untrusted.filter(fits), options.at);
    if (untrusted && chain.length < MAX_DEPTH) {
      chain.push(untrusted);
      continue;
    }
    const depth = chain.length - 1;
    const anyTrusted = chain.some(isAnchor);
    return {
      chain,
      trustedTop: false,
      error: {
        symbol: anyTrusted ? 'X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT' : 'X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
        depth,
        detail: `the issuer '${current.issuer.display}' of ${quote(current)} is neither among the trusted certificates nor in the chain`,
      },
    };
  }
}

/** Like OpenSSL's get_issuer: prefer a candidate valid at the verification time, else the last one. */
function pickIssuer(candidates: Certificate[], at: Date): Certificate | undefined {
  return candidates.find((c) => c.notBefore <= at && at < c.notAfter) ?? candidates[candidates.length - 1];
}

// ---------------------------------------------------------------------------
// check_chain_extensions

type Fail = (symbol: string, depth: number, cert: Certificate | undefined, detail: string) => void;

/** Extensions OpenSSL understands (X509_supported_extension); any other critical one fails. */
const HANDLED_CRITICAL = new Set([
  '2.16.840.1.113730.1.1', // nsCertType
  '2.5.29.15', // keyUsage
  '2.5.29.17', // subjectAltName
  '2.5.29.19', // basicConstraints
  '2.5.29.32', // certificatePolicies
  '2.5.29.37', // extendedKeyUsage
  '2.5.29.36', // policyConstraints
  '1.3.6.1.5.5.7.1.14', // proxyCertInfo
  '2.5.29.30', // nameConstraints
  '2.5.29.33', // policyMappings
  '2.5.29.54', // inhibitAnyPolicy
  '1.3.6.1.5.5.7.1.7', // sbgp-ipAddrBlock
  '1.3.6.1.5.5.7.1.8', // sbgp-autonomousSysNum
]);

/**
 * X509_check_ca: 0 = not a CA; 1 = basicConstraints CA:TRUE; 3 = a v1 self-signed root;
 * 4 = keyCertSign without basicConstraints. A keyUsage without keyCertSign is never a CA.
 */
function caKind(cert: Certificate): number {
  const { keyUsage, basicConstraints } = cert.extensions;
  if (keyUsage && !keyUsage.includes('keyCertSign')) return 0;
  if (basicConstraints) return basicConstraints.ca ? 1 : 0;
  if (cert.version === 1 && isSelfIssued(cert)) return 3;
  if (keyUsage) return 4;
  return 0;
}

function checkExtensions(chain: Certificate[], purpose: Purpose | undefined, fail: Fail): void {
  let pathLength = 0;
  chain.forEach((cert, i) => {
    const unhandled = cert.extensions.all.find((ext) => ext.critical && !HANDLED_CRITICAL.has(ext.oid));
    if (unhandled) fail('X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION', i, cert, `${quote(cert)} has the critical extension ${unhandled.name ?? unhandled.oid}, which verifiers do not understand`);
    if (i > 0) {
      const kind = caKind(cert);
      if (kind === 0 || (i + 1 < chain.length && kind !== 1)) {
        fail('X509_V_ERR_INVALID_CA', i, cert, caProblem(cert));
      }
    }
    if (purpose && !purposeAllows(cert, purpose, i > 0)) {
      fail('X509_V_ERR_INVALID_PURPOSE', i, cert, purposeProblem(cert, purpose, i > 0));
    }
    const pathLen = cert.extensions.basicConstraints?.pathLen;
    if (i > 1 && pathLen !== null && pathLen !== undefined && pathLength > pathLen) {
      fail('X509_V_ERR_PATH_LENGTH_EXCEEDED', i, cert, `${quote(cert)} allows ${pathLen} intermediate CA${pathLen === 1 ? '' : 's'} below it (pathlen:${pathLen}), but the chain has ${pathLength}`);
    }
    if (i > 0 && !isSelfIssued(cert)) pathLength++;
  });
}

function caProblem(cert: Certificate): string {
  const { keyUsage, basicConstraints } = cert.extensions;
  if (keyUsage && !keyUsage.includes('keyCertSign')) return `${quote(cert)} issues certificates but its keyUsage lacks keyCertSign`;
  if (basicConstraints && !basicConstraints.ca) return `${quote(cert)} issues certificates but is not a CA (basicConstraints CA:FALSE)`;
  return `${quote(cert)} issues certificates but has no basicConstraints CA:TRUE`;
}

const SERVER_EKUS = ['serverAuth', 'msSGC', 'nsSGC'];

/** OpenSSL's check_purpose_ssl_server / _ssl_client (crypto/x509/v3_purp.c). */
function purposeAllows(cert: Certificate, purpose: Purpose, asCa: boolean): boolean {
  const { extendedKeyUsage, keyUsage } = cert.extensions;
  const ekus = purpose === 'server' ? SERVER_EKUS : ['clientAuth'];
  if (extendedKeyUsage && !extendedKeyUsage.some((eku) => ekus.includes(eku))) return false;
  if (asCa) return caKind(cert) !== 0;
  const usages = purpose === 'server' ? ['digitalSignature', 'keyEncipherment', 'keyAgreement'] : ['digitalSignature', 'keyAgreement'];
  return !keyUsage || keyUsage.some((usage) => usages.includes(usage));
}

function purposeProblem(cert: Certificate, purpose: Purpose, asCa: boolean): string {
  const eku = purpose === 'server' ? 'serverAuth' : 'clientAuth';
  const { extendedKeyUsage } = cert.extensions;
  if (extendedKeyUsage && !extendedKeyUsage.includes(eku)) {
    return `${quote(cert)} has extended key usage ${extendedKeyUsage.join(', ')}, without ${eku}${asCa ? ', so it may not issue TLS ' + purpose + ' certificates' : ''}`;
  }
  return `${quote(cert)}'s keyUsage (${cert.extensions.keyUsage?.join(', ') ?? 'none'}) does not allow a TLS ${purpose}`;
}

// ---------------------------------------------------------------------------
// check_auth_level

function checkAuthLevel(chain: Certificate[], fail: Fail): void {
  chain.forEach((cert, i) => {
    if (i > 0 && keySecurityBits(cert) < MIN_SECURITY_BITS) {
      fail('X509_V_ERR_CA_KEY_TOO_SMALL', i, cert, `${quote(cert)} has a ${keyText(cert)} key, below the 80-bit security level 1 requires`);
    }
    // The trust anchor's own signature is never checked, so its algorithm does not matter.
    if (i < chain.length - 1 && cert.signatureAlgorithm.securityBits < MIN_SECURITY_BITS) {
      fail('X509_V_ERR_CA_MD_TOO_WEAK', i, cert, `${quote(cert)} is signed with ${cert.signatureAlgorithm.name}, which OpenSSL 3 (and Node) refuse at security level 1`);
    }
  });
}

/** BN_security_bits for RSA/DSA; half the size for EC; the Edwards curves' nominal strength. */
function keySecurityBits(cert: Certificate): number {
  const { type, bits } = cert.publicKey;
  if (type === 'ed25519' || type === 'x25519') return 128;
  if (type === 'ed448' || type === 'x448') return 224;
  if (!bits) return MIN_SECURITY_BITS; // unknown: do not invent a failure
  if (type === 'ec') return Math.floor(bits / 2);
  if (bits >= 15360) return 256;
  if (bits >= 7680) return 192;
  if (bits >= 3072) return 128;
  if (bits >= 2048) return 112;
  if (bits >= 1024) return 80;
  return 0;
}

const keyText = (cert: Certificate) => `${cert.publicKey.type.toUpperCase()}${cert.publicKey.bits ? `-${cert.publicKey.bits}` : ''}`;

// ---------------------------------------------------------------------------
// check_id: host name and IP (X509_check_host / X509_check_ip through Node, which calls them)

function checkIdentity(target: Certificate, options: VerifyOptions, fail: Fail): void {
  if (options.host !== undefined && !x509(target).checkHost(options.host)) {
    fail('X509_V_ERR_HOSTNAME_MISMATCH', 0, target, `${quote(target)} is valid for ${namesText(target)}, not '${options.host}'`);
  }
  if (options.ip !== undefined && !x509(target).checkIP(options.ip)) {
    fail('X509_V_ERR_IP_ADDRESS_MISMATCH', 0, target, `${quote(target)} is valid for ${namesText(target)}, not the IP address ${options.ip}`);
  }
}

function namesText(cert: Certificate): string {
  const sans = (cert.extensions.subjectAltName ?? []).filter((n) => n.type === 'dns' || n.type === 'ip').map((n) => n.value);
  if (sans.length > 0) return sans.map((n) => `'${n}'`).join(', ');
  return 'no DNS or IP name (it has no subjectAltName)';
}

// ---------------------------------------------------------------------------
// internal_verify: from the top down, each signature with its issuer's key, then each validity.

function checkSignaturesAndTimes(chain: Certificate[], at: Date, fail: Fail): void {
  let n = chain.length - 1;
  let issuer = chain[n]!;
  let subject = issuer;
  if (!likelyIssued(issuer, issuer)) {
    if (n === 0) {
      fail('X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE', 0, issuer, `the signature of ${quote(issuer)} cannot be checked without its issuer`);
      checkTime(issuer, 0, at, fail);
      return;
    }
    n--;
    subject = chain[n]!;
  }
  for (; n >= 0; n--) {
    if (subject !== issuer) {
      const issuerDepth = n + 1;
      const usages = issuer.extensions.keyUsage;
      if (usages && !usages.includes('keyCertSign')) {
        fail('X509_V_ERR_KEYUSAGE_NO_CERTSIGN', issuerDepth, issuer, `${quote(issuer)} signed ${quote(subject)} but its keyUsage lacks keyCertSign`);
      }
      if (!signatureVerifies(subject, issuer)) {
        fail('X509_V_ERR_CERT_SIGNATURE_FAILURE', n, subject, `the signature on ${quote(subject)} was not made by the key of ${quote(issuer)}`);
      }
    }
    checkTime(subject, n, at, fail);
    if (n > 0) {
      issuer = subject;
      subject = chain[n - 1]!;
    }
  }
}

function checkTime(cert: Certificate, depth: number, at: Date, fail: Fail): void {
  if (cert.notBefore > at) {
    fail('X509_V_ERR_CERT_NOT_YET_VALID', depth, cert, `${quote(cert)} is valid from ${cert.notBefore.toISOString()}, after ${at.toISOString()}`);
  }
  if (cert.notAfter <= at) {
    fail('X509_V_ERR_CERT_HAS_EXPIRED', depth, cert, `${quote(cert)} expired on ${cert.notAfter.toISOString()}`);
  }
}

function signatureVerifies(subject: Certificate, issuer: Certificate): boolean {
  try {
    const key = publicKeyOf(issuer);
    const { name, hash } = subject.signatureAlgorithm;
    // RSA PKCS#1 v1.5, ECDSA and EdDSA straight over the TBS bytes; anything else (RSA-PSS with
    // its parameters, DSA …) through OpenSSL's own X509_verify.
    if (name.endsWith('WithRSAEncryption') || name.startsWith('ecdsa-with-')) return cryptoVerify(hash, subject.tbs, key, subject.signature);
    if (name === 'ED25519' || name === 'ED448') return cryptoVerify(null, subject.tbs, key, subject.signature);
    return x509(subject).verify(key);
  } catch {
    // A key or signature Node cannot even load is a signature that does not verify.
    return false;
  }
}

const publicKeys = new Map<string, KeyObject>();
/** Issuers repeat across chains (one intermediate signs many leaves): load each key once. */
function publicKeyOf(cert: Certificate): KeyObject {
  const id = cert.spki.toString('latin1');
  let key = publicKeys.get(id);
  if (!key) {
    key = createPublicKey({ key: cert.spki, format: 'der', type: 'spki' });
    if (publicKeys.size < 1024) publicKeys.set(id, key);
  }
  return key;
}

// ---------------------------------------------------------------------------
// check_name_constraints: every certificate against the constraints of those above it.

function checkChainNameConstraints(chain: Certificate[], fail: Fail): void {
  for (let i = chain.length - 1; i >= 0; i--) {
    const cert = chain[i]!;
    if (i !== 0 && isSelfIssued(cert)) continue;
    for (let j = chain.length - 1; j > i; j--) {
      const constraints = chain[j]!.extensions.nameConstraints;
      if (!constraints) continue;
      const failure = checkNameConstraints(cert, constraints, i === 0);
      if (failure) {
        const verb = failure.code === 'X509_V_ERR_EXCLUDED_VIOLATION' ? 'excluded by' : 'outside what is permitted by';
        fail(failure.code, i, cert, `the name ${failure.name} of ${quote(cert)} is ${verb} the name constraints of ${quote(chain[j]!)}`);
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Causes: one per distinct cause id, most likely first.

function causesFor(errors: VerifyError[], chain: Certificate[], options: VerifyOptions): Cause[] {
  const causes: Cause[] = [];
  errors.forEach((error, index) => {
    const id = causeIdFor(error, chain, options);
    if (!id || causes.some((cause) => cause.id === id)) return;
    const cert = chain[error.depth];
    const notCa = id === 'invalid-ca-cert' ? nonCaIssuer(cert, options) : undefined;
    if (notCa && cert) {
      causes.push(
        makeCause(id, Math.max(0.3, 0.95 - index * 0.15), [`${error.code} (${error.number}) at depth ${error.depth}: ${error.detail}`, `${quote(notCa)}, which carries the issuer's name, is not a CA certificate (${notCaReason(notCa)})`], [
          `${quote(cert)} was signed with a certificate that is not a CA: re-issue it from the intermediate or root CA (e.g. mtlskit cert create NAME), and present that CA's chain.`,
        ]),
      );
      return;
    }
    const info = x509ErrorBySymbol(error.code);
    const fix = missingIssuerFix(error, id, cert) ?? (info
      ? renderFix(info.fix, {
          subject: cert ? subjectLabel(cert) : undefined,
          issuer: cert?.issuer.display,
          host: options.host,
          ip: options.ip,
          depth: error.depth,
        })
      : '');
    causes.push(
      makeCause(id, Math.max(0.3, 0.95 - index * 0.15), [`${error.code} (${error.number}) at depth ${error.depth}: ${error.detail}`], fix ? [fix] : []),
    );
  });
  return causes;
}

/** The certificate with `cert`'s issuer name among those given, when every such one is no CA. */
function nonCaIssuer(cert: Certificate | undefined, options: VerifyOptions): Certificate | undefined {
  if (!cert) return undefined;
  const named = [...options.untrusted, ...options.anchors].filter((c) => c !== cert && c.subject.display === cert.issuer.display);
  return named.length > 0 && named.every((c) => notCaReason(c) !== null) ? named[0] : undefined;
}

function notCaReason(cert: Certificate): string | null {
  if (!cert.extensions.basicConstraints?.ca) return 'no basicConstraints CA:TRUE';
  if (cert.extensions.keyUsage && !cert.extensions.keyUsage.includes('keyCertSign')) return 'its key usage lacks keyCertSign';
  return null;
}

/** When the chain decided which of the two a missing issuer is, the fix can say exactly what to do. */
function missingIssuerFix(error: VerifyError, id: CauseId, cert: Certificate | undefined): string | null {
  if (!cert || !error.code.startsWith('X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT')) return null;
  if (id === 'incomplete-chain') {
    return `The intermediate CA '${cert.issuer.display}' is missing: add it to the chain file the server sends, e.g. \`cat leaf.crt intermediate.crt > chain.crt\` (here: pass it with --untrusted or append it to the certificate file).`;
  }
  return `The CA '${cert.issuer.display}' that issued '${subjectLabel(cert)}' is not trusted: give the verifier its root certificate (here: --ca root.crt; for Node: the \`ca\` option; for curl: --cacert), or re-issue the certificate from a CA the peer trusts.`;
}

/**
 * The table gives each code its usual cause; a missing issuer needs the chain to tell which:
 * a leaf on its own whose issuer is not a root most often lost its intermediate, while a chain
 * that ends in an intermediate with no trusted root above it points at the trust store.
 */
function causeIdFor(error: VerifyError, chain: Certificate[], options: VerifyOptions): CauseId | null {
  if (error.code === 'X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY' || error.code === 'X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT') {
    // OpenSSL passes over a candidate issuer that is no CA and then reports it missing: when the
    // only certificate with the issuer's name is not a CA, that is the cause.
    if (nonCaIssuer(chain[error.depth], options)) return 'invalid-ca-cert';
    const issuerLooksLikeRoot = /root/i.test(chain[error.depth]?.issuer.display ?? '');
    return error.depth === 0 && !issuerLooksLikeRoot ? 'incomplete-chain' : 'untrusted-ca';
  }
  const id = x509ErrorBySymbol(error.code)?.causeId ?? null;
  return id && isCauseId(id) ? id : null;
}

// ---------------------------------------------------------------------------

const parsed = new WeakMap<Certificate, X509Certificate>();
function x509(cert: Certificate): X509Certificate {
  let value = parsed.get(cert);
  if (!value) {
    value = new X509Certificate(cert.der);
    parsed.set(cert, value);
  }
  return value;
}

const quote = (cert: Certificate) => `'${subjectLabel(cert)}'`;
