// Dates as Skatteetaten writes them (`yyyy-mm-dd`), computed in UTC so that adding days never
// meets a daylight-saving gap; "today" is the date in Norway on the test-bed clock.

const osloFormat = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The date in Norway at instant `ms` (the Swedish locale prints ISO dates). */
export const osloDate = (ms: number): string => osloFormat.format(ms);

export const isoDate = (year: number, month: number, day: number): string =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

const toUtc = (date: string): Date => new Date(`${date}T00:00:00Z`);
const fromUtc = (d: Date): string => d.toISOString().slice(0, 10);

/** The value when it is a real calendar date written `yyyy-mm-dd`, else null. */
export function parseIsoDate(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const d = toUtc(value);
  return Number.isNaN(d.getTime()) || fromUtc(d) !== value ? null : value;
}

export function addDays(date: string, days: number): string {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return fromUtc(d);
}

/** The same day `years` later; 29 February becomes 28 February in a common year. */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = isoDate(y + years, m, d);
  return parseIsoDate(target) ?? isoDate(y + years, m, d - 1);
}

export const daysBetween = (from: string, to: string): number => Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / 86_400_000);

export const yearOf = (date: string): number => Number(date.slice(0, 4));
