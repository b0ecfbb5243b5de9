import { resolve } from 'node:path';
import { usageError } from '../errors.js';
import { DEFAULT_INTERMEDIATE_NAME, DEFAULT_ROOT_NAME } from '../pki/ca.js';
import { KEY_ALGORITHMS, type KeyAlgorithm } from '../pki/keys.js';
import { LEAF_PROFILES } from '../pki/profiles.js';
import { parseSan } from '../pki/san.js';
import type { PkiPlan } from '../pki/setup.js';
import { DEFAULT_DAYS, parseDays } from '../pki/validity.js';
import type { Io } from './io.js';

// The `init` wizard (@inquirer/prompts, loaded only on a terminal). Each answer is checked by the
// same validators the flags use, so the wizard and the flags make the same PKI.

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

export async function askForPlan(defaults: PkiPlan, io: Io): Promise<PkiPlan> {
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
