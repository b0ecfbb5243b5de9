import type { WeightedCauses } from './stack-messages.js';

/**
 * The last resort of `explain`: the plain words of a TLS message that no table knows — a
 * program's own wording ("The certificate for example.com expired on 2024-01-01", "client
 * certificate missing", "no common protocol version"). Each reading is a word group that says one
 * cause outright, with a confidence well under that of a recognised message, so that it counts only
 * where nothing precise was found (explain drops these readings whenever the text holds a precise
 * finding anywhere).
 *
 * Only lines that already look like TLS (the prefilter's words: ssl, tls, certif, handshake, …)
 * are read; a word group must name its subject too ("certificate … expired", not a password that
 * expired). Run on the lower-cased line; order does not matter, every group that matches counts.
 */
export interface KeywordReading {
  id: string;
  re: RegExp;
  causes: WeightedCauses;
  meaning: string;
}

const CERT = String.raw`(?:certificate|cert|x\.?509|ssl|tls|chain)`;
/** Within one clause: no sentence end between (a dot inside a name, "api.example.com", is not one). */
const SAME_CLAUSE = String.raw`(?:[^.;|]|\.(?=\S))`;
const NEAR = String.raw`[^.;|]{0,60}?`;
const near = (a: string, b: string) => new RegExp(String.raw`${a}${NEAR}${b}|${b}${NEAR}${a}`);

