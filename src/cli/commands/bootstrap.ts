import { resolve } from 'node:path';
import { bootstrap } from '../../pki/bootstrap.js';
import { loadBootstrapConfig } from '../../pki/bootstrap-config.js';
import { renderBootstrap } from '../../render/pki.js';
import { ExitCode } from '../exit-code.js';
import { toJson, type GlobalOptions, type Io } from '../io.js';
import { caPassphrase, p12Password, resolveStoreDir } from '../options.js';

export async function bootstrapCommand(configPath: string, options: Record<string, unknown>, globals: GlobalOptions, io: Io): Promise<number> {
  const config = await loadBootstrapConfig(resolve(io.cwd, configPath));
  // Progress only for a person watching; CI logs and --json stay clean.
  const progress = io.stderrIsTTY && !globals.json && !globals.quiet ? (message: string) => io.err(io.theme.dim(`… ${message}`)) : undefined;
  const result = await bootstrap({
    config,
    dir: resolveStoreDir(options.dir, io),
    check: Boolean(options.check),
    now: io.now(),
    passphrase: caPassphrase(options.passphraseFile, io),
    p12Password: () => p12Password(options.p12PasswordFile, io),
    progress,
  });
  if (globals.json) io.out(toJson(result));
  else if (!globals.quiet || result.check) io.out(renderBootstrap(result, { theme: io.theme, now: io.now(), cwd: io.cwd }));
  return result.ok ? ExitCode.Ok : ExitCode.ProblemFound;
}
