import { join, resolve } from 'node:path';
import { usageError } from '../errors.js';
import { appendLine, assertWritable, PRIVATE, PUBLIC, writeFilesAtomic, type PlannedFile } from './atomic-file.js';
import { encodedExtension, fingerprintSha256, randomSerial, serialHex, signCertificate, subjectString, toPem, wholeSeconds, type NameAttribute } from './certificate.js';
import type { ParsedCsr } from './csr.js';
import {
  authorityKeyIdentifier,
  basicConstraints,
  extendedKeyUsage,
  keyIdentifier,
  keyUsage,
  subjectAltName,
  subjectKeyIdentifier,
} from './extensions.js';
import { kubernetesTlsSecret } from './k8s-secret.js';
import { generateEncodedKey, isRsaKey, keyAlgorithmOf, pemBody, type KeyAlgorithm } from './keys.js';
import { withLock } from './lock.js';
import { keyUsagesFor, type Profile } from './profiles.js';
import { parseSan, sanToString, type San } from './san.js';
import type { LoadedStore } from './store.js';
import { validityFor } from './validity.js';

/** `--format` values (design.md); pem is always written. */
export const OUTPUT_FORMATS = ['pem', 'der', 'p12', 'k8s'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Accepts repeated flags and comma lists: `--format der,p12 --format k8s`. */
export function parseFormats(values: readonly string[], source = '--format'): OutputFormat[] {
  const formats = new Set<OutputFormat>(['pem']);
  for (const value of values.flatMap((v) => v.split(',')).map((v) => v.trim().toLowerCase()).filter(Boolean)) {
    if (!(OUTPUT_FORMATS as readonly string[]).includes(value)) {
      throw usageError(`invalid value '${value}' for ${source}; options are ${OUTPUT_FORMATS.join(', ')}`, value);
    }
    formats.add(value as OutputFormat);
  }
  return OUTPUT_FORMATS.filter((f) => formats.has(f));
}

/** File names become paths: keep them to one plain segment. */
export function checkCertificateName(name: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name) || name.includes('..')) {
    throw usageError(`invalid certificate name '${name}'; use 1 to 64 letters, digits, '.', '_' or '-' (it names the files, e.g. api → api.crt)`, name);
  }
}

export interface LeafRequest {
  /** Names the files (NAME.crt …) and, for `cn` profiles, the subject CN. */
  name: string;
  /** Raw SAN strings as the user wrote them (bare or prefixed). */
  sans: readonly string[];
  profile: Profile;
  days: number;
  /** Generate a key of this algorithm, or certify the key of an external CSR (no key file is written). */
  key: { algorithm: KeyAlgorithm } | { csr: ParsedCsr };
  formats: readonly OutputFormat[];
  outDir: string;
  p12?: { password: string; legacy: boolean };
}

export interface IssuedFiles {
  cert: string;
  key?: string;
  chain: string;
  der?: string;
  p12?: string;
  secret?: string;
}

export interface CertificateSummary {
  subject: string;
  issuer: string;
  serial: string;
  notBefore: string;
  notAfter: string;
  sans: string[];
  fingerprintSha256: string;
  profile: string;
  key: { algorithm: KeyAlgorithm | null; type: string };
}

export interface PlannedLeaf {
  name: string;
  files: IssuedFiles;
  certificate: CertificateSummary;
  warnings: string[];
  writes: PlannedFile[];
}

/**
 * The SANs a certificate gets: what the user gave, else what the CSR asked for, else NAME itself
 * when it is a host name. Checked against the profile's rules.
 */
export function resolveSans(request: Pick<LeafRequest, 'name' | 'sans' | 'profile'>, csr?: ParsedCsr): San[] {
  let sans = request.sans.map(parseSan);
  if (sans.length === 0 && csr) sans = csr.sans.map((s) => parseSan(`${s.type}:${s.value}`));
  if (sans.length === 0 && !request.profile.sans.spiffe) {
    try {
      sans = [parseSan(`dns:${request.name}`)];
    } catch {
      sans = [];
    }
  }
  const unique = [...new Map(sans.map((s) => [sanToString(s), s])).values()];
  if (request.profile.sans.spiffe) {
    const uris = unique.filter((s) => s.type === 'uri');
    const example = `spiffe://example.org/ns/default/sa/${request.name}`;
    if (uris.length !== 1 || !uris[0]!.value.startsWith('spiffe://')) {
      throw usageError(
        uris.length > 1
          ? `the spiffe profile allows exactly one URI SAN, got ${uris.length} (${uris.map((u) => u.value).join(', ')}); keep only the SPIFFE ID`
          : `the spiffe profile needs exactly one spiffe:// URI SAN, e.g. mtlskit cert create ${request.name} ${example} --profile spiffe`,
        uris.map((u) => u.value).join(','),
      );
    }
  }
  if (request.profile.sans.required && unique.length === 0) {
    throw usageError(`a ${request.profile.name} certificate needs at least one SAN (host name or IP); e.g. mtlskit cert create ${request.name} ${request.name}.internal 127.0.0.1`);
  }
  return unique;
}

