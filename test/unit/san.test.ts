import { describe, expect, it } from 'vitest';
import { MtlskitError } from '../../src/errors.js';
import { ipBytes, parseSan, sanToString } from '../../src/pki/san.js';

describe('parseSan recognises SANs by form (design.md)', () => {
  it.each([
    ['localhost', 'DNS:localhost'],
    ['API.Internal', 'DNS:api.internal'],
    ['*.svc.local', 'DNS:*.svc.local'],
    ['bücher.example', 'DNS:xn--bcher-kva.example'],
    ['10.0.0.1', 'IP:10.0.0.1'],
    ['::1', 'IP:::1'],
    ['2001:DB8:0:0:0:0:0:1', 'IP:2001:db8::1'],
    ['spiffe://td/ns/a', 'URI:spiffe://td/ns/a'],
    ['https://example.com/x', 'URI:https://example.com/x'],
    ['a@b.c', 'email:a@b.c'],
    ['dns:10.0.0.1.nip.io', 'DNS:10.0.0.1.nip.io'],
    ['ip:127.0.0.1', 'IP:127.0.0.1'],
    ['uri:urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66', 'URI:urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66'],
    ['email:ops@example.org', 'email:ops@example.org'],
  ])('%s → %s', (input, expected) => {
    expect(sanToString(parseSan(input))).toBe(expected);
  });

  it.each([
    ['*.*.example', /wildcard may only be the whole left-most label/],
    ['a..b', /empty label/],
    [`${'a'.repeat(64)}.example`, /at most 63/],
    ['has space', /white space/],
    ['300.1.1.1', /not an IPv4 address/],
    ['spiffe://', /needs a trust domain/],
    ['spiffe:///ns/a', /needs a trust domain/],
    ['spiffe://TD:8080/a', /trust domain holds only/],
    ['spiffe://td/a/', /may not be empty/],
    ['foo*.example.com', /wildcard may only be the whole left-most label/],
    ['*.com', /at least two labels after it/],
    ['-bad.example', /may not start or end with a hyphen/],
    ['fe80::1%eth0', /not an IPv4 or IPv6 address/],
    ['', /empty/],
  ])('rejects %s as a usage error naming it', (input, why) => {
    let caught: unknown;
    try {
      parseSan(input);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MtlskitError);
    expect((caught as MtlskitError).kind).toBe('usage');
    expect((caught as MtlskitError).message).toContain(`'${input}'`);
    expect((caught as MtlskitError).message).toMatch(why);
  });
});

describe('ipBytes encodes iPAddress GeneralNames (RFC 5280 §4.2.1.6)', () => {
  it.each([
    ['127.0.0.1', '7f000001'],
    ['::1', '00000000000000000000000000000001'],
    ['2001:db8::8:800:200c:417a', '20010db8000000000008080020 0c417a'.replace(' ', '')],
    ['::ffff:192.0.2.1', '00000000000000000000ffffc0000201'],
    ['fe80::', 'fe800000000000000000000000000000'],
  ])('%s', (ip, hex) => {
    expect(ipBytes(ip).toString('hex')).toBe(hex);
  });
});
