import { usageError } from '../../errors.js';
import { diagnoseEndpoint } from '../../diagnose/diagnose.js';
import { predictHandshake, type SideFiles } from '../../diagnose/predict.js';
import { renderDiagnose } from '../../render/diagnose.js';
import { ExitCode } from '../exit-code.js';
import { toJson, type GlobalOptions, type Io } from '../io.js';
import { version } from '../main.js';
import { parseAt } from '../options.js';
import { readClientOptions } from '../client-options.js';
import { loadAnchors, loadPair, type PairFlags } from '../tls-files.js';

export async function diagnoseCommand(targetText: string | undefined, options: Record<string, unknown>, globals: GlobalOptions, io: Io): Promise<number> {
  if (options.local) return diagnoseLocal(targetText, options, globals, io);
  if (!targetText) throw usageError('diagnose needs a TARGET (host:port or https://url), or --local with the files of both sides');
  const setup = await readClientOptions(targetText, options, io, { keepMismatchedKey: true });
  const { target } = setup.probe;
  const pair = setup.pair;
  const http = options.http === undefined || options.http === false ? undefined : { path: typeof options.http === 'string' ? options.http : target.path, userAgent: `mtlskit/${version()}` };

  const report = await diagnoseEndpoint({
    target,
    servername: setup.probe.servername,
    client: pair ? { chain: pair.chain, key: pair.key, keyMatches: pair.keyMatches, certFile: String(options.cert), keyFile: pair.keySource } : undefined,
    anchors: setup.probe.anchors,
    anchorsSource: setup.trustSource,
    alpn: setup.probe.alpn,
    minVersion: setup.probe.minVersion,
    maxVersion: setup.probe.maxVersion,
    http,
    timeoutMs: setup.probe.timeoutMs,
    now: io.now,
  });
  io.out(globals.json ? toJson(report) : renderDiagnose(report, io.theme));
  return report.ok ? ExitCode.Ok : ExitCode.ProblemFound;
}

/** --local: the server's files (--server-cert/--server-key/--server-chain/--server-ca) against the client's (--cert/--key/--ca). */
async function diagnoseLocal(targetText: string | undefined, options: Record<string, unknown>, globals: GlobalOptions, io: Io): Promise<number> {
  if (targetText) throw usageError(`--local reads files only; drop the target '${targetText}' (or drop --local to probe it)`);
  if (options.serverCert === undefined && options.cert === undefined) {
    throw usageError('--local needs the files of at least one side: --server-cert/--server-key/--server-ca and/or --cert/--key/--ca');
  }
  const side = async (cert: unknown, key: unknown, chain: unknown, caFiles: string[] | undefined, flags: PairFlags): Promise<SideFiles> => {
    const anchors = await loadAnchors(caFiles ?? [], io);
    const anchorsFile = caFiles?.length ? caFiles.join(', ') : null;
    if (cert === undefined) return { chain: [], keyMatches: null, certFile: null, keyFile: null, anchors, anchorsFile };
    const pair = await loadPair({ cert, key, chain, passwordFile: options.passwordFile }, io, flags);
    return { chain: pair.chain, keyMatches: pair.keyMatches, certFile: String(cert), keyFile: pair.keySource, anchors, anchorsFile };
  };
  const server = await side(options.serverCert, options.serverKey, options.serverChain, options.serverCa as string[] | undefined, { cert: '--server-cert', key: '--server-key' });
  const client = await side(options.cert, options.key, undefined, options.ca as string[] | undefined, { cert: '--cert', key: '--key' });
  const at = options.at === undefined ? io.now() : parseAt(options.at);
  const report = predictHandshake(server, client, typeof options.servername === 'string' ? options.servername : null, at);
  io.out(globals.json ? toJson(report) : renderDiagnose(report, io.theme));
  return report.ok ? ExitCode.Ok : ExitCode.ProblemFound;
}
