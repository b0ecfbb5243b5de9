import { createCipheriv } from 'node:crypto';
import { recordNonce, TLS13_CIPHER_SUITES, trafficKeys } from '../../src/tls/trace/tls13-keys.js';

/**
 * Protects a TLS 1.3 record as a sender would (RFC 8446 §5.2): `inner` is the whole
 * TLSInnerPlaintext (content, content type, zero padding), sealed with the write key and IV of
 * `secret` at `sequence`, the 5-byte header as additional data. The tests' counterpart to
 * RecordDecryptor, for records no RFC vector covers (padding, KeyUpdate, mutated plaintexts).
 */
export function sealInner(suiteId: number, secret: Buffer, sequence: bigint, inner: Buffer): Buffer {
  const suite = TLS13_CIPHER_SUITES[suiteId];
  if (!suite) throw new Error(`no TLS 1.3 suite 0x${suiteId.toString(16)}`);
  const { key, iv } = trafficKeys(suite, secret);
  const length = inner.length + suite.tagLength;
  const header = Buffer.from([23, 3, 3, length >> 8, length & 0xff]);
  const nonce = recordNonce(iv, sequence);
  if (suite.aead === 'aes-128-ccm') {
    const cipher = createCipheriv('aes-128-ccm', key, nonce, { authTagLength: suite.tagLength });
    cipher.setAAD(header, { plaintextLength: inner.length });
    const ciphertext = Buffer.concat([cipher.update(inner), cipher.final()]);
    return Buffer.concat([header, ciphertext, cipher.getAuthTag()]);
  }
  const cipher = createCipheriv(suite.aead as 'aes-128-gcm', key, nonce, { authTagLength: 16 });
  cipher.setAAD(header);
  const ciphertext = Buffer.concat([cipher.update(inner), cipher.final()]);
  return Buffer.concat([header, ciphertext, cipher.getAuthTag()]);
}

/** A record of `contentType` carrying `content` and `padding` zero bytes. */
export const sealRecord = (suiteId: number, secret: Buffer, sequence: bigint, contentType: number, content: Buffer, padding = 0): Buffer =>
  sealInner(suiteId, secret, sequence, Buffer.concat([content, Buffer.from([contentType]), Buffer.alloc(padding)]));