const shared = new Map<string, { head: Buffer[]; aki: Buffer }>();

/**
 * The extensions every certificate of a profile shares (basicConstraints, keyUsage, EKU) and the
 * issuer's AKI, DER-encoded once per process instead of once per certificate.
 */
function sharedExtensions(profile: Profile, isRsa: boolean, issuerKeyId: Buffer): { head: Buffer[]; aki: Buffer } {
  const key = JSON.stringify([profile.keyUsage, profile.keyUsageRsa, profile.extendedKeyUsage, isRsa, issuerKeyId.toString('hex')]);
  let entry = shared.get(key);
  if (!entry) {
    entry = {
      head: [
        encodedExtension(basicConstraints(false)),
        encodedExtension(keyUsage(keyUsagesFor(profile, isRsa))),
        ...(profile.extendedKeyUsage.length ? [encodedExtension(extendedKeyUsage(profile.extendedKeyUsage))] : []),
      ],
      aki: encodedExtension(authorityKeyIdentifier(issuerKeyId)),
    };
    shared.set(key, entry);
  }
  return entry;
}

/** Every check a request must pass before anything is written; returns its SANs. */
export function validateLeafRequest(request: LeafRequest): San[] {
  checkCertificateName(request.name);
  const csr = 'csr' in request.key ? request.key.csr : undefined;
  if (csr && request.formats.some((f) => f === 'p12' || f === 'k8s')) {
    throw usageError('--csr certificates have no private key here, so p12 and k8s formats cannot be written; use --format pem,der');
  }
  if (request.formats.includes('p12') && !request.p12) throw usageError('--format p12 needs a password: --p12-password-file FILE or MTLSKIT_P12_PASSWORD');
  return resolveSans(request, csr);
}

/** The files a request writes (design.md: NAME.crt, NAME.key, NAME-chain.crt, plus one per --format). */
export function leafFiles(request: Pick<LeafRequest, 'name' | 'outDir' | 'formats' | 'key'>): IssuedFiles {
  const base = join(resolve(request.outDir), request.name);
  const hasKey = 'algorithm' in request.key;
  return {
    cert: `${base}.crt`,
    ...(hasKey ? { key: `${base}.key` } : {}),
    chain: `${base}-chain.crt`,
    ...(request.formats.includes('der') ? { der: `${base}.der` } : {}),
    ...(hasKey && request.formats.includes('p12') ? { p12: `${base}.p12` } : {}),
    ...(hasKey && request.formats.includes('k8s') ? { secret: `${base}-secret.yaml` } : {}),
  };
}

