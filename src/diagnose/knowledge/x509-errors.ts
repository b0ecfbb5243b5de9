import type { CauseId } from './causes.js';

/**
 * OpenSSL's certificate verification results (`X509_V_OK` and every `X509_V_ERR_*`) of OpenSSL
 * 3.0 through 3.3, as data: number, symbol, the exact text X509_verify_cert_error_string() returns,
 * the OpenSSL 1.1 name and text where they differ, the cause id it most likely means, and a fix.
 *
 * Sources: include/openssl/x509_vfy.h(.in) and crypto/x509/x509_txt.c of the OpenSSL 3.0 to 3.3
 * and 1.1.1 branches; the texts of 0-94 were checked against libcrypto 3.0.19 itself.
 *
 * Things worth knowing when reading an OpenSSL error number:
 * - 24 changed meaning in 3.0: it was X509_V_ERR_INVALID_CA ("invalid CA certificate") in 1.1 and
 *   is X509_V_ERR_NO_ISSUER_PUBLIC_KEY in 3.x; INVALID_CA moved to 79.
 * - OpenSSL 1.1.1 (later releases) numbered four codes differently from 3.x: 76
 *   SIGNATURE_ALGORITHM_MISMATCH (3.x: 77), 77 NO_ISSUER_PUBLIC_KEY (3.x: 24), 78
 *   UNSUPPORTED_SIGNATURE_ALGORITHM (3.x: 76) and, from 1.1.1h, 79 EC_KEY_EXPLICIT_PARAMS
 *   (3.x: 94). The `legacySymbol` of 76-79 records that; when only a number is known, the text
 *   printed next to it tells the versions apart (see x509ErrorByText).
 * - 26's text was "unsupported certificate purpose" in 1.1 and in 3.0.0-3.0.7; 3.0.8 and 3.1
 *   changed it to "unsuitable certificate purpose".
 * - 95 exists from 3.2 (raw public keys, RFC 7250). 96 and later (OCSP multi-stapling and others)
 *   arrived after 3.3 and are not listed. Releases after 3.3 also lengthened the text of 9 ("… or
 *   the system clock is incorrect"); it is kept in `otherTexts` so that x509ErrorByText knows it.
 *
 * Pure data and tiny lookups: nothing here prints, parses argv or touches the process.
 */

export interface X509ErrorInfo {
  number: number;
  /** e.g. 'X509_V_ERR_CERT_HAS_EXPIRED' */
  symbol: string;
  /** Exactly what X509_verify_cert_error_string() returns in OpenSSL 3.0-3.3. */
  text: string;
  /** The OpenSSL 1.1 name of this number, where it differed. */
  legacySymbol?: string;
  /** The OpenSSL 1.1 text of this number, where it differed. */
  legacyText?: string;
  /** Other texts OpenSSL 3 releases print or printed for this number (earlier 3.0.x, or after 3.3). */
  otherTexts?: readonly string[];
  /** The first OpenSSL release that has it, when later than 3.0. */
  since?: string;
  /** The most likely cause, or null for codes that point at no TLS cause. */
  causeId: CauseId | null;
  /**
   * One or two plain sentences. Placeholders: {subject} (the certificate at fault), {issuer}
   * (its issuer's name), {host}, {ip}, {depth}; fill them with renderFix().
   */
  fix: string;
}

const PREFIX = 'X509_V_ERR_';

type Entry = Omit<X509ErrorInfo, 'number' | 'symbol'>;

/** One row; `name` without the X509_V_ERR_ prefix. */
const row = (number: number, name: string, text: string, causeId: CauseId | null, fix: string, extra: Partial<Entry> = {}): X509ErrorInfo => ({
  number,
  symbol: name === 'X509_V_OK' ? name : PREFIX + name,
  text,
  causeId,
  fix,
  ...extra,
});

/** "re-issue it (e.g. `mtlskit cert create NAME`)", with an optional "how" after "it". */
const reissue = (how = '') => `re-issue it${how ? ' ' + how : ''} (e.g. \`mtlskit cert create NAME\`)`;

