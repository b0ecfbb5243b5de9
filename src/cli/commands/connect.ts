import { usageError } from '../../errors.js';
import { renderConnect } from '../../render/connect.js';
import { probe } from '../../tls/connect.js';
import { parseTarget } from '../../tls/target.js';
import { ExitCode } from '../exit-code.js';
import { toJson, type GlobalOptions, type Io } from '../io.js';
import { version } from '../main.js';
import { systemRoots } from '../trust-store.js';
import { checkVersionRange, loadAnchors, loadIdentity, parseSeconds, parseTlsVersion } from '../tls-files.js';

export async function connectCommand(targetText: string, options: Record<string, unknown>, globals: GlobalOptions, io: Io): Promise<number> {
  const target = parseTarget(targetText);
  if (!target) throw usageError(`'${targetText}' is not a target; write host:port, [v6]:port or https://host[:port]/path`, targetText);
  const minVersion = parseTlsVersion(options.minTls, '--min-tls');
  const maxVersion = parseTlsVersion(options.maxTls, '--max-tls');
  checkVersionRange(minVersion, maxVersion);
  const timeoutMs = parseSeconds(options.timeout, '--timeout', 10);
  if (options.key !== undefined && options.cert === undefined) throw usageError('--key needs --cert (the client certificate it belongs to)');
  const identity = options.cert === undefined ? undefined : await loadIdentity(options, io);
  const caFiles = (options.ca as string[] | undefined) ?? [];
  const trust = caFiles.length ? { source: caFiles.join(', '), certificates: await loadAnchors(caFiles, io) } : await systemRoots(io);
  const alpn = typeof options.alpn === 'string' ? options.alpn.split(',').map((p) => p.trim()).filter(Boolean) : undefined;
  const http = options.http === undefined || options.http === false ? undefined : { path: typeof options.http === 'string' ? options.http : target.path, userAgent: `mtlskit/${version()}` };
  if (http && !http.path.startsWith('/')) throw usageError(`invalid value '${http.path}' for --http; expected a path starting with /`, http.path);

  const report = await probe({
    target,
    servername: typeof options.servername === 'string' ? options.servername : undefined,
    identity,
    anchors: trust.certificates,
    alpn,
    minVersion,
    maxVersion,
    http,
    timeoutMs,
    now: io.now,
  });
  io.out(globals.json ? toJson(report) : renderConnect(report, { theme: io.theme, trust: trust.source, quiet: globals.quiet }));
  return report.ok ? ExitCode.Ok : ExitCode.ProblemFound;
}
