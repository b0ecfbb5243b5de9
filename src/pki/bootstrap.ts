import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { inputError, MtlskitError } from '../errors.js';
import { parseCertificate } from '../x509/certificate.js';
import { EXTENDED_KEY_USAGES } from '../x509/oids.js';
import type { LoadedConfig } from './bootstrap-config.js';
import { createCa, DEFAULT_INTERMEDIATE_NAME } from './ca.js';
import { toPem } from './certificate.js';
import { issueLeaves, leafFiles, resolveSans, type IssuedFiles, type LeafRequest, type OutputFormat } from './issue.js';
import { DEFAULT_KEY_ALGORITHM, keyAlgorithmOf, publicKeysEqual } from './keys.js';
import { isProfilePath, loadProfile } from './profiles.js';
import { parseSan, sanToString } from './san.js';
import { hasCa, loadStore, readPrivateKeyFile, storePaths, type LoadedStore } from './store.js';
import { BACKDATE_MS, DEFAULT_DAYS } from './validity.js';

export interface BootstrapOptions {
  config: LoadedConfig;
  dir: string;
  /** Write nothing; report what would change. */
  check: boolean;
  now: Date;
  passphrase?: string;
  /** Asked only when a p12 output must actually be (re)written. */
  p12Password: () => Promise<string>;
  /** Progress for people; the CLI passes a printer only when stderr is a terminal. */
  progress?: (message: string) => void;
}

export interface ServiceChange {
  name: string;
  action: 'created' | 'renewed';
  reason: string;
}

/** design.md's `bootstrap --json` shape, plus the reasons behind each change. */
export interface BootstrapResult {
  ok: boolean;
  created: string[];
  renewed: string[];
  unchanged: string[];
  files: Record<string, IssuedFiles>;
  changes: ServiceChange[];
  dir: string;
  check: boolean;
  caCreated: boolean;
  caWouldBeCreated: boolean;
  /** Config settings an existing CA does not match (it is kept as it is). */
  warnings: string[];
}

const DAY_MS = 86_400_000;

