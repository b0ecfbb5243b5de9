import { describe, expect, it } from 'vitest';
import { colorLevel } from '../../src/render/theme.js';
import { relativeTime } from '../../src/render/relative-time.js';
import { validityFor, parseDays } from '../../src/pki/validity.js';

describe('colorLevel honours FORCE_COLOR, NO_COLOR, --no-color and TTYs', () => {
  it.each([
    [{ noColorFlag: false, env: {}, isTTY: true }, 1],
    [{ noColorFlag: false, env: {}, isTTY: false }, 0],
    [{ noColorFlag: true, env: {}, isTTY: true }, 0],
    [{ noColorFlag: false, env: { NO_COLOR: '1' }, isTTY: true }, 0],
    [{ noColorFlag: false, env: { NO_COLOR: '' }, isTTY: true }, 1],
    [{ noColorFlag: false, env: { FORCE_COLOR: '1' }, isTTY: false }, 1],
    [{ noColorFlag: true, env: { FORCE_COLOR: '3' }, isTTY: false }, 3],
    [{ noColorFlag: false, env: { FORCE_COLOR: '0' }, isTTY: true }, 0],
  ])('%j → %i', (settings, level) => {
    expect(colorLevel(settings)).toBe(level);
  });
});

describe('relativeTime', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  it.each([
    ['2026-01-13T00:00:00Z', 'in 12 days'],
    ['2025-12-31T00:00:00Z', '1 day ago'],
    ['2035-12-30T00:00:00Z', 'in 10 years'],
    ['2026-01-01T03:00:00Z', 'in 3 hours'],
  ])('%s → %s', (date, text) => {
    expect(relativeTime(new Date(date), now)).toBe(text);
  });
});

describe('validity', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  it('starts five minutes in the past and lasts the days asked', () => {
    const v = validityFor(now, 365);
    expect(v.notBefore.toISOString()).toBe('2026-06-01T11:55:00.000Z');
    expect(v.notAfter.toISOString()).toBe('2027-06-01T12:00:00.000Z');
    expect(v.cappedTo).toBeUndefined();
  });
  it('never outlives its issuer', () => {
    const issuerEnd = new Date('2026-12-01T00:00:00Z');
    expect(validityFor(now, 365, issuerEnd)).toMatchObject({ notAfter: issuerEnd, cappedTo: issuerEnd });
  });
  it.each(['0', '-5', '36501', 'ten', '1.5', ''])('rejects --days %s', (value) => {
    expect(() => parseDays(value)).toThrow(/--days/);
  });
  it('accepts 1 and 36500', () => {
    expect(parseDays('1')).toBe(1);
    expect(parseDays('36500')).toBe(36500);
  });
});
