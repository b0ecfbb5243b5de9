/**
 * The closed list of handshake-failure causes that `mtlskit` reports. The ids are part of the
 * output contract (`--json` prints them): add to the list only with care, never rename or remove.
 *
 * Pure data and tiny lookups: nothing here prints, parses argv or touches the process.
 */

export const CAUSE_IDS = [
  'untrusted-ca',
  'incomplete-chain',
  'self-signed',
  'expired',
  'not-yet-valid',
  'hostname-mismatch',
  'cn-only-no-san',
  'client-cert-required',
  'client-cert-rejected',
  'wrong-key-usage',
  'key-mismatch',
  'key-load-failed',
  'protocol-mismatch',
  'no-shared-cipher',
  'not-tls',
  'revoked',
  'weak-crypto',
  'invalid-ca-cert',
  'sni-unrecognized',
  'signature-invalid',
  'connection-reset',
] as const;

export type CauseId = (typeof CAUSE_IDS)[number];

const CAUSE_ID_SET: ReadonlySet<string> = new Set(CAUSE_IDS);

export function isCauseId(s: unknown): s is CauseId {
  return typeof s === 'string' && CAUSE_ID_SET.has(s);
}

export interface CauseText {
  /** A short sentence-case phrase, no final full stop. */
  title: string;
  /** One plain sentence saying what is going on. */
  summary: string;
}

export const CAUSES: Readonly<Record<CauseId, CauseText>> = {
  'untrusted-ca': {
    title: "The peer's certificate authority is not trusted",
    summary:
      "The verifier could build the peer's chain up to a root, but that root is not in the CA bundle it trusts.",
  },
  'incomplete-chain': {
    title: 'An intermediate certificate is missing from the chain',
    summary:
      'The peer sent its certificate without the intermediate CA certificate that signed it, so the verifier cannot link it to a trusted root.',
  },
  'self-signed': {
    title: 'The peer presents a self-signed certificate',
    summary:
      'The peer certificate signed itself and is not in the verifier\'s trust store, so nothing vouches for it.',
  },
  expired: {
    title: 'A certificate has expired',
    summary: 'The current time is past the notAfter date of a certificate in the chain.',
  },
  'not-yet-valid': {
    title: 'A certificate is not valid yet',
    summary:
      "The current time is before the notBefore date of a certificate in the chain, often because of a clock that is wrong on one side.",
  },
  'hostname-mismatch': {
    title: 'The certificate does not match the name that was dialled',
    summary:
      'None of the certificate\'s subject alternative names matches the host name or IP address the client connected to.',
  },
  'cn-only-no-san': {
    title: 'The certificate names its host only in the common name',
    summary:
      'The certificate has no subject alternative names and modern clients no longer fall back to the subject common name, so no host name matches.',
  },
  'client-cert-required': {
    title: 'The server requires a client certificate and none was sent',
    summary:
      'The server asked for a client certificate during the handshake, and the client either had none configured or had none the server would accept.',
  },
  'client-cert-rejected': {
    title: 'The server rejected the client certificate',
    summary:
      'The client sent a certificate and the server refused it with an alert, without saying in a way we could identify why.',
  },
  'wrong-key-usage': {
    title: 'The certificate is not allowed for this role',
    summary:
      'The key usage or extended key usage of the certificate does not permit the role it is used in, such as a server-only certificate used as a client certificate.',
  },
  'key-mismatch': {
    title: 'The private key does not match the certificate',
    summary: 'The private key configured next to the certificate belongs to another certificate.',
  },
  'key-load-failed': {
    title: 'A certificate or key file could not be loaded',
    summary:
      'A certificate or key file is unreadable, is not valid PEM or DER, is encrypted with a different passphrase, or is in a format the program does not support.',
  },
  'protocol-mismatch': {
    title: 'The two sides support no common TLS version',
    summary:
      'The range of TLS versions one side allows does not overlap with the range the other side allows.',
  },
  'no-shared-cipher': {
    title: 'The two sides share no cipher suite, signature algorithm or group',
    summary:
      'The client and the server agree on a TLS version but have no cipher suite, signature algorithm or key-exchange group in common.',
  },
  'not-tls': {
    title: 'One side is not speaking TLS',
    summary:
      'The bytes received are not a TLS record, typically plain HTTP sent to a TLS port or TLS sent to a plain-text port.',
  },
  revoked: {
    title: 'The certificate is revoked or its revocation status cannot be checked',
    summary:
      'The verifier checks revocation, and a certificate in the chain is listed as revoked or the CRL or OCSP data needed to check it is missing, stale or invalid.',
  },
  'weak-crypto': {
    title: 'A key or signature algorithm is too weak for the verifier',
    summary:
      "A certificate in the chain uses a key that is too small, a weak digest such as SHA-1 or MD5, or an algorithm the verifier's security policy does not allow.",
  },
  'invalid-ca-cert': {
    title: 'An issuing certificate is not a valid CA for this chain',
    summary:
      'A certificate that signed another one is not marked as a CA, lacks the keyCertSign key usage, or breaks a path length or name constraint.',
  },
  'sni-unrecognized': {
    title: 'The server does not recognise the requested server name',
    summary:
      'The server has no certificate or virtual host for the name the client sent in the SNI extension, or the client sent no name at all.',
  },
  'signature-invalid': {
    title: "A certificate's signature does not verify",
    summary:
      'The signature on a certificate does not verify with its issuer\'s public key, so the certificate was altered or was signed by a different key than its issuer\'s.',
  },
  'connection-reset': {
    title: 'The peer closed the connection during the handshake',
    summary:
      'The peer reset or closed the connection in the middle of the handshake without sending a TLS alert explaining why.',
  },
};

/** One diagnosed cause, as the diagnose engine reports it. */
export interface Cause {
  id: CauseId;
  title: string;
  /** 0..1 */
  confidence: number;
  evidence: string[];
  fix: string[];
}

/** A Cause with its title filled in from CAUSES; confidence is clamped into 0..1. */
export function makeCause(id: CauseId, confidence: number, evidence: readonly string[], fix: readonly string[]): Cause {
  const c = Number.isFinite(confidence) ? Math.min(1, Math.max(0, confidence)) : 0;
  return { id, title: CAUSES[id].title, confidence: c, evidence: [...evidence], fix: [...fix] };
}
