/**
 * Name tables for the numbers on the TLS wire (IANA "Transport Layer Security (TLS) Parameters"
 * and "TLS Extensiontype Values" registries). Knowledge is data: a parser keeps the number and
 * asks here for a name, so an unknown code point is shown as a number, never dropped.
 */

/** A wire value with its registry name; `name` is null when the value is not in our tables. */
export interface Code {
  id: number;
  name: string | null;
}

/**
 * RFC 8701 GREASE values: 0x0A0A, 0x1A1A … 0xFAFA. Clients sprinkle them into cipher suites,
 * extensions, groups, signature algorithms and versions so servers learn to ignore the unknown.
 */
export const isGrease = (value: number): boolean => (value & 0x0f0f) === 0x0a0a && value >> 8 === (value & 0xff);

const lookup = (table: Readonly<Record<number, string>>, id: number): Code => ({
  id,
  name: table[id] ?? (isGrease(id) ? 'GREASE' : null),
});

/** RFC 8446 §5.1 ContentType, plus heartbeat (RFC 6520). */
export const CONTENT_TYPES: Readonly<Record<number, string>> = {
  20: 'change_cipher_spec',
  21: 'alert',
  22: 'handshake',
  23: 'application_data',
  24: 'heartbeat',
};

/**
 * HandshakeType (RFC 8446 §4, RFC 5246 §7.4, RFC 6066 §8, RFC 8879), named as mtlskit's `trace`
 * JSON names message types (design.md: "ClientHello", "CertificateRequest" …).
 */
export const HANDSHAKE_TYPES: Readonly<Record<number, string>> = {
  0: 'HelloRequest',
  1: 'ClientHello',
  2: 'ServerHello',
  3: 'HelloVerifyRequest',
  4: 'NewSessionTicket',
  5: 'EndOfEarlyData',
  6: 'HelloRetryRequest',
  8: 'EncryptedExtensions',
  11: 'Certificate',
  12: 'ServerKeyExchange',
  13: 'CertificateRequest',
  14: 'ServerHelloDone',
  15: 'CertificateVerify',
  16: 'ClientKeyExchange',
  20: 'Finished',
  21: 'CertificateUrl',
  22: 'CertificateStatus',
  23: 'SupplementalData',
  24: 'KeyUpdate',
  25: 'CompressedCertificate',
  254: 'MessageHash',
};

/** Handshake type numbers the parsers switch on. */
export const HandshakeType = {
  ClientHello: 1,
  ServerHello: 2,
  NewSessionTicket: 4,
  EndOfEarlyData: 5,
  EncryptedExtensions: 8,
  Certificate: 11,
  ServerKeyExchange: 12,
  CertificateRequest: 13,
  ServerHelloDone: 14,
  CertificateVerify: 15,
  ClientKeyExchange: 16,
  Finished: 20,
  KeyUpdate: 24,
} as const;

/** ProtocolVersion as Node's `getProtocol()` spells it. */
const VERSIONS: Readonly<Record<number, string>> = {
  0x0002: 'SSLv2',
  0x0300: 'SSLv3',
  0x0301: 'TLSv1',
  0x0302: 'TLSv1.1',
  0x0303: 'TLSv1.2',
  0x0304: 'TLSv1.3',
  0xfeff: 'DTLSv1',
  0xfefd: 'DTLSv1.2',
  0xfefc: 'DTLSv1.3',
};

export function versionCode(id: number): Code {
  // Pre-RFC 8446 drafts announced themselves as 0x7f00 + draft number.
  if (id >> 8 === 0x7f) return { id, name: `TLSv1.3-draft-${id & 0xff}` };
  return lookup(VERSIONS, id);
}

/** ExtensionType (IANA registry), plus the few unregistered ones browsers send. */
export const EXTENSION_TYPES: Readonly<Record<number, string>> = {
  0: 'server_name',
  1: 'max_fragment_length',
  2: 'client_certificate_url',
  3: 'trusted_ca_keys',
  4: 'truncated_hmac',
  5: 'status_request',
  6: 'user_mapping',
  7: 'client_authz',
  8: 'server_authz',
  9: 'cert_type',
  10: 'supported_groups',
  11: 'ec_point_formats',
  12: 'srp',
  13: 'signature_algorithms',
  14: 'use_srtp',
  15: 'heartbeat',
  16: 'application_layer_protocol_negotiation',
  17: 'status_request_v2',
  18: 'signed_certificate_timestamp',
  19: 'client_certificate_type',
  20: 'server_certificate_type',
  21: 'padding',
  22: 'encrypt_then_mac',
  23: 'extended_master_secret',
  24: 'token_binding',
  25: 'cached_info',
  27: 'compress_certificate',
  28: 'record_size_limit',
  34: 'delegated_credential',
  35: 'session_ticket',
  41: 'pre_shared_key',
  42: 'early_data',
  43: 'supported_versions',
  44: 'cookie',
  45: 'psk_key_exchange_modes',
  47: 'certificate_authorities',
  48: 'oid_filters',
  49: 'post_handshake_auth',
  50: 'signature_algorithms_cert',
  51: 'key_share',
  52: 'transparency_info',
  54: 'connection_id',
  57: 'quic_transport_parameters',
  58: 'ticket_request',
  // Not registered: NPN (Chrome before ALPN) and ALPS (Chrome's application_settings).
  13172: 'next_protocol_negotiation',
  17513: 'application_settings',
  17613: 'application_settings',
  0xfd00: 'ech_outer_extensions',
  0xfe0d: 'encrypted_client_hello',
  0xff01: 'renegotiation_info',
};

