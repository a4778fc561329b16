// Norwegian identifiers: organisation numbers (mod-11), fødselsnummer (two mod-11 check digits),
// synthetic Tenor test persons, and the ISO 6523 form used in Maskinporten and Altinn payloads.
import { createHash } from 'node:crypto';

export const ISO6523_AUTHORITY = 'iso6523-actorid-upis';
export const ORGNO_ICD = '0192';

const ORG_WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2];
const FNR_WEIGHTS_1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const FNR_WEIGHTS_2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

/** mod-11 check digit over `digits` with `weights`; null when the remainder gives 10 (never issued). */
function mod11(digits: number[], weights: number[]): number | null {
  const sum = weights.reduce((acc, w, i) => acc + w * (digits[i] ?? 0), 0);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  return check === 10 ? null : check;
}

const toDigits = (s: string) => s.split('').map(Number);

export type IdentifierProblem = 'format' | 'checksum';

/** Why an organisation number is invalid, or null when it is valid. */
export function orgNoProblem(value: unknown): IdentifierProblem | null {
  if (typeof value !== 'string' || !/^\d{9}$/.test(value)) return 'format';
  const d = toDigits(value);
  return mod11(d.slice(0, 8), ORG_WEIGHTS) === d[8] ? null : 'checksum';
}

export const isValidOrgNo = (value: unknown): value is string => orgNoProblem(value) === null;

/** Completes an 8-digit prefix with its check digit; null when no valid check digit exists. */
export function withOrgNoCheckDigit(prefix8: string): string | null {
  const check = mod11(toDigits(prefix8), ORG_WEIGHTS);
  return check === null ? null : prefix8 + check;
}

/** Why a fødselsnummer/D-nummer is invalid, or null when both check digits are right. */
export function fnrProblem(value: unknown): IdentifierProblem | null {
  if (typeof value !== 'string' || !/^\d{11}$/.test(value)) return 'format';
  const d = toDigits(value);
  const k1 = mod11(d.slice(0, 9), FNR_WEIGHTS_1);
  if (k1 === null || k1 !== d[9]) return 'checksum';
  const k2 = mod11(d.slice(0, 10), FNR_WEIGHTS_2);
  return k2 === null || k2 !== d[10] ? 'checksum' : null;
}

export const isValidFnr = (value: unknown): value is string => fnrProblem(value) === null;

/**
 * Synthetic Tenor person: birth month + 80 (81–92), both check digits valid. The day may carry
 * the D-number offset (+40). Real people, H-numbers and ordinary D-numbers are never synthetic,
 * so a test login that accepts only these can never log in a real person.
 */
export function isSyntheticTenorFnr(value: unknown): value is string {
  if (!isValidFnr(value)) return false;
  const month = Number(value.slice(2, 4));
  const day = Number(value.slice(0, 2)) % 40;
  return month >= 81 && month <= 92 && day >= 1 && day <= 31;
}

/** Builds a synthetic Tenor fødselsnummer for a birth date, trying individual numbers from `start`. */
export function makeSyntheticFnr(day: number, month: number, year2: number, start = 100): string {
  for (let ind = start; ind < start + 100; ind++) {
    const base = `${pad(day, 2)}${pad(month + 80, 2)}${pad(year2, 2)}${pad(ind % 1000, 3)}`;
    const d = toDigits(base);
    const k1 = mod11(d, FNR_WEIGHTS_1);
    if (k1 === null) continue;
    const k2 = mod11([...d, k1], FNR_WEIGHTS_2);
    if (k2 === null) continue;
    return `${base}${k1}${k2}`;
  }
  throw new Error(`no valid fødselsnummer for ${day}.${month}.${year2}`);
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

export interface Iso6523Id {
  authority: string;
  ID: string;
}

/** `{authority: "iso6523-actorid-upis", ID: "0192:<orgno>"}` — upper-case `ID`, as real tokens. */
export const iso6523 = (orgNo: string): Iso6523Id => ({ authority: ISO6523_AUTHORITY, ID: `${ORGNO_ICD}:${orgNo}` });

/**
 * Reads the org number from an ISO 6523 object. Accepts `id` as well as `ID` because docs mix
 * them, but requires the authority and the 0192 prefix. Returns null when it does not parse.
 */
export function orgNoFromIso6523(value: unknown): string | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  if (v.authority !== ISO6523_AUTHORITY) return null;
  const id = typeof v.ID === 'string' ? v.ID : typeof v.id === 'string' ? v.id : null;
  return id ? orgNoFromIcd(id) : null;
}

/** "0192:310000019" → "310000019"; null for another ICD or a malformed value. */
export function orgNoFromIcd(value: string): string | null {
  const m = /^0192:(\d{9})$/.exec(value);
  return m ? m[1]! : null;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID_RE.test(value);

/** A stable UUID (version 5 layout) derived from a name, so the seeded world is the same everywhere. */
export function stableUuid(name: string): string {
  const h = createHash('sha1').update(`systembruker-testbed:${name}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}
