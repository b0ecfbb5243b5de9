import { resolve } from 'node:path';
import { DEFAULT_INTERMEDIATE_NAME } from '../../pki/ca.js';
import { DEFAULT_KEY_ALGORITHM, parseKeyAlgorithm } from '../../pki/keys.js';
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
  const plan = interactive ? await (await import('../init-wizard.js')).askForPlan(fromFlags, io) : fromFlags;
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