/** Extension type numbers the parsers read. */
export const ExtensionType = {
  serverName: 0,
  supportedGroups: 10,
  signatureAlgorithms: 13,
  alpn: 16,
  earlyData: 42,
  supportedVersions: 43,
  certificateAuthorities: 47,
  signatureAlgorithmsCert: 50,
  keyShare: 51,
} as const;

export const extensionCode = (id: number): Code => lookup(EXTENSION_TYPES, id);

/**
 * CipherSuite: every TLS 1.3 suite (RFC 8446 §B.4) and the TLS 1.2 suites OpenSSL, Go, Java and
 * browsers still offer, with their IANA names (what Node's `getCipher().standardName` shows).
 */
export const CIPHER_SUITES: Readonly<Record<number, string>> = {
  0x1301: 'TLS_AES_128_GCM_SHA256',
  0x1302: 'TLS_AES_256_GCM_SHA384',
  0x1303: 'TLS_CHACHA20_POLY1305_SHA256',
  0x1304: 'TLS_AES_128_CCM_SHA256',
  0x1305: 'TLS_AES_128_CCM_8_SHA256',

  0xc02b: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  0xc02c: 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  0xc02f: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  0xc030: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  0xcca8: 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
  0xcca9: 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  0xc0ac: 'TLS_ECDHE_ECDSA_WITH_AES_128_CCM',
  0xc0ad: 'TLS_ECDHE_ECDSA_WITH_AES_256_CCM',
  0xc0ae: 'TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8',
  0xc0af: 'TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8',
  0xc023: 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256',
  0xc024: 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384',
  0xc027: 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256',
  0xc028: 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384',
  0xc009: 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA',
  0xc00a: 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA',
  0xc013: 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA',
  0xc014: 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA',
  0xc007: 'TLS_ECDHE_ECDSA_WITH_RC4_128_SHA',
  0xc008: 'TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA',
  0xc011: 'TLS_ECDHE_RSA_WITH_RC4_128_SHA',
  0xc012: 'TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA',
  0xc006: 'TLS_ECDHE_ECDSA_WITH_NULL_SHA',
  0xc010: 'TLS_ECDHE_RSA_WITH_NULL_SHA',

  0x009e: 'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256',
  0x009f: 'TLS_DHE_RSA_WITH_AES_256_GCM_SHA384',
  0xccaa: 'TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
  0x0067: 'TLS_DHE_RSA_WITH_AES_128_CBC_SHA256',
  0x006b: 'TLS_DHE_RSA_WITH_AES_256_CBC_SHA256',
  0x0033: 'TLS_DHE_RSA_WITH_AES_128_CBC_SHA',
  0x0039: 'TLS_DHE_RSA_WITH_AES_256_CBC_SHA',
  0x0016: 'TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA',

  0x009c: 'TLS_RSA_WITH_AES_128_GCM_SHA256',
  0x009d: 'TLS_RSA_WITH_AES_256_GCM_SHA384',
  0xc09c: 'TLS_RSA_WITH_AES_128_CCM',
  0xc09d: 'TLS_RSA_WITH_AES_256_CCM',
  0x003c: 'TLS_RSA_WITH_AES_128_CBC_SHA256',
  0x003d: 'TLS_RSA_WITH_AES_256_CBC_SHA256',
  0x002f: 'TLS_RSA_WITH_AES_128_CBC_SHA',
  0x0035: 'TLS_RSA_WITH_AES_256_CBC_SHA',
  0x000a: 'TLS_RSA_WITH_3DES_EDE_CBC_SHA',
  0x0004: 'TLS_RSA_WITH_RC4_128_MD5',
  0x0005: 'TLS_RSA_WITH_RC4_128_SHA',
  0x0001: 'TLS_RSA_WITH_NULL_MD5',
  0x0002: 'TLS_RSA_WITH_NULL_SHA',
  0x003b: 'TLS_RSA_WITH_NULL_SHA256',
  0x0000: 'TLS_NULL_WITH_NULL_NULL',

  // Signalling values, not real suites (RFC 5746 §3.3, RFC 7507 §6).
  0x00ff: 'TLS_EMPTY_RENEGOTIATION_INFO_SCSV',
  0x5600: 'TLS_FALLBACK_SCSV',
};