export const X509_ERRORS: readonly X509ErrorInfo[] = Object.freeze([
  row(0, 'X509_V_OK', 'ok', null, 'Nothing to fix: the certificate chain verified.'),
  row(1, 'UNSPECIFIED', 'unspecified certificate verification error', null,
    'OpenSSL gave no specific reason (often an internal error or an unreadable key in the chain): run `openssl verify -show_chain -CAfile ca.crt -untrusted chain.crt leaf.crt` to see which certificate fails.'),
  // Measured (openssl s_client, OpenSSL 3.0): reported when the verifier's CA file holds an
  // intermediate but not the root above it, whether or not the server sends that intermediate;
  // a server that leaves out its intermediate gets error 20 or 21 instead.
  row(2, 'UNABLE_TO_GET_ISSUER_CERT', 'unable to get issuer certificate', 'untrusted-ca',
    "The chain stops at the trusted CA certificate '{subject}' (depth {depth}), whose issuer '{issuer}' the verifier cannot find: add that root to the verifier's CA bundle (`--ca`) next to the intermediate, or allow partial chains (`-partial_chain`) if trusting the intermediate alone is intended."),
  row(3, 'UNABLE_TO_GET_CRL', 'unable to get certificate CRL', 'revoked',
    "The verifier checks CRLs but has no CRL from the CA '{issuer}' for the certificate '{subject}': give it the CA's current CRL (e.g. `openssl verify -crl_check -CRLfile ca.crl`) or turn CRL checking off if the CA publishes none."),
  row(4, 'UNABLE_TO_DECRYPT_CERT_SIGNATURE', "unable to decrypt certificate's signature", 'signature-invalid',
    "The RSA signature on the certificate '{subject}' cannot be decrypted with the public key of its issuer '{issuer}', so that CA did not sign it: put the CA certificate that really signed it in the chain, or " + reissue('from the current CA') + '.'),
  row(5, 'UNABLE_TO_DECRYPT_CRL_SIGNATURE', "unable to decrypt CRL's signature", 'revoked',
    "The RSA signature on the CRL from the CA '{issuer}' cannot be decrypted with that CA's public key: the CRL was signed by another key (e.g. by a CA that was re-created); publish a CRL signed by the current CA key."),
  row(6, 'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY', 'unable to decode issuer public key', 'signature-invalid',
    "The public key of the issuer certificate '{issuer}' cannot be decoded, so the signature on the certificate '{subject}' cannot be checked: the issuer certificate is damaged or has a key type this OpenSSL does not support; replace it with an intact copy from the CA."),
  row(7, 'CERT_SIGNATURE_FAILURE', 'certificate signature failure', 'signature-invalid',
    "The signature on the certificate '{subject}' does not verify with the public key of its issuer '{issuer}': the certificate was altered, or another CA key with the same name signed it (e.g. before `mtlskit ca create --force`); " + reissue('from the current CA') + '.'),
  row(8, 'CRL_SIGNATURE_FAILURE', 'CRL signature failure', 'revoked',
    "The CRL from the CA '{issuer}' does not verify with that CA's public key: it was altered or signed by another key; publish a CRL freshly signed by the current CA key."),
  row(9, 'CERT_NOT_YET_VALID', 'certificate is not yet valid', 'not-yet-valid',
    "'{subject}' is not valid yet (its notBefore date is in the future): check the clock of both machines (`date -u`); if the certificate was issued with a future start date, " + reissue() + '.',
    { otherTexts: ['certificate is not yet valid or the system clock is incorrect'] }),
  row(10, 'CERT_HAS_EXPIRED', 'certificate has expired', 'expired',
    "'{subject}' expired; re-issue it (e.g. `mtlskit cert create NAME`) and deploy the new certificate."),
  row(11, 'CRL_NOT_YET_VALID', 'CRL is not yet valid', 'revoked',
    "The CRL from the CA '{issuer}' has a lastUpdate date in the future: check the clocks of the verifier and of the machine that generated the CRL."),
  row(12, 'CRL_HAS_EXPIRED', 'CRL has expired', 'revoked',
    "The CRL from the CA '{issuer}' is past its nextUpdate date: generate and publish a fresh CRL (and renew it on a schedule), or turn CRL checking off."),
  row(13, 'ERROR_IN_CERT_NOT_BEFORE_FIELD', "format error in certificate's notBefore field", null,
    "The notBefore date of the certificate '{subject}' is not a valid time (RFC 5280: UTCTime up to 2049, GeneralizedTime from 2050): " + reissue() + '.'),
  row(14, 'ERROR_IN_CERT_NOT_AFTER_FIELD', "format error in certificate's notAfter field", null,
    "The notAfter date of the certificate '{subject}' is not a valid time (RFC 5280: UTCTime up to 2049, GeneralizedTime from 2050): " + reissue() + '.'),
  row(15, 'ERROR_IN_CRL_LAST_UPDATE_FIELD', "format error in CRL's lastUpdate field", 'revoked',
    "The CRL from the CA '{issuer}' has a malformed lastUpdate date: regenerate the CRL."),
  row(16, 'ERROR_IN_CRL_NEXT_UPDATE_FIELD', "format error in CRL's nextUpdate field", 'revoked',
    "The CRL from the CA '{issuer}' has a malformed nextUpdate date: regenerate the CRL."),
  row(17, 'OUT_OF_MEM', 'out of memory', null,
    'OpenSSL ran out of memory while verifying; the certificates are not at fault: retry, and check the memory limits of the process.'),
  row(18, 'DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate', 'self-signed',
    "'{subject}' is self-signed and the verifier does not trust it: issue the certificate from a CA instead (`mtlskit ca create`, then `mtlskit cert create NAME`) and give the verifier that CA (`--ca`), or add this exact certificate to the verifier's CA bundle.",
    { legacyText: 'self signed certificate' }),
  row(19, 'SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain', 'untrusted-ca',
    "The chain ends in the root '{subject}', which the verifier does not trust: add that root to the verifier's CA bundle (`--ca`), or have the certificate issued by a CA the verifier already trusts.",
    { legacyText: 'self signed certificate in certificate chain' }),
  row(20, 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'unable to get local issuer certificate', 'untrusted-ca',
    "The issuer '{issuer}' of the certificate '{subject}' is neither in the trusted CA bundle nor in the chain: if it is an intermediate, add it to the chain the server sends (e.g. `cat leaf.crt intermediate.crt > chain.crt`); if it is a root, add it to the verifier's CA bundle (`--ca`)."),
  row(21, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate', 'incomplete-chain',
    "Only the certificate '{subject}' was sent and its issuer '{issuer}' is not in the verifier's trust store: send the full chain (`cat leaf.crt intermediate.crt > chain.crt`, or mtlskit's `NAME-chain.crt`) and make sure the verifier trusts the root (`--ca`)."),
  row(22, 'CERT_CHAIN_TOO_LONG', 'certificate chain too long', null,
    "The chain is longer than the verifier's maximum depth: drop unneeded certificates (such as extra cross-signed roots) from the chain that is sent, or raise the verify depth (`-verify_depth`, `SSL_CTX_set_verify_depth`)."),
  row(23, 'CERT_REVOKED', 'certificate revoked', 'revoked',
    "'{subject}' has been revoked by its CA '{issuer}': issue a new certificate (e.g. `mtlskit cert create NAME --force`) and deploy it; a revoked certificate cannot be un-revoked."),
  row(24, 'NO_ISSUER_PUBLIC_KEY', "issuer certificate doesn't have a public key", 'invalid-ca-cert',
    "The issuer certificate '{issuer}' has no usable public key, so nothing it signed can be checked (with OpenSSL 1.1, error 24 means instead that the issuer is not a valid CA): replace it with a proper CA certificate (`mtlskit ca create`) and re-issue the certificate '{subject}' from it.",
    { legacySymbol: PREFIX + 'INVALID_CA', legacyText: 'invalid CA certificate' }),
  row(25, 'PATH_LENGTH_EXCEEDED', 'path length constraint exceeded', 'invalid-ca-cert',
    "The CA '{subject}' has a pathLenConstraint that allows fewer intermediate CAs below it than this chain has: re-create the CA with a larger path length (`mtlskit ca create --path-len N`) or issue from a CA closer to the leaf."),
  row(26, 'INVALID_PURPOSE', 'unsuitable certificate purpose', 'wrong-key-usage',
    "'{subject}' is not allowed for this role (its extended key usage lacks serverAuth or clientAuth): re-issue it with the right profile: `mtlskit cert create NAME --profile server` for a server, `--profile client` for a client, `--profile peer` for both.",
    { legacyText: 'unsupported certificate purpose', otherTexts: ['unsupported certificate purpose'] }),
  row(27, 'CERT_UNTRUSTED', 'certificate not trusted', 'untrusted-ca',
    "The root '{subject}' is in the trust store but its trust settings do not cover this purpose: add it as a plain `BEGIN CERTIFICATE` PEM to the CA bundle (`--ca`), without `TRUSTED CERTIFICATE` settings that restrict it."),
  row(28, 'CERT_REJECTED', 'certificate rejected', 'untrusted-ca',
    "The root '{subject}' is marked as rejected for this purpose in the trust store: remove the reject setting (store it as a plain `BEGIN CERTIFICATE` PEM) or trust another root."),
  row(29, 'SUBJECT_ISSUER_MISMATCH', 'subject issuer mismatch', 'incomplete-chain',
    "A candidate issuer's subject does not match the issuer name of the certificate '{subject}': the intermediate in the chain is not the one that signed it; send the intermediate that did (its subject is '{issuer}')."),
  row(30, 'AKID_SKID_MISMATCH', 'authority and subject key identifier mismatch', 'incomplete-chain',
    "The authority key identifier of the certificate '{subject}' does not match the subject key identifier of its candidate issuer: the chain holds a CA certificate with the right name but another key (e.g. from before the CA was re-created); send the current intermediate, or " + reissue('from the current CA') + '.'),
  row(31, 'AKID_ISSUER_SERIAL_MISMATCH', 'authority and issuer serial number mismatch', 'incomplete-chain',
    "The authority key identifier of the certificate '{subject}' names an issuer serial number other than the candidate issuer's: the chain holds another certificate for the same CA name; send the CA certificate that actually signed it."),
  row(32, 'KEYUSAGE_NO_CERTSIGN', 'key usage does not include certificate signing', 'invalid-ca-cert',
    "'{subject}' signed another certificate but its key usage lacks keyCertSign, so it cannot act as a CA: issue from a real CA certificate (`mtlskit ca create`) and re-issue the certificates below it."),
  row(33, 'UNABLE_TO_GET_CRL_ISSUER', 'unable to get CRL issuer certificate', 'revoked',
    "The certificate that signed the CRL covering the certificate '{subject}' cannot be found: add the CRL signer's certificate to the trust store or the chain, or sign the CRL with the CA key itself."),
  row(34, 'UNHANDLED_CRITICAL_EXTENSION', 'unhandled critical extension', null,
    "'{subject}' has an extension marked critical that this verifier does not understand, so it must reject the certificate: " + reissue('without that extension, or with it not critical') + '; `openssl x509 -noout -text` lists the extensions.'),
  row(35, 'KEYUSAGE_NO_CRL_SIGN', 'key usage does not include CRL signing', 'revoked',
    "The CRL signer '{issuer}' lacks the cRLSign key usage: sign CRLs with a CA key whose key usage includes cRLSign (mtlskit CAs have it)."),
  row(36, 'UNHANDLED_CRITICAL_CRL_EXTENSION', 'unhandled critical CRL extension', 'revoked',
    "The CRL from the CA '{issuer}' has a critical extension this verifier does not support: regenerate the CRL without it, or enable extended CRL support (`openssl verify -extended_crl`)."),
  row(37, 'INVALID_NON_CA', 'invalid non-CA certificate (has CA markings)', 'invalid-ca-cert',
    "'{subject}' issued a proxy certificate but is itself marked as a CA, while proxy certificates (RFC 3820) must be issued by an end-entity certificate: re-issue the proxy from the end-entity certificate, or use a normal certificate issued by the CA."),
  row(38, 'PROXY_PATH_LENGTH_EXCEEDED', 'proxy path length constraint exceeded', 'invalid-ca-cert',
    "The chain has more proxy certificates below the proxy certificate '{subject}' than its proxy path length constraint allows: shorten the proxy chain or re-issue the proxy with a larger path length."),
  row(39, 'KEYUSAGE_NO_DIGITAL_SIGNATURE', 'key usage does not include digital signature', 'wrong-key-usage',
    "The key usage of the certificate '{subject}' lacks digitalSignature, which it needs to sign in the handshake: re-issue it with a profile that includes it (e.g. `mtlskit cert create NAME --profile server`)."),
  row(40, 'PROXY_CERTIFICATES_NOT_ALLOWED', 'proxy certificates not allowed, please set the appropriate flag', 'invalid-ca-cert',
    "'{subject}' is a proxy certificate (RFC 3820) and the verifier does not accept proxies: use a certificate issued by a CA, or enable proxy certificates (`openssl verify -allow_proxy_certs`) if you rely on them."),
  row(41, 'INVALID_EXTENSION', 'invalid or inconsistent certificate extension', null,
    "An extension of the certificate '{subject}' is malformed or contradicts another (a duplicate extension, an undecodable key identifier, basic constraints that do not fit the key usage): inspect it with `openssl x509 -noout -text` and " + reissue() + '.'),
  row(42, 'INVALID_POLICY_EXTENSION', 'invalid or inconsistent certificate policy extension', null,
    "The certificate policies, policy mappings or policy constraints of the certificate '{subject}' are malformed or inconsistent: " + reissue('with valid policy extensions, or without them') + '.'),
  row(43, 'NO_EXPLICIT_POLICY', 'no explicit policy', null,
    "The verifier requires an explicit certificate policy and the chain of the certificate '{subject}' asserts none it accepts: issue the chain with the required policy OID, or drop the requirement (`-explicit_policy`, `-policy`) if it is not needed."),
  row(44, 'DIFFERENT_CRL_SCOPE', 'different CRL scope', 'revoked',
    "The CRLs the verifier has do not cover the certificate '{subject}' (their issuing distribution point or scope differs): provide the CRL for this certificate's distribution point.",
    { legacyText: 'Different CRL scope' }),
  row(45, 'UNSUPPORTED_EXTENSION_FEATURE', 'unsupported extension feature', null,
    "'{subject}' or a CRL uses an extension feature this OpenSSL does not implement (such as parts of an issuing distribution point): re-issue without that feature, or check revocation another way.",
    { legacyText: 'Unsupported extension feature' }),
  row(46, 'UNNESTED_RESOURCE', "RFC 3779 resource not subset of parent's resources", 'invalid-ca-cert',
    "'{subject}' claims IP address or AS number resources (RFC 3779) that its issuer '{issuer}' does not hold: re-issue it with resources inside its issuer's, or extend the issuer's."),
  row(47, 'PERMITTED_VIOLATION', 'permitted subtree violation', 'invalid-ca-cert',
    "A name in the certificate '{subject}' is outside the names a CA above it may issue for (its permitted name constraints): " + reissue('with a name the CA permits') + ", or widen the CA's constraints."),
  row(48, 'EXCLUDED_VIOLATION', 'excluded subtree violation', 'invalid-ca-cert',
    "A name in the certificate '{subject}' falls in the excluded name constraints of a CA above it: use a name the CA does not exclude, or issue from another CA."),
  row(49, 'SUBTREE_MINMAX', 'name constraints minimum and maximum not supported', 'invalid-ca-cert',
    "A CA above the certificate '{subject}' has name constraints with minimum or maximum values, which OpenSSL does not support (RFC 5280 requires minimum 0 and no maximum): re-create the CA without them."),
  row(50, 'APPLICATION_VERIFICATION', 'application verification failure', null,
    "The application's own verification callback rejected the certificate '{subject}' after OpenSSL's checks: look at the application's logs and its pinning or allow-list settings for the reason."),
  row(51, 'UNSUPPORTED_CONSTRAINT_TYPE', 'unsupported name constraint type', 'invalid-ca-cert',
    "A CA above the certificate '{subject}' has a name constraint of a type OpenSSL cannot check: re-create the CA with DNS, IP, email, URI or directory-name constraints only."),
  row(52, 'UNSUPPORTED_CONSTRAINT_SYNTAX', 'unsupported or invalid name constraint syntax', 'invalid-ca-cert',
    "The name constraints of a CA above the certificate '{subject}' are malformed: re-create the CA with valid constraints."),
  row(53, 'UNSUPPORTED_NAME_SYNTAX', 'unsupported or invalid name syntax', 'invalid-ca-cert',
    "A name in the certificate '{subject}' is malformed, so it cannot be checked against the name constraints of its CA (e.g. an email SAN without '@'): " + reissue('with well-formed SANs') + '.'),
  row(54, 'CRL_PATH_VALIDATION_ERROR', 'CRL path validation error', 'revoked',
    "The CRL signer for the certificate '{subject}' does not verify up to a trusted root: make sure the CRL signer is valid and chains to the same trusted CA."),
  row(55, 'PATH_LOOP', 'path loop', 'invalid-ca-cert',
    "Building the chain of the certificate '{subject}' went round in a loop (CA certificates that issue each other, such as cross-signed CAs): remove the cross-certificate from the chain that is sent or from the trust store.",
    { legacyText: 'Path Loop' }),
  row(56, 'SUITE_B_INVALID_VERSION', 'Suite B: certificate version invalid', 'weak-crypto',
    "The verifier runs in Suite B mode and the certificate '{subject}' is not an X.509 v3 certificate: re-issue it as v3 (mtlskit always does)."),
  row(57, 'SUITE_B_INVALID_ALGORITHM', 'Suite B: invalid public key algorithm', 'weak-crypto',
    "Suite B mode allows only ECDSA keys on P-256 or P-384 and the certificate '{subject}' has another key type: re-issue it with `--key ec-p256` or `--key ec-p384`."),
  row(58, 'SUITE_B_INVALID_CURVE', 'Suite B: invalid ECC curve', 'weak-crypto',
    "Suite B mode allows only the P-256 and P-384 curves and the certificate '{subject}' uses another: re-issue it with `--key ec-p256` or `--key ec-p384`."),
  row(59, 'SUITE_B_INVALID_SIGNATURE_ALGORITHM', 'Suite B: invalid signature algorithm', 'weak-crypto',
    "Suite B mode allows only ECDSA signatures with SHA-256 or SHA-384 and the certificate '{subject}' is signed otherwise: re-issue it from a CA with an EC P-256 or P-384 key (`mtlskit ca create --key ec-p384`)."),
  row(60, 'SUITE_B_LOS_NOT_ALLOWED', 'Suite B: curve not allowed for this LOS', 'weak-crypto',
    "The curve of the certificate '{subject}' is not allowed at the configured Suite B security level (the 192-bit level needs P-384): re-issue it with `--key ec-p384`, or lower the Suite B level."),
  row(61, 'SUITE_B_CANNOT_SIGN_P_384_WITH_P_256', 'Suite B: cannot sign P-384 with P-256', 'weak-crypto',
    "In Suite B a P-256 CA key may not sign a P-384 certificate, as its issuer '{issuer}' did for the certificate '{subject}': create the CA with `mtlskit ca create --key ec-p384` and re-issue."),
  row(62, 'HOSTNAME_MISMATCH', 'hostname mismatch', 'hostname-mismatch',
    "'{subject}' is not valid for the host name '{host}': re-issue it with that name as a SAN (`mtlskit cert create NAME {host}`) or connect with a name it holds.",
    { legacyText: 'Hostname mismatch' }),
  row(63, 'EMAIL_MISMATCH', 'email address mismatch', 'hostname-mismatch',
    "'{subject}' does not hold the email address the verifier expected: re-issue it with that address as an email SAN (`mtlskit cert create NAME email:ADDRESS`) or check which address the verifier expects.",
    { legacyText: 'Email address mismatch' }),
  row(64, 'IP_ADDRESS_MISMATCH', 'IP address mismatch', 'hostname-mismatch',
    "'{subject}' is not valid for the IP address '{ip}': re-issue it with that address as an IP SAN (`mtlskit cert create NAME {ip}`) or connect with a name it holds; an IP address in the common name never matches."),
  row(65, 'DANE_NO_MATCH', 'no matching DANE TLSA records', 'untrusted-ca',
    "No DANE TLSA record published for the host '{host}' matches the certificates it presented: publish TLSA records for the current certificate or key, or deploy the certificate the records describe.",
    { legacyText: 'No matching DANE TLSA records' }),
  row(66, 'EE_KEY_TOO_SMALL', 'EE certificate key too weak', 'weak-crypto',
    "The key of the certificate '{subject}' is too small for the verifier's security level (level 2, the default of most distributions and of OpenSSL 3.2 and later, needs RSA of 2048 bits or EC of 224 bits at least): " + 're-issue it with a bigger key (e.g. `mtlskit cert create NAME --key ec-p256`).'),
  row(67, 'CA_KEY_TOO_SMALL', 'CA certificate key too weak', 'weak-crypto',
    "The key of the CA '{subject}' is too small for the verifier's security level (level 2 needs RSA of 2048 bits or EC of 224 bits at least): re-create the CA with a bigger key (`mtlskit ca create --key ec-p256`) and re-issue the certificates below it."),
  row(68, 'CA_MD_TOO_WEAK', 'CA signature digest algorithm too weak', 'weak-crypto',
    "'{subject}' is signed with a digest too weak for the verifier's security level (SHA-1 or MD5): have its issuer '{issuer}' re-issue it with SHA-256 or better (mtlskit always does)."),
  row(69, 'INVALID_CALL', 'invalid certificate verification context', null,
    'The verifying program called OpenSSL incorrectly (for example with no certificate to verify): this is a bug in that program, not a problem of the certificates.',
    { legacyText: 'Invalid certificate verification context' }),
  row(70, 'STORE_LOOKUP', 'issuer certificate lookup error', null,
    "Looking up the issuer of the certificate '{subject}' in the trust store failed (an unreadable CA file or directory, or a failing store back end): check the CA paths given to the verifier and their permissions.",
    { legacyText: 'Issuer certificate lookup error' }),
  row(71, 'NO_VALID_SCTS', 'Certificate Transparency required, but no valid SCTs found', null,
    "The verifier requires Certificate Transparency and the certificate '{subject}' carries no valid signed certificate timestamp: private CAs cannot log to CT, so turn the requirement off for them, or use a certificate from a public CA."),
  row(72, 'PROXY_SUBJECT_NAME_VIOLATION', 'proxy subject name violation', 'invalid-ca-cert',
    "The subject of the proxy certificate '{subject}' is not its issuer's subject plus one common name, as RFC 3820 requires: re-issue the proxy certificate with a conforming name."),
  row(73, 'OCSP_VERIFY_NEEDED', 'OCSP verification needed', 'revoked',
    "The verifier requires an OCSP status for the certificate '{subject}' and has none: make the server staple an OCSP response, or make the CA's OCSP responder reachable."),
  row(74, 'OCSP_VERIFY_FAILED', 'OCSP verification failed', 'revoked',
    "The OCSP response for the certificate '{subject}' could not be verified (a bad signature, an unauthorised responder, or a stale response): fetch a fresh response signed by its CA '{issuer}' or by a delegated OCSP signer."),
  row(75, 'OCSP_CERT_UNKNOWN', 'OCSP unknown cert', 'revoked',
    "The OCSP responder of the CA '{issuer}' does not know the certificate '{subject}': the certificate is missing from the CA's records, or the responder's database is out of date."),
  row(76, 'UNSUPPORTED_SIGNATURE_ALGORITHM', 'Cannot find certificate signature algorithm', 'signature-invalid',
    "The signature algorithm of the certificate '{subject}' is unknown to or disabled in this OpenSSL (a missing provider, or an algorithm removed from the default provider): " + reissue('with ECDSA, Ed25519 or RSA with SHA-256') + '.',
    { legacySymbol: PREFIX + 'SIGNATURE_ALGORITHM_MISMATCH' }),
  row(77, 'SIGNATURE_ALGORITHM_MISMATCH', 'subject signature algorithm and issuer public key algorithm mismatch', 'signature-invalid',
    "The signature algorithm of the certificate '{subject}' does not fit the key type of its issuer '{issuer}' (e.g. an ECDSA signature under an RSA CA), so another key signed it: " + reissue('from the right CA') + '.',
    { legacySymbol: PREFIX + 'NO_ISSUER_PUBLIC_KEY' }),
  row(78, 'SIGNATURE_ALGORITHM_INCONSISTENCY', 'cert info signature and signature algorithm mismatch', 'signature-invalid',
    "The two signature algorithm fields of the certificate '{subject}' (inside the signed part and outside it) differ, which strict verifiers reject: " + reissue() + '.',
    { legacySymbol: PREFIX + 'UNSUPPORTED_SIGNATURE_ALGORITHM', otherTexts: ['cert info siganature and signature algorithm mismatch'] }),
  row(79, 'INVALID_CA', 'invalid CA certificate', 'invalid-ca-cert',
    "'{subject}' issued a certificate but is not a valid CA (no basicConstraints CA:TRUE, or a key usage without keyCertSign): issue from a real CA certificate (`mtlskit ca create`) and re-issue the certificates below it.",
    { legacySymbol: PREFIX + 'EC_KEY_EXPLICIT_PARAMS', legacyText: 'Certificate public key has explicit ECC parameters' }),
  row(80, 'PATHLEN_INVALID_FOR_NON_CA', 'Path length invalid for non-CA cert', 'invalid-ca-cert',
    "'{subject}' has a pathLenConstraint but is not a CA, which strict verifiers (such as Python 3.13 and later) reject: " + reissue('without a path length') + '.'),
  row(81, 'PATHLEN_WITHOUT_KU_KEY_CERT_SIGN', 'Path length given without key usage keyCertSign', 'invalid-ca-cert',
    "'{subject}' has a pathLenConstraint but its key usage lacks keyCertSign, which strict verifiers (such as Python 3.13 and later) reject: re-create the CA with keyCertSign (`mtlskit ca create`) and re-issue the certificates below it."),
  row(82, 'KU_KEY_CERT_SIGN_INVALID_FOR_NON_CA', 'Key usage keyCertSign invalid for non-CA cert', 'invalid-ca-cert',
    "'{subject}' has keyCertSign in its key usage but is not a CA, which strict verifiers (such as Python 3.13 and later) reject: " + reissue('as a leaf without keyCertSign') + '.'),
  row(83, 'ISSUER_NAME_EMPTY', 'Issuer name empty', 'invalid-ca-cert',
    "'{subject}' has an empty issuer name because its CA has an empty subject, which strict verifiers reject: re-create the CA with a name (`mtlskit ca create --name CN`) and re-issue the certificates below it."),
  row(84, 'SUBJECT_NAME_EMPTY', 'Subject name empty', null,
    "'{subject}' has an empty subject name although it is a CA or has no subject alternative names, which strict verifiers reject: " + reissue('with a subject name') + '.'),
  row(85, 'MISSING_AUTHORITY_KEY_IDENTIFIER', 'Missing Authority Key Identifier', null,
    "'{subject}' has no authority key identifier, which strict verifiers (such as Python 3.13 and later) require of certificates issued by a CA: " + reissue() + '; mtlskit always adds one.'),
  row(86, 'MISSING_SUBJECT_KEY_IDENTIFIER', 'Missing Subject Key Identifier', 'invalid-ca-cert',
    "The CA certificate '{subject}' has no subject key identifier, which strict verifiers require of CAs: re-create the CA (`mtlskit ca create`) and re-issue the certificates below it."),
  row(87, 'EMPTY_SUBJECT_ALT_NAME', 'Empty Subject Alternative Name extension', null,
    "'{subject}' has a subject alternative name extension with no names in it, which strict verifiers reject: " + reissue('with at least one SAN') + '.'),
  row(88, 'EMPTY_SUBJECT_SAN_NOT_CRITICAL', 'Subject empty and Subject Alt Name extension not critical', null,
    "'{subject}' has an empty subject, so its subject alternative name extension must be critical, and it is not: re-issue it with a subject name, or with the SAN extension critical (mtlskit's spiffe profile does that)."),
  row(89, 'CA_BCONS_NOT_CRITICAL', 'Basic Constraints of CA cert not marked critical', 'invalid-ca-cert',
    "The basicConstraints extension of the CA '{subject}' is not critical, which strict verifiers (such as Python 3.13 and later) reject: re-create the CA with critical basic constraints (`mtlskit ca create`) and re-issue the certificates below it."),
  row(90, 'AUTHORITY_KEY_IDENTIFIER_CRITICAL', 'Authority Key Identifier marked critical', null,
    "The authority key identifier of the certificate '{subject}' is marked critical, which RFC 5280 forbids and strict verifiers reject: " + reissue() + '.'),
  row(91, 'SUBJECT_KEY_IDENTIFIER_CRITICAL', 'Subject Key Identifier marked critical', null,
    "The subject key identifier of the certificate '{subject}' is marked critical, which RFC 5280 forbids and strict verifiers reject: " + reissue() + '.'),
  row(92, 'CA_CERT_MISSING_KEY_USAGE', 'CA cert does not include key usage extension', 'invalid-ca-cert',
    "The CA '{subject}' has no key usage extension, which strict verifiers (such as Python 3.13 and later) reject: re-create the CA with keyCertSign and cRLSign (`mtlskit ca create`) and re-issue the certificates below it."),
  row(93, 'EXTENSIONS_REQUIRE_VERSION_3', 'Using cert extension requires at least X509v3', null,
    "'{subject}' has extensions but is not an X.509 v3 certificate, which strict verifiers reject: " + reissue() + '.'),
  row(94, 'EC_KEY_EXPLICIT_PARAMS', 'Certificate public key has explicit ECC parameters', 'weak-crypto',
    "The EC key of the certificate '{subject}' spells out its curve parameters instead of naming the curve, which OpenSSL 3 rejects in a chain (LibreSSL on macOS writes such keys): make the key with a named curve (`openssl ecparam -param_enc named_curve`, or `mtlskit cert create NAME --key ec-p256`) and re-issue."),
  row(95, 'RPK_UNTRUSTED', 'Raw public key untrusted, no trusted keys configured', 'untrusted-ca',
    'The peer authenticated with a raw public key (RFC 7250) and no trusted keys are configured: add the expected public key to the verifier (e.g. `SSL_add_expected_rpk`), or use certificates.',
    { since: '3.2' }),
]);

