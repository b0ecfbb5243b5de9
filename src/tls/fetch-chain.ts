/**
 * The certificate chain a server presents, fetched without trusting or rejecting it.
 */
import { connect, type PeerCertificate, type DetailedPeerCertificate } from 'node:tls';
import type { Target } from './target.js';

/**
 * Node completes a peer chain that stops short of a root with issuers from the client's trust
 * store (GetLastIssuedCert in its crypto_common.cc), so the chain it reports is not only what the
 * server sent. A trust store holding only this certificate, which issued nothing, keeps the
 * report to what the server presented.
 */
export const PLACEHOLDER_ANCHOR = `-----BEGIN CERTIFICATE-----
MIIBgzCCATWgAwIBAgIUZhCAPms+aJrge9Pyi8OaBgjtz2swBQYDK2VwMDYxNDAy
BgNVBAMMK210bHNraXQgcGxhY2Vob2xkZXIgYW5jaG9yICh0cnVzdHMgbm90aGlu
ZykwIBcNMjYxMTIzMTIwMjI5WhgPMjEyNjEwMzAxMjAyMjlaMDYxNDAyBgNVBAMM
K210bHNraXQgcGxhY2Vob2xkZXIgYW5jaG9yICh0cnVzdHMgbm90aGluZykwKjAF
BgMrZXADIQDv86siR0RtiDUmffriChZp8UcK8JuV+uCB40Qh5gBInqNTMFEwHQYD
VR0OBBYEFDtKXAzmf+/iDvzSpxR9G9DJAbVlMB8GA1UdIwQYMBaAFDtKXAzmf+/i
DvzSpxR9G9DJAbVlMA8GA1UdEwEB/wQFMAMBAf8wBQYDK2VwA0EAw0I8/vuJDk/S
dsHAiDPMYmVg/tH92uVkNt8+jGqAQE7PNvge9K50MLsW1JfVR+BemdJyA+XmTOO4
lG8X9vmQCQ==
-----END CERTIFICATE-----`;

export interface FetchOptions {
  /** SNI; defaults to the target's host name (none for an IP address). */
  servername?: string;
  cert?: Buffer;
  key?: Buffer;
  /** Gives up after this long (connect and handshake together). */
  timeoutMs: number;
}

export interface PresentedChain {
  /** DER of each certificate the server sent, leaf first. */
  certificates: Buffer[];
  protocol: string | null;
  cipher: string | null;
}

export type FetchFailure = 'refused' | 'timeout' | 'unreachable' | 'not-tls' | 'handshake';

export class FetchError extends Error {
  constructor(
    readonly reason: FetchFailure,
    message: string,
  ) {
    super(message);
    this.name = 'FetchError';
  }
}

export function fetchPresentedChain(target: Target, options: FetchOptions): Promise<PresentedChain> {
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: target.host,
      port: target.port,
      servername: options.servername ?? target.servername,
      rejectUnauthorized: false,
      ca: [PLACEHOLDER_ANCHOR],
      ...(options.cert ? { cert: options.cert } : {}),
      ...(options.key ? { key: options.key } : {}),
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new FetchError('timeout', `no TLS handshake with ${target.text} within ${options.timeoutMs / 1000} s`));
    }, options.timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const chain = peerChain(socket.getPeerCertificate(true));
      const cipher = socket.getCipher();
      resolve({ certificates: chain, protocol: socket.getProtocol(), cipher: cipher?.standardName ?? cipher?.name ?? null });
      socket.end();
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      reject(describeError(error, target));
    });
  });
}

function peerChain(leaf: PeerCertificate | DetailedPeerCertificate): Buffer[] {
  const out: Buffer[] = [];
  let current: DetailedPeerCertificate | undefined = leaf as DetailedPeerCertificate;
  while (current && current.raw && !out.some((der) => der.equals(current!.raw))) {
    out.push(current.raw);
    current = current.issuerCertificate;
  }
  return out;
}

function describeError(error: NodeJS.ErrnoException, target: Target): FetchError {
  switch (error.code) {
    case 'ECONNREFUSED':
      return new FetchError('refused', `${target.text} refused the connection (nothing listens on port ${target.port})`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new FetchError('unreachable', `the host name '${target.host}' does not resolve`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new FetchError('unreachable', `${target.text} is unreachable (${error.code})`);
    case 'ECONNRESET':
      return new FetchError('handshake', `${target.text} closed the connection during the TLS handshake`);
    default:
      if (/wrong version number|packet length too long|http request/i.test(error.message)) {
        return new FetchError('not-tls', `${target.text} does not speak TLS (${error.message.replace(/^.*routines::/, '')})`);
      }
      return new FetchError('handshake', `the TLS handshake with ${target.text} failed: ${error.message.replace(/^.*routines::/, '')}`);
  }
}
