import { usageError } from '../errors.js';

/** design.md defaults. */
export const DEFAULT_DAYS = { root: 3650, intermediate: 1825, leaf: 365 } as const;
/** More than a century is a typo, not a plan. */
export const MAX_DAYS = 36_500;
/** Validity starts this far in the past to absorb clock skew between machines (as mkcert and step do). */
export const BACKDATE_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

export function parseDays(value: string | number, source = '--days'): number {
  const days = typeof value === 'number' ? value : /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(days) || days <= 0 || days > MAX_DAYS) {
    throw usageError(`invalid value '${value}' for ${source}; expected a whole number of days from 1 to ${MAX_DAYS} (100 years)`, String(value));
  }
  return days;
}

export interface Validity {
  notBefore: Date;
  notAfter: Date;
  /** Set when the requested end was cut back to the issuer's own expiry. */
  cappedTo?: Date;
}

/** A certificate never outlives its issuer: RFC 5280 path validation would reject it then. */
export function validityFor(now: Date, days: number, issuerNotAfter?: Date): Validity {
  const notBefore = new Date(now.getTime() - BACKDATE_MS);
  const wanted = new Date(now.getTime() + days * DAY_MS);
  if (issuerNotAfter && wanted > issuerNotAfter) return { notBefore, notAfter: issuerNotAfter, cappedTo: issuerNotAfter };
  return { notBefore, notAfter: wanted };
}
