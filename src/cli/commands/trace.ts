import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { inputError } from '../../errors.js';
import { appendLine, PRIVATE } from '../../pki/atomic-file.js';
import { renderTrace } from '../../render/trace.js';
import { traceHandshake } from '../../tls/trace/transcript.js';
import { readClientOptions } from '../client-options.js';
import { ExitCode } from '../exit-code.js';
import { toJson, type GlobalOptions, type Io } from '../io.js';

export async function traceCommand(targetText: string, options: Record<string, unknown>, globals: GlobalOptions, io: Io): Promise<number> {
  const setup = await readClientOptions(targetText, options, io);
  const keylogPath = typeof options.keylog === 'string' ? resolve(io.cwd, options.keylog) : undefined;

  const { report, keylog } = await traceHandshake(setup.probe);
  const written = keylogPath && keylog.length > 0 ? writeKeyLog(keylogPath, keylog) : null;
  if (keylogPath && !written) io.err(`no session secrets were captured (no handshake took place), so ${keylogPath} was not written`);
  if (written && written.mode & 0o077) io.err(`warning: ${written.file} can be read by others (mode 0${written.mode.toString(8)}), and anyone holding it can read the session: chmod 600 it`);
  const output = written ? { ...report, keylog: { file: written.file, lines: written.lines } } : report;
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

/**
 * SSLKEYLOGFILE for Wireshark: appended, as browsers and curl do with SSLKEYLOGFILE, so one file
 * serves several captures and nothing in it is lost; created with mode 0600 (anyone holding it can
 * read the session). One write(2) on an O_APPEND descriptor: concurrent runs never interleave lines.
 */
function writeKeyLog(path: string, lines: readonly string[]): { file: string; lines: number; mode: number } {
  try {
    appendLine(path, lines.join('\n'), PRIVATE);
    return { file: path, lines: lines.length, mode: statSync(path).mode & 0o777 };
  } catch (error) {
    // A file system refusal (EACCES, ENOTDIR, EEXIST for a file where a folder should be …) is the path's fault: exit 3.
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code !== 'string') throw error;
    const why = WRITE_FAILURES[code] ?? code;
    throw inputError(`cannot write the key log ${path}: ${why}; give --keylog a path in a folder you can write to`, { subject: path, cause: error });
  }
}
