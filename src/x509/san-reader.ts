import * as der from './der.js';
import { OID } from './oids.js';

export interface GeneralNameValue {
  type: 'dns' | 'ip' | 'uri' | 'email' | 'other';
  value: string;
}

/** The extensions of a certificate by OID: [critical, extnValue DER]. RFC 5280 §4.1. */
export function readExtensions(certificateDer: Buffer): Map<string, { critical: boolean; value: Buffer }> {
  const tbs = der.children(der.children(der.fromDer(certificateDer))[0]!);
  const wrapper = tbs.find((node) => node.tagClass === 0x80 && node.type === 3);
  const out = new Map<string, { critical: boolean; value: Buffer }>();
  if (!wrapper) return out;
  for (const ext of der.children(der.children(wrapper)[0]!)) {
    const parts = der.children(ext);
    const id = der.oidString(parts[0]!);
    const critical = parts.length === 3 && der.valueBytes(parts[1]!)[0] !== 0;
    out.set(id, { critical, value: der.valueBytes(parts[parts.length - 1]!) });
  }
  return out;
}

/** subjectAltName entries (RFC 5280 §4.2.1.6) in certificate order; IPs in Node's canonical text. */
export function readSubjectAltNames(certificateDer: Buffer): GeneralNameValue[] {
  const ext = readExtensions(certificateDer).get(OID.subjectAltName);
  if (!ext) return [];
  return der.children(der.fromDer(ext.value)).map((name) => {
    const bytes = der.valueBytes(name);
    switch (name.type) {
      case 1:
        return { type: 'email', value: bytes.toString('latin1') };
      case 2:
        return { type: 'dns', value: bytes.toString('latin1') };
      case 6:
        return { type: 'uri', value: bytes.toString('utf8') };
      case 7:
        return { type: 'ip', value: ipText(bytes) };
      default:
        return { type: 'other', value: bytes.toString('hex') };
    }
  });
}

function ipText(bytes: Buffer): string {
  if (bytes.length === 4) return [...bytes].join('.');
  if (bytes.length !== 16) return bytes.toString('hex');
  const groups = Array.from({ length: 8 }, (_, i) => bytes.readUInt16BE(i * 2).toString(16)).join(':');
  const canonical = new URL(`http://[${groups}]/`).hostname.slice(1, -1);
  return canonical;
}