export async function bootstrap(options: BootstrapOptions): Promise<BootstrapResult> {
  const { config, baseDir } = options.config;
  const paths = storePaths(options.dir);
  const caMissing = !hasCa(paths);
  const result: BootstrapResult = {
    ok: true, created: [], renewed: [], unchanged: [], files: {}, changes: [], dir: paths.dir,
    check: options.check, caCreated: false, caWouldBeCreated: false, warnings: [],
  };
  let password: string | undefined;
  const p12Password = async () => (password ??= await options.p12Password());
  // A service the profile rejects is an invalid config (exit 3), named by file and field path.
  const inConfig = <T>(field: string, work: () => T): T => {
    try {
      return work();
    } catch (error) {
      if (!(error instanceof MtlskitError) || error.kind !== 'usage') throw error;
      throw inputError(`config ${options.config.path}: ${field}: ${error.message}`, { subject: options.config.path });
    }
  };
  const requests = config.services.map((service, i): LeafRequest => {
    const profileField = service.profile !== undefined ? `services[${i}].profile` : 'defaults.profile';
    const named = service.profile ?? config.defaults.profile ?? 'server';
    // A profile file named in the config is found beside the config, like `out`.
    const profile = inConfig(profileField, () => loadProfile(isProfilePath(named) ? resolve(baseDir, named) : named));
    return {
      name: service.name,
      sans: service.sans,
      profile,
      days: service.days ?? config.defaults.days ?? DEFAULT_DAYS.leaf,
      key: { algorithm: service.key ?? config.defaults.key ?? DEFAULT_KEY_ALGORITHM },
      formats: (['pem', ...(service.formats ?? config.defaults.formats ?? [])] as OutputFormat[]).filter((f, i, all) => all.indexOf(f) === i),
      outDir: resolve(baseDir, service.out ?? config.out ?? paths.certs),
      p12: undefined,
    };
  });
  // Validate every service before anything is written (SAN rules per profile, names).
  requests.forEach((request, i) => inConfig(`services[${i}].sans`, () => resolveSans(request)));

  if (caMissing) {
    if (options.check) {
      result.caWouldBeCreated = true;
      for (const request of requests) addChange(result, { name: request.name, action: 'created', reason: 'no CA yet' });
      result.files = Object.fromEntries(requests.map((r) => [r.name, leafFiles(r)]));
      result.ok = false;
      return result;
    }
    // Ask for everything before the first write, so a run that cannot finish leaves nothing behind.
    if (requests.some((r) => r.formats.includes('p12'))) await p12Password();
    options.progress?.(`creating the CA in ${paths.dir}`);
    const wanted = config.ca.intermediate;
    const intermediate = wanted === true ? DEFAULT_INTERMEDIATE_NAME : typeof wanted === 'string' ? wanted : null;
    await createCa({
      dir: paths.dir, name: config.ca.name, keyAlgorithm: config.ca.key ?? DEFAULT_KEY_ALGORITHM, days: config.ca.days,
      intermediate, pathLength: config.ca.pathLength, passphrase: options.passphrase, force: false, now: options.now,
    });
    result.caCreated = true;
  }
  const store = loadStore(paths.dir, options.passphrase);
  if (!result.caCreated) result.warnings.push(...caDrift(store, config.ca));

  const pending: { request: LeafRequest; change: ServiceChange }[] = [];
  for (const request of requests) {
    const reason = driftOf(store, request, options.now, config.renewBefore);
    result.files[request.name] = leafFiles(request);
    if (reason === null) result.unchanged.push(request.name);
    else pending.push({ request, change: { name: request.name, ...reason } });
  }
  for (const { change } of pending) addChange(result, change);
  if (options.check) {
    result.ok = pending.length === 0;
    return result;
  }
  if (pending.length === 0) return result;

  if (pending.some(({ request }) => request.formats.includes('p12'))) await p12Password();
  options.progress?.(`issuing ${pending.length} certificate(s)`);
  // Keys are generated concurrently on libuv's thread pool (RSA especially).
  const issued = await issueLeaves(
    store,
    pending.map(({ request }) => {
      const legacy = config.services.find((s) => s.name === request.name)?.p12Legacy ?? false;
      return { ...request, p12: password === undefined ? undefined : { password, legacy } };
    }),
    // Bootstrap owns its outputs: a renewal replaces them.
    { force: true, now: options.now },
  );
  for (const leaf of issued) result.files[leaf.name] = leaf.files;
  return result;
}

/** Bootstrap reuses an existing CA and never replaces it; settings that no longer match are only reported. */
function caDrift(store: LoadedStore, wanted: LoadedConfig['config']['ca']): string[] {
  const hint = `bootstrap keeps the CA in ${store.paths.dir}; to replace it (every certificate it issued stops verifying) run mtlskit ca create --force`;
  const warnings: string[] = [];
  const cn = store.root.x509.subject?.match(/^CN=(.*)$/m)?.[1];
  if (wanted.name !== undefined && wanted.name !== cn) warnings.push(`ca.name is '${wanted.name}' but the CA is '${cn ?? store.root.x509.subject}'; ${hint}`);
  const key = keyAlgorithmOf(store.root.x509.publicKey);
  if (wanted.key !== undefined && wanted.key !== key) warnings.push(`ca.key is ${wanted.key} but the CA key is ${key ?? store.root.x509.publicKey.asymmetricKeyType}; ${hint}`);
  const wantsIntermediate = wanted.intermediate !== undefined && wanted.intermediate !== false && wanted.intermediate !== null;
  if (wanted.intermediate !== undefined && wantsIntermediate !== (store.intermediate !== null)) {
    warnings.push(`ca.intermediate ${wantsIntermediate ? 'asks for' : 'rules out'} an intermediate but the CA ${store.intermediate ? 'has' : 'has none'}; ${hint}`);
  }
  return warnings;
}

