import { isIPv4 as netIsIPv4, isIPv6 as netIsIPv6 } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ipVersion, isIPv4, isIPv6 } from '../../src/x509/ip-address.js';

// ip-address.ts stands in for node:net on the inspect/lint start path; it must agree with it
// (zone ids aside: certificates and targets never carry them).
const CASES = [
  '1.2.3.4', '255.255.255.255', '0.0.0.0', '256.1.1.1', '01.2.3.4', '1.2.3', '1.2.3.4.5', '1.2.3.-4',
  '::', '::1', '1::', 'fe80::1', '2001:db8::', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7::',
  '::ffff:1.2.3.4', '1::2::3', ':1', '1:', '12345::', '::1.2.3.4', '1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:7:1.2.3.4',
  'g::1', 'localhost', '', ' ::1', '1:2:3:4:5:6:7:8::', 'ABCD:EF01::', '::256.1.1.1',
];

describe('ip-address', () => {
  it.each(CASES)('%j is classified as node:net does', (text) => {
    expect(isIPv4(text)).toBe(netIsIPv4(text));
    expect(isIPv6(text)).toBe(netIsIPv6(text));
    expect(ipVersion(text)).toBe(netIsIPv4(text) ? 4 : netIsIPv6(text) ? 6 : 0);
  });
});