/** Generates (or takes the CSR's) key and signs; `sans` come from {@link validateLeafRequest}. */
async function planLeaf(store: LoadedStore, request: LeafRequest, sans: San[], now: Date): Promise<PlannedLeaf> {
  const csr = 'csr' in request.key ? request.key.csr : undefined;
  const generated = 'algorithm' in request.key ? await generateEncodedKey(request.key.algorithm) : null;
  const spki = csr ? csr.spkiDer : generated!.spkiDer;
  const isRsa = csr ? isRsaKey(csr.publicKey) : generated!.isRsa;
  const subject: NameAttribute[] | Buffer =
    csr && csr.subject !== '' ? csr.subjectDer : request.profile.subject === 'empty' ? [] : [{ type: 'CN', value: request.name.slice(0, 64) }];
  const subjectEmpty = Array.isArray(subject) && subject.length === 0;
  const issuer = store.issuer;
  const validity = validityFor(now, request.days, new Date(issuer.x509.validTo));
  const warnings = validity.cappedTo
    ? [`validity cut to ${validity.cappedTo.toISOString()}, when the issuing CA itself expires`]
    : [];
  const common = sharedExtensions(request.profile, isRsa, issuer.keyId);
  const serialNumber = randomSerial();
  const der = await signCertificate(
    {
      serial: serialNumber,
      subject,
      issuerName: issuer.subjectDer,
      notBefore: validity.notBefore,
      notAfter: validity.notAfter,
      subjectPublicKeyInfo: spki,
      extensions: [
        ...common.head,
        ...(sans.length ? [subjectAltName(sans, subjectEmpty)] : []),
        subjectKeyIdentifier(keyIdentifier(spki)),
        common.aki,
      ],
    },
    issuer.key,
  );

  const files = leafFiles(request);
  const certPem = toPem(der);
  const intermediatesPem = store.intermediate ? toPem(store.intermediate.der) : '';
  const chainPem = certPem + intermediatesPem;
  const writes: PlannedFile[] = [
    { path: files.cert, data: certPem, mode: PUBLIC },
    { path: files.chain, data: chainPem, mode: PUBLIC },
  ];
  if (generated) {
    const keyPem = generated.pkcs8Pem;
    writes.push({ path: files.key!, data: keyPem, mode: PRIVATE });
    if (files.p12) {
      const chainDers = [der, ...(store.intermediate ? [store.intermediate.der] : []), store.root.der];
      writes.push({
        path: files.p12,
        data: (await import('./pkcs12.js')).buildPkcs12({ privateKeyPkcs8Der: pemBody(keyPem), certificateDers: chainDers, password: request.p12!.password, friendlyName: request.name, legacy: request.p12!.legacy }),
        mode: PRIVATE,
      });
    }
    if (files.secret) {
      writes.push({ path: files.secret, data: kubernetesTlsSecret(request.name, chainPem, keyPem, toPem(store.root.der)), mode: PRIVATE });
    }
  }
  if (files.der) writes.push({ path: files.der, data: der, mode: PUBLIC });

  return {
    name: request.name,
    files,
    warnings,
    writes,
    certificate: {
      subject: Array.isArray(subject) ? subject.map((a) => `${a.type}=${a.value}`).join(', ') : csr!.subject,
      issuer: subjectString(issuer.x509),
      serial: serialHex(serialNumber),
      notBefore: wholeSeconds(validity.notBefore).toISOString(),
      notAfter: wholeSeconds(validity.notAfter).toISOString(),
      sans: sans.map(sanToString),
      fingerprintSha256: fingerprintSha256(der),
      profile: request.profile.name,
      key: csr
        ? { algorithm: keyAlgorithmOf(csr.publicKey), type: csr.publicKey.asymmetricKeyType ?? 'unknown' }
        : { algorithm: generated!.algorithm, type: generated!.algorithm.replace(/-.*/, '') },
    },
  };
}

export interface IssuedLeaf {
  name: string;
  files: IssuedFiles;
  certificate: CertificateSummary;
  warnings: string[];
}

/**
 * Issues certificates and logs each one, under the store lock. Every request is validated and
 * every target checked first: if any target exists (and force is off), nothing is written. Each
 * certificate's files are written as soon as it is signed, so disk waits overlap the signing of
 * the next ones.
 */
export async function issueLeaves(store: LoadedStore, requests: readonly LeafRequest[], options: { force: boolean; now: Date }): Promise<IssuedLeaf[]> {
  const sans = requests.map(validateLeafRequest);
  const targets = requests.flatMap((r) => Object.values(leafFiles(r)));
  assertWritable(targets, options.force);
  return withLock(store.paths.lock, async () => {
    assertWritable(targets, options.force);
    const leaves = await Promise.all(
      requests.map(async (request, i) => {
        const leaf = await planLeaf(store, request, sans[i]!, options.now);
        await writeFilesAtomic(leaf.writes, options.force);
        return leaf;
      }),
    );
    // One append for the whole batch: the log stays one line per certificate, written once.
    appendLine(store.paths.log, leaves.map((leaf) => JSON.stringify(logEntry(leaf, options.now))).join('\n'));
    return leaves.map(({ name, files, certificate, warnings }) => ({ name, files, certificate, warnings }));
  });
}

const logEntry = (leaf: PlannedLeaf, now: Date) => ({
  time: now.toISOString(),
  name: leaf.name,
  serial: leaf.certificate.serial,
  subject: leaf.certificate.subject,
  issuer: leaf.certificate.issuer,
  sans: leaf.certificate.sans,
  profile: leaf.certificate.profile,
  notAfter: leaf.certificate.notAfter,
  fingerprintSha256: leaf.certificate.fingerprintSha256,
  files: Object.values(leaf.files),
});
