/**
 * TARGET arguments of inspect, connect, trace and diagnose: `host:port`, `[v6]:port` or an
 * `https://` URL (port 443 unless it says otherwise).
 */
import { ipVersion } from '../x509/ip-address.js';

export interface Target {
  host: string;
  port: number;
  /** SNI to send by default: the host name, never an IP address (RFC 6066 §3). */
  servername: string | undefined;
  /** The target as the user wrote it, for messages. */
  text: string;
  /** The URL's path, when a URL was given ('/' otherwise). */
  path: string;
}

/** Returns null when `text` is not written as a network target (then it is a file name). */
export function parseTarget(text: string): Target | null {
  let host: string;
  let port: number;
  let path = '/';
  if (/^https:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return null;
    }
    host = url.hostname.replace(/^\[|\]$/g, '');
    port = url.port === '' ? 443 : Number(url.port);
    path = `${url.pathname}${url.search}`;
  } else {
    const match = /^\[([0-9a-fA-F:.]+)\]:(\d{1,5})$/.exec(text) ?? /^([A-Za-z0-9.-]+):(\d{1,5})$/.exec(text);
    if (!match) return null;
    host = match[1]!;
    port = Number(match[2]);
  }
  if (!host || port < 1 || port > 65535) return null;
  return { host, port, servername: ipVersion(host) ? undefined : host, text, path };
}