const BY_NUMBER = new Map<number, X509ErrorInfo>(X509_ERRORS.map((e) => [e.number, e]));

const BY_SYMBOL = new Map<string, X509ErrorInfo>();
for (const e of X509_ERRORS) BY_SYMBOL.set(e.symbol, e);
// Legacy names only where no OpenSSL 3 code carries the same name (INVALID_CA is 79 now, not 24).
for (const e of X509_ERRORS) if (e.legacySymbol && !BY_SYMBOL.has(e.legacySymbol)) BY_SYMBOL.set(e.legacySymbol, e);

const normText = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
const BY_TEXT = new Map<string, X509ErrorInfo>();
for (const e of X509_ERRORS) BY_TEXT.set(normText(e.text), e);
for (const e of X509_ERRORS) {
  for (const t of [...(e.otherTexts ?? []), ...(e.legacyText ? [e.legacyText] : [])]) {
    if (!BY_TEXT.has(normText(t))) BY_TEXT.set(normText(t), e);
  }
}

export function x509ErrorByNumber(n: number): X509ErrorInfo | undefined {
  return BY_NUMBER.get(n);
}

/**
 * By symbol, with or without the X509_V_ERR_ prefix, in any case; 'X509_V_OK' and 'OK' give 0.
 * OpenSSL 1.1 names are accepted too, except where OpenSSL 3 uses the same name for another
 * number (then the OpenSSL 3 meaning wins).
 */
