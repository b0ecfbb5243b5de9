import { createCa } from '../../pki/ca.js';
import { DEFAULT_KEY_ALGORITHM, parseKeyAlgorithm } from '../../pki/keys.js';
import { parseDays } from '../../pki/validity.js';
import { usageError } from '../../errors.js';
import { renderCaCreated } from '../../render/pki.js';
import { ExitCode } from '../exit-code.js';
import { toJson, type GlobalOptions, type Io } from '../io.js';
import { caPassphrase, optionalString, resolveStoreDir } from '../options.js';

export async function caCreateCommand(options: Record<string, unknown>, globals: GlobalOptions, io: Io): Promise<number> {
  const intermediate = options.intermediate === true ? 'mtlskit Development Intermediate CA' : optionalString(options.intermediate) ?? null;
  const result = await createCa({
    dir: resolveStoreDir(options.dir, io),
    name: optionalString(options.name),
    keyAlgorithm: options.key === undefined ? DEFAULT_KEY_ALGORITHM : parseKeyAlgorithm(String(options.key)),
    days: options.days === undefined ? undefined : parseDays(String(options.days)),
    intermediate,
    pathLength: options.pathLen === undefined ? undefined : parsePathLength(String(options.pathLen)),
    passphrase: caPassphrase(options.passphraseFile, io),
    force: Boolean(options.force),
    now: io.now(),
  });
  if (globals.json) io.out(toJson(result));
  else if (!globals.quiet) io.out(renderCaCreated(result, { theme: io.theme, now: io.now(), cwd: io.cwd }));
  return ExitCode.Ok;
}

function parsePathLength(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 10) {
    throw usageError(`invalid value '${value}' for --path-len; expected a whole number from 0 to 10 (0: the CA may sign only leaves)`, value);
  }
  return Number(value);
}
