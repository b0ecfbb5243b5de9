import { resolve } from 'node:path';
import { inputError, MtlskitError } from '../../errors.js';
import { PRIVATE, writeFileAtomic } from '../../pki/atomic-file.js';
import { renderTrace } from '../../render/trace.js';
import { traceHandshake } from '../../tls/trace/transcript.js';
import { readClientOptions } from '../client-options.js';
import { ExitCode } from '../exit-code.js';
import { toJson, type GlobalOptions, type Io } from '../io.js';

export async function traceCommand(targetText: string, options: Record<string, unknown>, globals: GlobalOptions, io: Io): Promise<number> {
  const setup = await readClientOptions(targetText, options, io);
  const keylogPath = typeof options.keylog === 'string' ? resolve(io.cwd, options.keylog) : undefined;

  const { report, keylog } = await traceHandshake(setup.probe);
  const written = keylogPath && keylog.length > 0 ? await writeKeyLog(keylogPath, keylog) : null;
  if (keylogPath && !written) io.err(`no session secrets were captured (no handshake took place), so ${keylogPath} was not written`);
  const output = written ? { ...report, keylog: written } : report;
  io.out(globals.json ? toJson(output) : renderTrace(report, { theme: io.theme, trust: setup.trustSource, quiet: globals.quiet, keylog: written }));
  return report.ok ? ExitCode.Ok : ExitCode.ProblemFound;
}

const WRITE_FAILURES: Record<string, string> = {
  // mkdir -p reports a file in the way of a folder as EEXIST, open as ENOTDIR.
  EEXIST: 'a part of the path is a file, not a folder (EEXIST)',
  ENOTDIR: 'a part of the path is a file, not a folder (ENOTDIR)',
  EISDIR: 'it is a folder (EISDIR)',
  EACCES: 'permission denied (EACCES)',
  EPERM: 'permission denied (EPERM)',
  EROFS: 'the file system is read-only (EROFS)',
  ENOSPC: 'the disk is full (ENOSPC)',
};

/** SSLKEYLOGFILE for Wireshark: replaced atomically, mode 0600 (anyone holding it can read the session). */
async function writeKeyLog(path: string, lines: readonly string[]): Promise<{ file: string; lines: number }> {
  try {
    await writeFileAtomic({ path, data: `${lines.join('\n')}\n`, mode: PRIVATE }, true);
  } catch (error) {
    // A file system refusal (EACCES, ENOTDIR, EEXIST for a file where a folder should be …) is the path's fault: exit 3.
    const failure = error instanceof MtlskitError && error.kind === 'input' ? (error.cause as NodeJS.ErrnoException | undefined) : (error as NodeJS.ErrnoException);
    if (typeof failure?.code !== 'string') throw error;
    const why = WRITE_FAILURES[failure.code] ?? failure.code;
    throw inputError(`cannot write the key log ${path}: ${why}; give --keylog a path in a folder you can write to`, { subject: path, cause: error });
  }
  return { file: path, lines: lines.length };
}
