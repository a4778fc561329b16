// Validation of what the caller puts in the URL: the party (partIdentifikator) and the period
// (fraOgMed/tilOgMed, ISO dates, at most one year). Failures are KB-006 with a Norwegian message
// that says what is wrong.
import { isValidFnr, isValidOrgNo } from '@testbed/common/identifiers';
import { z } from 'zod';
import { addYears, parseIsoDate } from '../claims/calendar.js';
import type { Periode } from '../claims/model.js';
import { Feil } from '../errors.js';

const invalid = (detail: string, hint?: string) => new Feil('KB-006', detail, hint);

/** What the caller sent, quoted in a message: printable and short. */
const quote = (value: string) => `«${value.replace(/[^\p{L}\p{N}\p{P}\p{S} ]/gu, '?').slice(0, 40)}»`;

/** An organisation number or fødselsnummer with valid check digits. */
export function parsePartIdentifikator(value: string): string {
  if (isValidOrgNo(value) || isValidFnr(value)) return value;
  throw invalid(`partIdentifikator ${quote(value)} er verken et gyldig organisasjonsnummer (9 siffer) eller fødselsnummer (11 siffer).`);
}

const periodQuery = z.object({
  fraOgMed: z.string().optional(),
  tilOgMed: z.string().optional(),
});

function date(name: string, value: string): string {
  const parsed = parseIsoDate(value);
  if (!parsed) throw invalid(`${name} ${quote(value)} er ikke en gyldig dato på formatet ÅÅÅÅ-MM-DD.`);
  return parsed;
}

/**
 * The period of `query`. Required: both dates must be given. Optional: both or neither. The
 * period may be at most one year: tilOgMed no later than the same day a year after fraOgMed.
 */
export function parsePeriod(query: unknown, required: true): Periode;
export function parsePeriod(query: unknown, required: false): Periode | undefined;
export function parsePeriod(query: unknown, required: boolean): Periode | undefined {
  const parsed = periodQuery.safeParse(query);
  if (!parsed.success) throw invalid('fraOgMed og tilOgMed kan bare oppgis én gang hver, som dato på formatet ÅÅÅÅ-MM-DD.');
  const { fraOgMed, tilOgMed } = parsed.data;
  if (fraOgMed === undefined && tilOgMed === undefined) {
    if (!required) return undefined;
    throw invalid('fraOgMed og tilOgMed må oppgis (datoer på formatet ÅÅÅÅ-MM-DD, høyst ett år).');
  }
  if (fraOgMed === undefined) throw invalid('fraOgMed mangler; fraOgMed og tilOgMed må oppgis sammen.');
  if (tilOgMed === undefined) throw invalid('tilOgMed mangler; fraOgMed og tilOgMed må oppgis sammen.');
  const from = date('fraOgMed', fraOgMed);
  const to = date('tilOgMed', tilOgMed);
  if (from > to) throw invalid(`fraOgMed (${from}) er etter tilOgMed (${to}).`);
  if (to > addYears(from, 1)) throw invalid(`Perioden kan være høyst ett år: tilOgMed (${to}) er mer enn ett år etter fraOgMed (${from}).`);
  return { fraOgMed: from, tilOgMed: to };
}
