import { renderHandshake, renderListening, renderSummary } from '../../render/serve.js';
import { startServer, type ServeEvent } from '../../tls/serve.js';
import { usageError } from '../../errors.js';
import { ExitCode } from '../exit-code.js';
import type { GlobalOptions, Io } from '../io.js';
import { parseChoice, parseSeconds } from '../options.js';
import { checkVersionRange, loadAnchors, loadIdentity, parseTlsVersion } from '../tls-files.js';

/** Runs until SIGINT or SIGTERM, then closes gracefully and prints the summary (exit 0). */
export async function serveCommand(options: Record<string, unknown>, globals: GlobalOptions, io: Io): Promise<number> {
  const mode = parseChoice(options.mode ?? 'diagnose', '--mode', ['strict', 'diagnose'] as const);
  const protocol = parseChoice(options.protocol ?? 'http', '--protocol', ['http', 'echo'] as const);
  const minVersion = parseTlsVersion(options.minTls, '--min-tls');
  const maxVersion = parseTlsVersion(options.maxTls, '--max-tls');
  checkVersionRange(minVersion, maxVersion);
  const port = parsePort(options.port);
  const host = typeof options.host === 'string' ? options.host : '127.0.0.1';
  const handshakeTimeoutMs = parseSeconds(options.handshakeTimeout, '--handshake-timeout', 10);
  const identity = await loadIdentity(options, io);
  const caFiles = (options.ca as string[] | undefined) ?? [];
  const anchors = await loadAnchors(caFiles, io);

  const print = (event: ServeEvent) => {
    if (globals.json) return io.out(JSON.stringify(event));
    if (event.event === 'listening') {
      if (!globals.quiet) io.out(renderListening(event, io.theme, caFiles.length ? caFiles.join(', ') : 'nothing (no --ca: shown, not verified)'));
    } else if (event.event === 'handshake') {
      if (!globals.quiet || !event.ok) io.out(renderHandshake(event, io.theme));
    } else {
      io.out(renderSummary(event, io.theme));
    }
  };

  // Signals are caught before the server announces itself: a script may send one the moment it reads 'listening'.
  let signalled = () => {};
  const stop = () => signalled();
  const release = () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  };
  const stopped = new Promise<void>((resolve) => (signalled = resolve)).finally(release);
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  let server;
  try {
    server = await startServer(
      { chain: identity.chain, key: identity.key, anchors, host, port, mode, protocol, minVersion, maxVersion, handshakeTimeoutMs, settleMs: 1000, now: io.now },
      print,
    );
  } catch (error) {
    release();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw usageError(`port ${port} on ${host} is in use; pick another with --port (0 picks a free one)`, String(port));
    if (code === 'EACCES') throw usageError(`no permission to listen on ${host}:${port}; use a port above 1023`, String(port));
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw usageError(`cannot listen on '${host}': no such local address; use 127.0.0.1, ::1 or 0.0.0.0`, host);
    throw error;
  }
  if (!globals.json && !globals.quiet && caFiles.length === 0) io.err('mtlskit: note: no --ca given, so client certificates are shown but not verified (strict mode falls back to Node\'s built-in roots)');

  await stopped;
  print(await server.close());
  return ExitCode.Ok;
}

function parsePort(value: unknown): number {
  if (value === undefined) return 8443;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw usageError(`invalid value '${String(value)}' for --port; expected 0-65535 (0 picks a free port)`, String(value));
  return port;
}
