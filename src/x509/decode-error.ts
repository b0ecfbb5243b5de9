/**
 * The one typed failure of every reader in src/x509 (DER, PEM, certificates, PKCS#7, PKCS#12,
 * keys). The message is a fragment saying what is wrong with the data, without naming the input:
 * the caller prefixes the file name ("chain.pem: truncated DER: …").
 */
export type DecodeFailure =
  /** Not the structure it claims to be: truncated, bad length, broken base64, wrong tags. */
  | 'malformed'
  /** Well-formed but uses something we do not read (an unknown PKCS#12 cipher, a CRL …). */
  | 'unsupported'
  /** Encrypted (PKCS#12, encrypted private key) and no password was given. */
  | 'password-required'
  /** Encrypted and the password given does not open it (MAC or padding check failed). */
  | 'wrong-password';

export class DecodeError extends Error {
  constructor(
    readonly reason: DecodeFailure,
    message: string,
  ) {
    super(message);
    this.name = 'DecodeError';
  }
}

export const malformed = (message: string) => new DecodeError('malformed', message);
export const unsupported = (message: string) => new DecodeError('unsupported', message);