const READINGS: readonly KeywordReading[] = [
  {
    id: 'words-key-mismatch',
    re: /(?:private )?key\b[^.;|]{0,40}?(?:does ?n[o']t match|not match|mismatch|not (?:belong|correspond|pair))|mismatch(?:ed)?[^.;|]{0,20}?(?:private )?key\b|key pair[^.;|]{0,30}?(?:invalid|mismatch)/,
    causes: [['key-mismatch', 0.6]],
    meaning: 'The message says the private key and the certificate do not match.',
  },
  {
    id: 'words-not-yet-valid',
    re: /not (?:yet )?valid (?:yet|until|before)|not yet valid|valid from[^.;|]{0,40}?(?:future|later)|(?:notbefore|not before)[^.;|]{0,40}?(?:future|after)|in the future|clock (?:skew|is wrong|is off|behind)/,
    causes: [['not-yet-valid', 0.6]],
    meaning: 'The message says a certificate is not valid yet (its notBefore is in the future, or a clock is wrong).',
  },
  {
    id: 'words-expired',
    re: near(CERT, String.raw`(?:expired|expires? (?:on|at)|expiry|expiration|out of (?:its )?validity|no longer valid|validity period|outside (?:of )?(?:its |the )?validity)`),
    causes: [['expired', 0.6]],
    meaning: 'The message says a certificate has expired (or is outside its validity period).',
  },
  {
    id: 'words-self-signed',
    re: /self[- ]?signed/,
    causes: [['self-signed', 0.6], ['untrusted-ca', 0.4]],
    meaning: 'The message says a certificate is self-signed.',
  },
  {
    id: 'words-revoked',
    re: /revoked|revocation|\bcrl\b|\bocsp\b/,
    causes: [['revoked', 0.6]],
    meaning: 'The message speaks of revocation (a revoked certificate, a CRL or OCSP check).',
  },
  {
    id: 'words-hostname',
    re: near(String.raw`(?:host ?name|server name|domain(?: name)?|common name|\bcn\b|subject ?alt\w*|\bsans?\b|alt(?:ernative)? ?names?|\bip(?: address)?\b|\burl\b)`,
      String.raw`(?:does ?n[o']t match|not match|mismatch|not valid for|is ?n[o']t valid for|not (?:in|among|listed)|wrong|different|invalid for|verification failed|check failed|not verified)`),
    causes: [['hostname-mismatch', 0.6]],
    meaning: 'The message says the certificate does not match the name or address dialled.',
  },
  {
    id: 'words-valid-for',
    re: /(?:certificate|cert) (?:is )?(?:only )?(?:valid|issued) for\b/,
    causes: [['hostname-mismatch', 0.55]],
    meaning: 'The message says for which names the certificate is valid: not the one dialled.',
  },
  {
    id: 'words-key-usage',
    re: /key ?usage|extended key|\beku\b|server ?auth|client ?auth(?:entication)? (?:usage|purpose|extension)|certificate purpose|wrong purpose|not (?:allowed|permitted|intended) for (?:client|server)/,
    causes: [['wrong-key-usage', 0.55]],
    meaning: 'The message speaks of the certificate\'s key usage or purpose.',
  },
  {
    id: 'words-invalid-ca',
    re: /basic ?constraints|not a (?:valid )?ca\b|ca ?: ?false|is ?n[o']t a ca\b|path ?len|name constraints?|keycertsign|cannot sign (?:other )?certificates/,
    causes: [['invalid-ca-cert', 0.6]],
    meaning: 'The message says an issuing certificate is not a valid CA.',
  },
  {
    id: 'words-weak',
    re: /(?:key|dh|rsa|modulus|prime)[^.;|]{0,30}?(?:too (?:small|short|weak)|size)|too weak|weak (?:key|signature|digest|algorithm|cipher)|\bmd5\b|sha-?1\b|security level|seclevel|insecure (?:algorithm|signature)|(?:algorithm|digest)[^.;|]{0,30}?(?:disabled|not allowed|disallowed|not supported)/,
    causes: [['weak-crypto', 0.55]],
    meaning: 'The message says a key or algorithm is too weak for the verifier\'s policy.',
  },
  {
    id: 'words-untrusted',
    re: /not trusted|untrusted|unknown (?:ca|authority|issuer|certificate authority|root)|trust ?anchor|trusted root|trust ?store|trusted (?:certificate|ca)|root (?:ca|certificate)[^.;|]{0,30}?(?:missing|not found|unknown)|issuer[^.;|]{0,30}?(?:unknown|not found|missing|untrusted)|could not (?:be )?(?:verified|validated)|unable to verify|cannot be verified|can ?n[o']t verify|failed to verify|verification fail|(?:not|couldn't|could not|cannot|can't) establish trust|trust relationship/,
    causes: [['untrusted-ca', 0.45], ['incomplete-chain', 0.3], ['self-signed', 0.25]],
    meaning: 'The message says the peer\'s certificate could not be verified against a trusted CA.',
  },
  {
    id: 'words-invalid-certificate',
    re: near(String.raw`(?:certificate|cert)s?\b`, String.raw`(?:invalid|not valid|is ?n[o']t valid|bad|rejected|not accepted|refused|verify failed|failed (?:to )?validat\w*|validation (?:failed|error))`),
    causes: [['untrusted-ca', 0.4], ['incomplete-chain', 0.28], ['self-signed', 0.24], ['expired', 0.2], ['hostname-mismatch', 0.15]],
    meaning: 'The message says the peer\'s certificate was found invalid, without saying why; most often its CA is not trusted.',
  },
  {
    id: 'words-chain',
    re: /intermediate|(?:incomplete|partial|broken|missing)[^.;|]{0,20}?chain|chain[^.;|]{0,30}?(?:incomplete|missing|not (?:sent|complete|provided))/,
    causes: [['incomplete-chain', 0.5], ['untrusted-ca', 0.35]],
    meaning: 'The message says the certificate chain is incomplete (an intermediate is missing).',
  },
  {
    id: 'words-client-cert-required',
    re: near(String.raw`(?:client|peer|user) ?cert(?:ificate)?s?\b`, String.raw`(?:required|missing|not (?:sent|provided|presented|supplied|found)|did ?n[o']t (?:send|provide|present|return)|no |none|without|absent)`),
    causes: [['client-cert-required', 0.55], ['client-cert-rejected', 0.3]],
    meaning: 'The message says the client certificate was required but not sent.',
  },
  {
    id: 'words-no-certificate',
    re: /no (?:client )?certificates? (?:was |were )?(?:sent|presented|provided|returned|received|given)|certificate (?:is )?required|no required ssl certificate/,
    causes: [['client-cert-required', 0.55]],
    meaning: 'The message says no certificate was sent where one was required.',
  },
  {
    id: 'words-client-cert-rejected',
    re: near(String.raw`(?:client|peer) ?cert(?:ificate)?s?\b`, String.raw`(?:rejected|refused|invalid|not accepted|denied|unauthori[sz]ed|bad|unknown|not trusted|untrusted|failed)`),
    causes: [['client-cert-rejected', 0.5]],
    meaning: 'The message says the client certificate was refused.',
  },
  {
    id: 'words-key-load',
    re: near(String.raw`(?:private key|key file|\.key\b|\.pem\b|\.crt\b|\.p12\b|\.pfx\b|\.jks\b|keystore|truststore|certificate file|cert file|pem|pkcs ?#?(?:8|12))`,
      String.raw`(?:load|read|parse|pars(?:ing|e)|decod|decrypt|passphrase|password|format|no such file|not found|does not exist|cannot open|unable to open|permission|invalid|malformed|corrupt|unsupported)`),
    causes: [['key-load-failed', 0.5]],
    meaning: 'The message says a certificate or key file could not be loaded.',
  },
  {
    id: 'words-protocol',
    re: /(?:protocol|tls|ssl) ?version|unsupported (?:ssl |tls )?protocol|protocol (?:is )?(?:not supported|unsupported|disabled|mismatch)|no (?:common|shared|supported) (?:tls |ssl )?(?:protocol|version)|(?:tls ?v?1(?:\.[0-3])?|ssl ?v?[23])\b[^.;|]{0,30}?(?:disabled|not (?:supported|enabled|allowed)|deprecated|required)|(?:minimum|maximum) (?:tls|ssl|protocol)|inappropriate fallback|no protocols? available/,
    causes: [['protocol-mismatch', 0.5]],
    meaning: 'The message says the two sides have no TLS version in common.',
  },
  {
    id: 'words-cipher',
    re: /(?:no|unsupported|unknown|invalid|mismatch\w*|no common|no shared|inappropriate|disabled) cipher|cipher[^.;|]{0,30}?(?:mismatch|not supported|unsupported|no match|overlap|disabled|not (?:enabled|allowed|available))|no (?:shared|common|matching|mutual)[^.;|]{0,20}?(?:suite|algorithm|group|curve|signature)|signature (?:algorithm|scheme)s?[^.;|]{0,30}?(?:not|no|unsupported)|(?:elliptic )?curves?[^.;|]{0,20}?(?:not supported|unsupported|no)|key exchange[^.;|]{0,30}?(?:fail|no|not)/,
    causes: [['no-shared-cipher', 0.5]],
    meaning: 'The message speaks of cipher suites, groups or signature algorithms the sides do not share.',
  },
  {
    id: 'words-not-tls',
    re: /(?:bad|invalid|unexpected|malformed|unknown) (?:tls|ssl) (?:header|record|packet|message)|plain ?(?:text|http)|http request|http (?:response|status|\/1\.[01])|https? (?:request )?(?:to|on|sent to) (?:an? )?https?\b|not (?:an? )?(?:tls|ssl|https)\b|(?:doesn't|does not|don't) (?:look like|speak) (?:a )?(?:tls|ssl)|non-?(?:tls|ssl)|bad record|record (?:layer|header)|wrong port/,
    causes: [['not-tls', 0.5]],
    meaning: 'The message says one side did not speak TLS (plain HTTP, a wrong port).',
  },
  {
    id: 'words-sni',
    re: /\bsni\b|server name indication|unrecogni[sz]ed (?:server )?name|unknown (?:server|host) ?name|no (?:certificate|vhost|virtual host|server block) (?:for|matching)/,
    causes: [['sni-unrecognized', 0.55]],
    meaning: 'The message speaks of the server name the client asked for (SNI).',
  },
  {
    id: 'words-signature',
    re: /(?:bad|invalid|wrong|broken) signature|signature[^.;|]{0,30}?(?:invalid|failure|failed|mismatch|does not verify|did not verify|not valid|verification)/,
    causes: [['signature-invalid', 0.5]],
    meaning: 'The message says a certificate\'s signature does not verify.',
  },
  {
    id: 'words-reset',
    re: /reset|(?:connection|socket|stream|peer|remote)[^.;|]{0,30}?(?:closed|aborted|terminated|dropped|lost|hung up|hang up)|\beof\b|end of file|unexpected(?:ly)? (?:end|close|eof)|hang ?up|broken pipe/,
    causes: [['connection-reset', 0.35]],
    meaning: 'The message says the peer closed the connection.',
  },
];

/** The readings, each span of words (written `[^.;|]`) kept within one clause. */
export const KEYWORD_READINGS: readonly KeywordReading[] = READINGS.map((r) => ({ ...r, re: new RegExp(r.re.source.replaceAll('[^.;|]', SAME_CLAUSE)) }));
