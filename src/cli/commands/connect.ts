import { usageError } from '../../errors.js';
import { renderConnect } from '../../render/connect.js';
import { probe } from '../../tls/connect.js';
import { readClientOptions } from '../client-options.js';
import { ExitCode } from '../exit-code.js';
import { toJson, type GlobalOptions, type Io } from '../io.js';
import { version } from '../main.js';

export async function connectCommand(targetText: string, options: Record<string, unknown>, globals: GlobalOptions, io: Io): Promise<number> {
  // A URL's path always starts with '/'; only an explicit --http PATH can be wrong.
  if (typeof options.http === 'string' && !options.http.startsWith('/')) throw usageError(`invalid value '${options.http}' for --http; expected a path starting with /`, options.http);
  const setup = await readClientOptions(targetText, options, io);
  const http = options.http === undefined || options.http === false ? undefined : { path: typeof options.http === 'string' ? options.http : setup.probe.target.path, userAgent: `mtlskit/${version()}` };

  const report = await probe({ ...setup.probe, http });
  io.out(globals.json ? toJson(report) : renderConnect(report, { theme: io.theme, trust: setup.trustSource, quiet: globals.quiet }));
  return report.ok ? ExitCode.Ok : ExitCode.ProblemFound;
}