export const cipherSuiteCode = (id: number): Code => lookup(CIPHER_SUITES, id);

/**
 * NamedGroup (RFC 8446 §4.2.7, RFC 8422 §5.1.1, RFC 7919, RFC 8734), the ML-KEM groups and the
 * hybrids of draft-ietf-tls-ecdhe-mlkem (X25519MLKEM768 is what Chrome, Firefox and OpenSSL 3.5
 * offer first today).
 */
export const NAMED_GROUPS: Readonly<Record<number, string>> = {
  19: 'secp192r1',
  21: 'secp224r1',
  22: 'secp256k1',
  23: 'secp256r1',
  24: 'secp384r1',
  25: 'secp521r1',
  26: 'brainpoolP256r1',
  27: 'brainpoolP384r1',
  28: 'brainpoolP512r1',
  29: 'x25519',
  30: 'x448',
  31: 'brainpoolP256r1tls13',
  32: 'brainpoolP384r1tls13',
  33: 'brainpoolP512r1tls13',
  0x0100: 'ffdhe2048',
  0x0101: 'ffdhe3072',
  0x0102: 'ffdhe4096',
  0x0103: 'ffdhe6144',
  0x0104: 'ffdhe8192',
  0x0200: 'MLKEM512',
  0x0201: 'MLKEM768',
  0x0202: 'MLKEM1024',
  0x11eb: 'SecP256r1MLKEM768',
  0x11ec: 'X25519MLKEM768',
  0x11ed: 'SecP384r1MLKEM1024',
  // The pre-standard Kyber hybrid Chrome 124–130 sent.
  0x6399: 'X25519Kyber768Draft00',
};

export const namedGroupCode = (id: number): Code => lookup(NAMED_GROUPS, id);

/**
 * SignatureScheme (RFC 8446 §4.2.3). TLS 1.2's (hash, signature) pairs share the numbering
 * (RFC 5246 §7.4.1.4.1); the SHA-224 and DSA pairs that TLS 1.3 retired keep OpenSSL's names.
 */
export const SIGNATURE_SCHEMES: Readonly<Record<number, string>> = {
  0x0401: 'rsa_pkcs1_sha256',
  0x0501: 'rsa_pkcs1_sha384',
  0x0601: 'rsa_pkcs1_sha512',
  0x0403: 'ecdsa_secp256r1_sha256',
  0x0503: 'ecdsa_secp384r1_sha384',
  0x0603: 'ecdsa_secp521r1_sha512',
  0x0804: 'rsa_pss_rsae_sha256',
  0x0805: 'rsa_pss_rsae_sha384',
  0x0806: 'rsa_pss_rsae_sha512',
  0x0807: 'ed25519',
  0x0808: 'ed448',
  0x0809: 'rsa_pss_pss_sha256',
  0x080a: 'rsa_pss_pss_sha384',
  0x080b: 'rsa_pss_pss_sha512',
  0x081a: 'ecdsa_brainpoolP256r1tls13_sha256',
  0x081b: 'ecdsa_brainpoolP384r1tls13_sha384',
  0x081c: 'ecdsa_brainpoolP512r1tls13_sha512',
  0x0904: 'mldsa44',
  0x0905: 'mldsa65',
  0x0906: 'mldsa87',
  0x0201: 'rsa_pkcs1_sha1',
  0x0203: 'ecdsa_sha1',
  0x0202: 'dsa_sha1',
  0x0301: 'rsa_pkcs1_sha224',
  0x0302: 'dsa_sha224',
  0x0303: 'ecdsa_sha224',
  0x0402: 'dsa_sha256',
  0x0502: 'dsa_sha384',
  0x0602: 'dsa_sha512',
};

export const signatureSchemeCode = (id: number): Code => lookup(SIGNATURE_SCHEMES, id);

/** ClientCertificateType of a TLS 1.2 CertificateRequest (RFC 5246 §7.4.4, RFC 8422 §5.5). */
export const CLIENT_CERTIFICATE_TYPES: Readonly<Record<number, string>> = {
  1: 'rsa_sign',
  2: 'dss_sign',
  3: 'rsa_fixed_dh',
  4: 'dss_fixed_dh',
  64: 'ecdsa_sign',
  65: 'rsa_fixed_ecdh',
  66: 'ecdsa_fixed_ecdh',
};

export const clientCertificateTypeCode = (id: number): Code => lookup(CLIENT_CERTIFICATE_TYPES, id);

/** AlertLevel (RFC 5246 §7.2). Alert descriptions are named in src/diagnose/knowledge. */
export const ALERT_LEVELS: Readonly<Record<number, string>> = { 1: 'warning', 2: 'fatal' };

export const alertLevelCode = (id: number): Code => lookup(ALERT_LEVELS, id);
