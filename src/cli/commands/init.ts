import { resolve } from 'node:path';
import { usageError } from '../../errors.js';
import { DEFAULT_INTERMEDIATE_NAME, DEFAULT_ROOT_NAME } from '../../pki/ca.js';
import { parseSan } from '../../pki/san.js';
import { DEFAULT_KEY_ALGORITHM, KEY_ALGORITHMS, parseKeyAlgorithm, type KeyAlgorithm } from '../../pki/keys.js';
import { LEAF_PROFILES } from '../../pki/profiles.js';
import { setUpPki, type PkiPlan } from '../../pki/setup.js';
import { DEFAULT_DAYS, parseDays } from '../../pki/validity.js';
import { renderCaCreated, renderCertificate, type RenderContext } from '../../render/pki.js';
import { ExitCode } from '../exit-code.js';
import { toJson, type GlobalOptions, type Io } from '../io.js';
import { caPassphrase, optionalString, resolveStoreDir } from '../options.js';

/** What `init --yes` makes: a server and a client certificate, enough for a first mTLS handshake. */
export const DEFAULT_SERVICES = [
  { name: 'localhost', sans: ['localhost', '127.0.0.1', '::1'], profile: 'server' },
  { name: 'client', sans: [], profile: 'client' },
];

export async function initCommand(options: Record<string, unknown>, globals: GlobalOptions, io: Io): Promise<number> {
  const dir = resolveStoreDir(options.dir, io);
  const fromFlags = planFromFlags(options, dir, io);
  const interactive = !options.yes && io.stdinIsTTY && io.stdoutIsTTY && !globals.json;
  const plan = interactive ? await askForPlan(fromFlags, io) : fromFlags;
  const result = await setUpPki(plan, io.now());
  if (globals.json) {
    io.out(toJson(result));
    return ExitCode.Ok;
  }
  if (globals.quiet) return ExitCode.Ok;
  const ctx: RenderContext = { theme: io.theme, now: io.now(), cwd: io.cwd };
  const out: string[] = [];
  if (result.ca) out.push(renderCaCreated(result.ca, ctx).split('\n\n')[0]!);
  else out.push(`${io.theme.marks.ok} reused the CA already in ${dir}`);
  for (const c of result.certificates) out.push(renderCertificate(c.name, c.certificate, c.files, ctx, c.warnings));
  const server = result.certificates.find((c) => c.certificate.profile !== 'client');
  const client = result.certificates.find((c) => c.certificate.profile === 'client' || c.certificate.profile === 'peer');
  out.push('', io.theme.strong('Next:'));
  out.push(`  ${io.theme.code(`mtlskit cert create NAME [SAN…] --dir ${dir}`)}   issue more`);
  if (server && client) {
    out.push(`  ${io.theme.code(`openssl s_server -accept 8443 -cert ${server.files.cert} -key ${server.files.key} -CAfile ${dir}/ca.crt -Verify 1`)}`);
    out.push(`  ${io.theme.code(`curl --cacert ${dir}/ca.crt --cert ${client.files.cert} --key ${client.files.key} https://localhost:8443/`)}`);
  }
  io.out(out.join('\n'));
  return ExitCode.Ok;
}

function planFromFlags(options: Record<string, unknown>, dir: string, io: Io): PkiPlan {
  const keyAlgorithm = options.key === undefined ? DEFAULT_KEY_ALGORITHM : parseKeyAlgorithm(String(options.key));
  const intermediate = options.intermediate === true ? DEFAULT_INTERMEDIATE_NAME : optionalString(options.intermediate) ?? null;
  return {
    dir,
    ca: { name: optionalString(options.name), keyAlgorithm, days: options.days === undefined ? undefined : parseDays(String(options.days)), intermediate },
    services: DEFAULT_SERVICES.map((s) => ({ ...s, keyAlgorithm, days: DEFAULT_DAYS.leaf })),
    outDir: resolve(io.cwd, optionalString(options.out) ?? `${dir}/certs`),
    passphrase: caPassphrase(options.passphraseFile, io),
  };
}

/** Throws the prompt's validation message instead of returning it, so one check serves flags and prompts. */
const asPromptCheck = (check: (value: string) => unknown) => (value: string) => {
  try {
    check(value);
    return true;
  } catch (error) {
    return (error as Error).message;
  }
};

const splitList = (value: string) => value.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);

async function askForPlan(defaults: PkiPlan, io: Io): Promise<PkiPlan> {
  const { input, select, confirm } = await import('@inquirer/prompts');
  io.err(io.theme.strong('mtlskit init: a local CA and certificates for your services\n'));
  const name = await input({ message: 'CA name', default: defaults.ca.name ?? DEFAULT_ROOT_NAME, validate: (v) => (v.trim() !== '' && v.length <= 64) || 'a CA name is 1 to 64 characters' });
  const keyAlgorithm = await select<KeyAlgorithm>({
    message: 'Key type',
    default: defaults.ca.keyAlgorithm,
    choices: KEY_ALGORITHMS.map((k) => ({ value: k, name: k === 'ec-p256' ? `${k} (recommended: fast, accepted everywhere)` : k })),
  });
  const days = Number(await input({ message: 'CA validity in days', default: String(defaults.ca.days ?? DEFAULT_DAYS.root), validate: asPromptCheck((v) => parseDays(v)) }));
  const withIntermediate = await confirm({ message: 'Create an intermediate CA to sign certificates (as production PKIs do)?', default: defaults.ca.intermediate !== null });
  const intermediate = withIntermediate ? await input({ message: 'Intermediate CA name', default: defaults.ca.intermediate ?? DEFAULT_INTERMEDIATE_NAME }) : null;

  const services: PkiPlan['services'] = [];
  let another = true;
  while (another) {
    const n = services.length;
    const serviceName = await input({
      message: `Service ${n + 1} name (names its files)`,
      default: n === 0 ? 'localhost' : undefined,
      validate: (v) => /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(v) || "use letters, digits, '.', '_' or '-'",
    });
    const profile = await select({
      message: 'Profile',
      default: n === 0 ? 'server' : 'client',
      choices: LEAF_PROFILES.map((p) => ({ value: p, name: p, description: PROFILE_HINTS[p] })),
    });
    const sanDefault = profile === 'spiffe' ? `spiffe://example.org/ns/default/sa/${serviceName}` : serviceName === 'localhost' ? 'localhost, 127.0.0.1, ::1' : '';
    const sans = splitList(await input({ message: 'SANs (host names, IPs, URIs; comma separated)', default: sanDefault, validate: asPromptCheck((v) => splitList(v).forEach(parseSan)) }));
    services.push({ name: serviceName, sans, profile, keyAlgorithm, days: DEFAULT_DAYS.leaf });
    another = await confirm({ message: 'Add another service?', default: false });
  }
  const outDir = await input({ message: 'Output folder for the service files', default: defaults.outDir });
  if (services.length === 0) throw usageError('no services given');
  return { ...defaults, ca: { name, keyAlgorithm, days, intermediate }, services, outDir: resolve(io.cwd, outDir) };
}

const PROFILE_HINTS: Record<string, string> = {
  server: 'serverAuth: a TLS server',
  client: 'clientAuth: a client presenting a certificate',
  peer: 'both: a service that serves and calls others',
  spiffe: 'an X509-SVID with one spiffe:// ID',
};
