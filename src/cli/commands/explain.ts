import { Explainer, type Explanation } from '../../diagnose/explain.js';
import { inputError, usageError } from '../../errors.js';
import { renderExplain } from '../../render/explain.js';
import { ExitCode } from '../exit-code.js';
import { toJson, type GlobalOptions, type Io } from '../io.js';

/** A log larger than this is refused: explain is for logs, not disk images. */
export const MAX_EXPLAIN_BYTES = 256 * 1024 * 1024;

/**
 * `explain [TEXT…]`: the arguments as one text, or else all of stdin, read chunk by chunk so that a
 * large log is never held whole. Exit 0 whether or not a TLS error was found: explaining worked.
 */
export async function explainCommand(args: string[], options: Record<string, unknown>, globals: GlobalOptions, io: Io): Promise<number> {
  const explainer = new Explainer({ x509: options.x509 === true });
  if (args.length > 0) {
    explainer.push(args.join(' '));
  } else {
    if (io.stdinIsTTY) throw usageError('give an error message, a code or a number to explain, or pipe a log into it (e.g. `kubectl logs api | mtlskit explain`)');
    await readStdin(explainer);
  }
  const explanation: Explanation = explainer.result();
  io.out(globals.json ? toJson(explanation) : renderExplain(explanation, io.theme, globals.quiet));
  return ExitCode.Ok;
}

/**
 * stdin chunk by chunk, never held whole. process.stdin, not a file stream on fd 0: a pipe may be
 * non-blocking, and only the stream Node sets up for it waits instead of failing with EAGAIN.
 */
async function readStdin(explainer: Explainer): Promise<void> {
  process.stdin.setEncoding('utf8');
  let bytes = 0;
  for await (const chunk of process.stdin as AsyncIterable<string>) {
    bytes += Buffer.byteLength(chunk);
    if (bytes > MAX_EXPLAIN_BYTES) {
      process.stdin.destroy();
      throw inputError(`stdin holds more than ${MAX_EXPLAIN_BYTES / 1048576} MB; explain the part of the log around the failure instead (e.g. \`grep -i -C5 tls app.log | mtlskit explain\`)`, { subject: 'stdin' });
    }
    explainer.push(chunk);
  }
}
