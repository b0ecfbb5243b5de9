const UNITS: [string, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "in 12 days", "3 months ago": the largest whole unit, for people; JSON keeps ISO dates. */
export function relativeTime(date: Date, now: Date): string {
  const delta = date.getTime() - now.getTime();
  const abs = Math.abs(delta);
  const [unit, size] = UNITS.find(([, ms]) => abs >= ms) ?? ['minute', 60_000];
  // Whole days count down exactly ("expires in 12 days"); years and months round (3650 days is "10 years").
  const n = Math.max(1, size >= UNITS[1]![1] ? Math.round(abs / size) : Math.floor(abs / size));
  // 364 days rounds to 12 months, which people say as a year.
  const [count, name] = unit === 'month' && n >= 12 ? [1, 'year'] : [n, unit];
  const phrase = `${count} ${name}${count === 1 ? '' : 's'}`;
  return delta >= 0 ? `in ${phrase}` : `${phrase} ago`;
}

export const isoDate = (date: Date) => date.toISOString().slice(0, 10);
