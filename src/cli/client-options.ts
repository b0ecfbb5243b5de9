/**
 * The client options `connect`, `trace` and `diagnose` share (design.md: "same client options"):
 * TARGET, --cert/--key (and --password-file), --ca (default: the system roots), --servername,
 * --alpn, --min-tls/--max-tls and --timeout, checked and loaded before any socket opens.
 */
import { usageError } from '../errors.js';
import type { ConnectOptions } from '../tls/connect.js';
import { parseTarget } from '../tls/target.js';
import type { Io } from './io.js';
import { parseSeconds } from './options.js';
import { systemRoots } from './trust-store.js';
import { checkVersionRange, loadAnchors, loadIdentity, loadPair, parseTlsVersion, type LoadedPair } from './tls-files.js';

export interface ClientSetup {
  /** Everything a probe needs but the HTTP request. */
  probe: Omit<ConnectOptions, 'http'>;
  /** Where the anchors came from, for the report ('ca.crt', '/etc/ssl/certs/ca-certificates.crt'). */
  trustSource: string;
  /** With `keepMismatchedKey`: the --cert/--key pair as given, even when they do not belong together. */
  pair?: LoadedPair;
}

/**
 * `keepMismatchedKey`: a key that does not belong to --cert is returned as a finding (diagnose)
 * instead of refused with exit 3 (connect, trace); the probe then gets no identity.
 */
export async function readClientOptions(targetText: string, options: Record<string, unknown>, io: Io, { keepMismatchedKey = false } = {}): Promise<ClientSetup> {
  const target = parseTarget(targetText);
  if (!target) throw usageError(`'${targetText}' is not a target; write host:port, [v6]:port or https://host[:port]/path`, targetText);
  const minVersion = parseTlsVersion(options.minTls, '--min-tls');
  const maxVersion = parseTlsVersion(options.maxTls, '--max-tls');
  checkVersionRange(minVersion, maxVersion);
  const timeoutMs = parseSeconds(options.timeout, '--timeout', 10);
  if (options.key !== undefined && options.cert === undefined) throw usageError('--key needs --cert (the client certificate it belongs to)');
  const pair = options.cert === undefined || !keepMismatchedKey ? undefined : await loadPair(options, io);
  const identity = options.cert === undefined ? undefined : pair ? (pair.keyMatches ? pair : undefined) : await loadIdentity(options, io);
  const caFiles = (options.ca as string[] | undefined) ?? [];
  const trust = caFiles.length ? { source: caFiles.join(', '), certificates: await loadAnchors(caFiles, io) } : await systemRoots(io);
  const alpn = typeof options.alpn === 'string' ? options.alpn.split(',').map((p) => p.trim()).filter(Boolean) : undefined;
  return {
    probe: {
      target,
      servername: typeof options.servername === 'string' ? options.servername : undefined,
      identity,
      anchors: trust.certificates,
      alpn,
      minVersion,
      maxVersion,
      timeoutMs,
      now: io.now,
    },
    trustSource: trust.source,
    ...(pair ? { pair } : {}),
  };
}