export function x509ErrorBySymbol(s: string): X509ErrorInfo | undefined {
  const up = s.trim().toUpperCase();
  if (up === 'X509_V_OK' || up === 'OK') return BY_NUMBER.get(0);
  return BY_SYMBOL.get(up.startsWith(PREFIX) ? up : PREFIX + up);
}

/**
 * By the text OpenSSL prints (case and spacing ignored): OpenSSL 3 texts first, then texts of
 * other releases, e.g. 1.1's 'self signed certificate' gives 18.
 */
export function x509ErrorByText(text: string): X509ErrorInfo | undefined {
  return BY_TEXT.get(normText(text));
}

/** Stand-ins for a missing value: the words in prose, and the token inside a `code span`. */
const NEUTRAL: Readonly<Record<string, { words: string; code: string }>> = {
  subject: { words: 'the certificate', code: 'NAME' },
  issuer: { words: 'its issuer', code: 'ISSUER' },
  host: { words: 'the host', code: 'HOST' },
  ip: { words: 'the IP address', code: 'IP' },
  depth: { words: 'in the chain', code: 'DEPTH' },
};

const present = (v: string | number | undefined): v is string | number =>
  v !== undefined && v !== '' && !(typeof v === 'number' && !Number.isFinite(v));

/**
 * Fills {subject}, {issuer}, {host}, {ip}, {depth} (and any other {name} present in `values`).
 * A missing value leaves no brace behind and no broken sentence:
 * - a parenthesis holding a missing placeholder is dropped whole: "(depth {depth})";
 * - a quoted placeholder that opens the text becomes a neutral subject: "'{subject}' expired"
 *   → "The certificate expired";
 * - a quoted placeholder further on is an apposition and is dropped with its space:
 *   "its issuer '{issuer}' is" → "its issuer is";
 * - inside a `code span` it becomes an upper-case stand-in the reader replaces: `HOST`.
 */
export function renderFix(template: string, values: Record<string, string | number | undefined>): string {
  const has = (name: string) => present(values[name]);
  const value = (name: string) => String(values[name]);
  const neutral = (name: string) => NEUTRAL[name] ?? { words: 'it', code: name.toUpperCase() };

  const parts = template.split(/(`[^`]*`)/);
  const rendered = parts.map((part, index) => {
    if (index % 2 === 1) {
      return part.replace(/\{(\w+)\}/g, (_, name: string) => (has(name) ? value(name) : neutral(name).code));
    }
    let prose = part.replace(/ ?\([^()`]*\)/g, (paren) => {
      const names = [...paren.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      return names.every(has) ? paren : '';
    });
    prose = prose.replace(/( ?)'\{(\w+)\}'/g, (_, space: string, name: string, offset: number) => {
      if (has(name)) return `${space}'${value(name)}'`;
      return index === 0 && offset === 0 ? neutral(name).words : '';
    });
    return prose.replace(/\{(\w+)\}/g, (_, name: string) => (has(name) ? value(name) : neutral(name).words));
  });
  const text = rendered.join('').replace(/ {2,}/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
