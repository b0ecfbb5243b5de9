import { describe, expect, it } from 'vitest';
import { toDer } from '../../src/x509/der.js';
import { basicConstraints, encodeExtension, extendedKeyUsage, keyUsage, subjectAltName } from '../../src/pki/extensions.js';
import { parseSan } from '../../src/pki/san.js';
import { randomSerial } from '../../src/pki/certificate.js';

// Known answers: DER as `openssl asn1parse` shows the same extensions from OpenSSL-made certificates.
describe('extension encodings', () => {
  it('keyUsage drops trailing zero bits (X.690 §11.2.2)', () => {
    expect(toDer(keyUsage(['digitalSignature']).value).toString('hex')).toBe('03020780');
    expect(toDer(keyUsage(['digitalSignature', 'keyEncipherment']).value).toString('hex')).toBe('030205a0');
    expect(toDer(keyUsage(['keyCertSign', 'cRLSign']).value).toString('hex')).toBe('03020106');
    expect(toDer(keyUsage(['digitalSignature', 'decipherOnly']).value).toString('hex')).toBe('0303078080');
  });

  it('basicConstraints: empty SEQUENCE for leaves, cA TRUE with pathLen for CAs, always critical', () => {
    expect(toDer(encodeExtension(basicConstraints(false))).toString('hex')).toBe('300c0603551d130101ff04023000');
    expect(toDer(basicConstraints(true, 0).value).toString('hex')).toBe('30060101ff020100');
    expect(toDer(basicConstraints(true).value).toString('hex')).toBe('30030101ff');
  });

  it('extendedKeyUsage lists OIDs and is not critical', () => {
    const ext = extendedKeyUsage(['serverAuth', 'clientAuth']);
    expect(ext.critical).toBe(false);
    expect(toDer(ext.value).toString('hex')).toBe('301406082b0601050507030106082b06010505070302');
  });

  it('subjectAltName is critical only with an empty subject (RFC 5280 §4.2.1.6)', () => {
    const sans = ['a.b', '10.0.0.1', 'spiffe://td/x', 'm@a.b'].map(parseSan);
    expect(subjectAltName(sans, false).critical).toBe(false);
    expect(subjectAltName(sans, true).critical).toBe(true);
    expect(toDer(subjectAltName(sans, false).value).toString('hex')).toBe(
      '30' + '21' + '8203612e62' + '87040a000001' + '860d7370696666653a2f2f74642f78' + '81056d40612e62',
    );
  });

  it('random serials are 16 octets, positive, and differ', () => {
    const serials = Array.from({ length: 200 }, () => randomSerial());
    for (const s of serials) {
      expect(s.length).toBe(16);
      expect(s[0]! & 0x80).toBe(0);
      expect(s[0]).not.toBe(0);
    }
    expect(new Set(serials.map((s) => s.toString('hex'))).size).toBe(200);
  });
});
