import { existsSync, unlinkSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { X509Certificate } from 'node:crypto';
import { usageError } from '../errors.js';
import { randomSerial, signCertificate, subjectNameDer, subjectString, toPem, type NameAttribute } from './certificate.js';
import { authorityKeyIdentifier, basicConstraints, keyIdentifier, keyUsage, subjectKeyIdentifier } from './extensions.js';
import { assertWritable, PRIVATE, PUBLIC, writeFilesAtomic, type PlannedFile } from './atomic-file.js';
import { generateKey, privateKeyPem, spkiDer, type KeyAlgorithm } from './keys.js';
import { withLock } from './lock.js';
import { loadProfile } from './profiles.js';
import { storePaths } from './store.js';
import { DEFAULT_DAYS, validityFor } from './validity.js';

export interface CreateCaOptions {
  dir: string;
  /** Root CN. Default 'mtlskit Development Root CA'. */
  name?: string;
  keyAlgorithm: KeyAlgorithm;
  /** Root validity. Default 3650. */
  days?: number;
  /** CN of an intermediate to create and sign leaves with; null for none. */
  intermediate: string | null;
  /** pathLenConstraint of the intermediate (default 0), or of the root when there is no intermediate (default none). */
  pathLength?: number;
  /** Encrypts ca.key (and intermediate.key) at rest with AES-256-CBC. */
  passphrase?: string;
  force: boolean;
  now: Date;
}

export interface CaSummary {
  dir: string;
  cert: string;
  key: string;
  subject: string;
  fingerprintSha256: string;
  notBefore: string;
  notAfter: string;
  keyAlgorithm: KeyAlgorithm;
  pathLength: number | null;
}

export interface CreateCaResult {
  ok: true;
  ca: CaSummary;
  intermediate: CaSummary | null;
}

export const DEFAULT_ROOT_NAME = 'mtlskit Development Root CA';
export const DEFAULT_INTERMEDIATE_NAME = 'mtlskit Development Intermediate CA';

export async function createCa(options: CreateCaOptions): Promise<CreateCaResult> {
  const paths = storePaths(options.dir);
  const rootName = options.name ?? DEFAULT_ROOT_NAME;
  checkCommonName(rootName, '--name');
  if (options.intermediate !== null) checkCommonName(options.intermediate, '--intermediate');
  // Refuse before generating anything, and again under the lock (another process may be faster).
  const targets = [paths.rootCert, paths.rootKey, ...(options.intermediate ? [paths.intermediateCert, paths.intermediateKey] : [])];
  assertWritable(targets, options.force);

  const rootDays = options.days ?? DEFAULT_DAYS.root;
  const [rootKey, intermediateKey] = await Promise.all([
    generateKey(options.keyAlgorithm),
    options.intermediate ? generateKey(options.keyAlgorithm) : Promise.resolve(null),
  ]);
  const rootPathLength = options.intermediate ? undefined : options.pathLength;
  const rootCertDer = await caCertificate({
    name: rootName,
    key: rootKey,
    validity: validityFor(options.now, rootDays),
    profile: 'root-ca',
    pathLength: rootPathLength,
  });
  const files: PlannedFile[] = [
    { path: paths.rootCert, data: toPem(rootCertDer), mode: PUBLIC },
    { path: paths.rootKey, data: privateKeyPem(rootKey, options.passphrase), mode: PRIVATE },
  ];
  let intermediateCertDer: Buffer | null = null;
  const intermediatePathLength = options.pathLength ?? loadProfile('intermediate-ca').pathLength;
  if (options.intermediate && intermediateKey) {
    const root = new X509Certificate(rootCertDer);
    intermediateCertDer = await caCertificate({
      name: options.intermediate,
      key: intermediateKey,
      validity: validityFor(options.now, Math.min(DEFAULT_DAYS.intermediate, rootDays), new Date(root.validTo)),
      profile: 'intermediate-ca',
      pathLength: intermediatePathLength,
      issuer: { key: rootKey, certDer: rootCertDer },
    });
    files.push(
      { path: paths.intermediateCert, data: toPem(intermediateCertDer), mode: PUBLIC },
      { path: paths.intermediateKey, data: privateKeyPem(intermediateKey, options.passphrase), mode: PRIVATE },
    );
  }

  await withLock(paths.lock, async () => {
    await writeFilesAtomic(files, options.force);
    // A re-created CA without an intermediate must not leave the old one behind to sign with.
    if (!options.intermediate) {
      for (const stale of [paths.intermediateCert, paths.intermediateKey]) if (existsSync(stale)) unlinkSync(stale);
    }
  });

  const summary = (der: Buffer, cert: string, key: string, pathLength: number | null): CaSummary => {
    const x509 = new X509Certificate(der);
    return {
      dir: paths.dir,
      cert,
      key,
      subject: subjectString(x509),
      fingerprintSha256: x509.fingerprint256,
      notBefore: new Date(x509.validFrom).toISOString(),
      notAfter: new Date(x509.validTo).toISOString(),
      keyAlgorithm: options.keyAlgorithm,
      pathLength,
    };
  };
  return {
    ok: true,
    ca: summary(rootCertDer, paths.rootCert, paths.rootKey, rootPathLength ?? null),
    intermediate: intermediateCertDer
      ? summary(intermediateCertDer, paths.intermediateCert, paths.intermediateKey, intermediatePathLength ?? null)
      : null,
  };
}

async function caCertificate(spec: {
  name: string;
  key: KeyObject;
  validity: { notBefore: Date; notAfter: Date };
  profile: 'root-ca' | 'intermediate-ca';
  pathLength: number | undefined;
  issuer?: { key: KeyObject; certDer: Buffer };
}): Promise<Buffer> {
  const profile = loadProfile(spec.profile);
  const spki = spkiDer(spec.key);
  const ownId = keyIdentifier(spki);
  const issuerId = spec.issuer ? keyIdentifier(spkiDer(spec.issuer.key)) : ownId;
  const subject: NameAttribute[] = [{ type: 'CN', value: spec.name }];
  return signCertificate(
    {
      serial: randomSerial(),
      subject,
      issuerName: spec.issuer ? subjectNameDer(spec.issuer.certDer) : undefined,
      notBefore: spec.validity.notBefore,
      notAfter: spec.validity.notAfter,
      subjectPublicKeyInfo: spki,
      extensions: [
        basicConstraints(true, spec.pathLength),
        keyUsage(profile.keyUsage),
        subjectKeyIdentifier(ownId),
        authorityKeyIdentifier(issuerId),
      ],
    },
    spec.issuer?.key ?? spec.key,
  );
}

/** X.520 ub-common-name: 64 characters. */
export function checkCommonName(name: string, source: string): void {
  if (name.trim() === '' || name.length > 64) {
    throw usageError(`invalid value '${name}' for ${source}; a common name is 1 to 64 characters`, name);
  }
}
