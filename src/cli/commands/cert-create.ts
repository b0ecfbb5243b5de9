import { readFileSync } from 'node:fs';
import { inputError } from '../../errors.js';
import type { ParsedCsr } from '../../pki/csr.js';
import { issueLeaves, parseFormats } from '../../pki/issue.js';
import { DEFAULT_KEY_ALGORITHM, parseKeyAlgorithm } from '../../pki/keys.js';
import { loadProfile } from '../../pki/profiles.js';
import { loadStore } from '../../pki/store.js';
import { DEFAULT_DAYS, parseDays } from '../../pki/validity.js';
import { renderCertificate } from '../../render/pki.js';
import { ExitCode } from '../exit-code.js';
import { toJson, type GlobalOptions, type Io } from '../io.js';
import { caPassphrase, optionalString, p12Password, resolveStoreDir } from '../options.js';
import { join, resolve } from 'node:path';

export async function certCreateCommand(args: string[], options: Record<string, unknown>, globals: GlobalOptions, io: Io): Promise<number> {
  const [name, ...positionalSans] = args as [string, ...string[]];
  const dir = resolveStoreDir(options.dir, io);
  const formats = parseFormats((options.format as string[] | undefined) ?? []);
  const profile = loadProfile(optionalString(options.profile) ?? 'server');
  const days = options.days === undefined ? DEFAULT_DAYS.leaf : parseDays(String(options.days));
  const csrPath = optionalString(options.csr);
  const key = csrPath ? { csr: await readCsr(resolve(io.cwd, csrPath)) } : { algorithm: options.key === undefined ? DEFAULT_KEY_ALGORITHM : parseKeyAlgorithm(String(options.key)) };
  const store = loadStore(dir, caPassphrase(options.passphraseFile, io));
  const p12 = formats.includes('p12') && !csrPath ? { password: await p12Password(options.p12PasswordFile, io), legacy: Boolean(options.p12Legacy) } : undefined;
  const outDir = resolve(io.cwd, optionalString(options.out) ?? join(dir, 'certs'));

  const sans = [...positionalSans, ...((options.san as string[] | undefined) ?? [])];
  const [leaf] = await issueLeaves(store, [{ name, sans, profile, days, key, formats, outDir, p12 }], { force: Boolean(options.force), now: io.now() });
  if (!leaf) throw new Error('no certificate was issued');

  if (globals.json) io.out(toJson({ ok: true, files: leaf.files, certificate: leaf.certificate, warnings: leaf.warnings }));
  else if (!globals.quiet) io.out(renderCertificate(name, leaf.certificate, leaf.files, { theme: io.theme, now: io.now(), cwd: io.cwd }, leaf.warnings));
  return ExitCode.Ok;
}

/** Loaded only for --csr: the CSR parser is not needed to issue ordinary certificates. */
async function readCsr(path: string): Promise<ParsedCsr> {
  const { CsrError, parseCsr } = await import('../../pki/csr.js');
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (error) {
    throw inputError(`cannot read CSR ${path}: ${(error as NodeJS.ErrnoException).code}; check the path`, { subject: path, cause: error });
  }
  try {
    return parseCsr(data);
  } catch (error) {
    if (error instanceof CsrError) {
      const why = error.reason === 'bad-signature'
        ? 'its signature does not verify, so it was altered or made with another key; ask for a fresh CSR'
        : error.reason === 'unsupported-algorithm' ? `it is signed with an algorithm mtlskit does not know (${error.message})` : `it is not a PKCS#10 certificate request (${error.message})`;
      throw inputError(`CSR ${path}: ${why}`, { subject: path, causeId: error.reason === 'bad-signature' ? 'signature-invalid' : 'key-load-failed' });
    }
    throw error;
  }
}