function addChange(result: BootstrapResult, change: ServiceChange): void {
  result.changes.push(change);
  (change.action === 'created' ? result.created : result.renewed).push(change.name);
}

/** Why a service's files no longer match its config, or null when they do. Reads, never writes. */
export function driftOf(store: LoadedStore, request: LeafRequest, now: Date, renewBeforeMs: number): Omit<ServiceChange, 'name'> | null {
  const files = leafFiles(request);
  if (!existsSync(files.cert)) return { action: 'created', reason: 'no certificate yet' };
  const missing = Object.values(files).find((path) => !existsSync(path));
  if (missing) return { action: 'renewed', reason: `${missing} is missing` };
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(readFileSync(files.cert));
  } catch {
    return { action: 'renewed', reason: `${files.cert} is not a readable certificate` };
  }
  const issuer = store.issuer.x509;
  if (cert.issuer !== issuer.subject || !cert.verify(issuer.publicKey)) return { action: 'renewed', reason: 'it was issued by another CA' };
  const notAfter = new Date(cert.validTo);
  if (notAfter.getTime() - now.getTime() < renewBeforeMs) {
    const days = Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS);
    return { action: 'renewed', reason: days < 0 ? `it expired ${-days} day(s) ago` : `it expires in ${days} day(s), within renewBefore` };
  }
  const wanted = resolveSans(request).map(sanToString).sort();
  const actual = (parseCertificate(cert.raw).extensions.subjectAltName ?? [])
    .map((s) => (s.type === 'dns' || s.type === 'ip' || s.type === 'uri' || s.type === 'email' ? sanToString(parseSan(`${s.type}:${s.value}`)) : `${s.type}:${s.value}`))
    .sort();
  if (wanted.join('\n') !== actual.join('\n')) {
    const added = wanted.filter((s) => !actual.includes(s));
    const removed = actual.filter((s) => !wanted.includes(s));
    return { action: 'renewed', reason: `SANs changed (${[...added.map((s) => `+${s}`), ...removed.map((s) => `-${s}`)].join(', ')})` };
  }
  const wantedKey = 'algorithm' in request.key ? request.key.algorithm : null;
  const actualKey = keyAlgorithmOf(cert.publicKey);
  if (wantedKey !== actualKey) return { action: 'renewed', reason: `key type changed from ${actualKey ?? cert.publicKey.asymmetricKeyType} to ${wantedKey}` };
  const wantedEku = request.profile.extendedKeyUsage.map((n) => EXTENDED_KEY_USAGES[n] ?? n).sort().join(',');
  const actualEku = [...(cert.keyUsage ?? [])].sort().join(',');
  if (wantedEku !== actualEku || (request.profile.subject === 'empty') !== !cert.subject) {
    return { action: 'renewed', reason: `profile changed to ${request.profile.name}` };
  }
  const cappedByIssuer = notAfter.getTime() === new Date(issuer.validTo).getTime();
  const lifetime = notAfter.getTime() - new Date(cert.validFrom).getTime() - BACKDATE_MS;
  if (!cappedByIssuer && Math.abs(lifetime - request.days * DAY_MS) > 60_000) {
    return { action: 'renewed', reason: `validity changed to ${request.days} days` };
  }
  try {
    if (!publicKeysEqual(readPrivateKeyFile(files.key!, undefined), cert.publicKey)) {
      return { action: 'renewed', reason: `${files.key} does not match ${files.cert}` };
    }
  } catch {
    return { action: 'renewed', reason: `${files.key} is not a readable private key` };
  }
  const chain = toPem(cert.raw) + (store.intermediate ? toPem(store.intermediate.der) : '');
  if (readFileSync(files.chain, 'utf8') !== chain) return { action: 'renewed', reason: `${files.chain} is out of date` };
  return null;
}
