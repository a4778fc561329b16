import { describe, expect, it } from 'vitest';
import { parsePartIdentifikator, parsePeriod } from '../src/api/query.js';
import { Feil } from '../src/errors.js';

/** The KB-006 message a call gives. */
function rejection(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(Feil);
    expect((err as Feil).kode).toBe('KB-006');
    return (err as Feil).detail ?? '';
  }
  throw new Error('expected KB-006');
}

describe('partIdentifikator', () => {
  it('accepts organisation numbers and fødselsnummer with valid check digits', () => {
    expect(parsePartIdentifikator('313367002')).toBe('313367002');
    expect(parsePartIdentifikator('12837849150')).toBe('12837849150');
  });

  it('rejects everything else, quoting it safely', () => {
    for (const bad of ['313367003', '31336700', 'abc', '', '3133670020', '12837849151']) {
      expect(rejection(() => parsePartIdentifikator(bad))).toContain('partIdentifikator');
    }
    expect(rejection(() => parsePartIdentifikator('x\u0000y'))).toContain('«x?y»');
  });
});

describe('period', () => {
  it('is required on krav, innbetalinger and utbetalinger', () => {
    expect(rejection(() => parsePeriod({}, true))).toMatch(/fraOgMed og tilOgMed må oppgis/);
    expect(rejection(() => parsePeriod({ fraOgMed: '2024-01-01' }, true))).toMatch(/tilOgMed mangler/);
    expect(rejection(() => parsePeriod({ tilOgMed: '2024-01-01' }, true))).toMatch(/fraOgMed mangler/);
  });

  it('is optional on aapnekrav, but both dates or none', () => {
    expect(parsePeriod({}, false)).toBeUndefined();
    expect(parsePeriod({ Korrelasjonsid: 'abc' }, false)).toBeUndefined();
    expect(rejection(() => parsePeriod({ fraOgMed: '2024-01-01' }, false))).toMatch(/tilOgMed mangler/);
  });

  it('rejects malformed and impossible dates, naming the parameter', () => {
    expect(rejection(() => parsePeriod({ fraOgMed: '2024-13-01', tilOgMed: '2024-12-31' }, true))).toMatch(/^fraOgMed «2024-13-01» er ikke en gyldig dato/);
    expect(rejection(() => parsePeriod({ fraOgMed: '2024-01-01', tilOgMed: '31.12.2024' }, true))).toMatch(/^tilOgMed «31\.12\.2024»/);
    expect(rejection(() => parsePeriod({ fraOgMed: '2023-02-29', tilOgMed: '2023-12-31' }, true))).toMatch(/ikke en gyldig dato/);
  });

  it('rejects a repeated or structured parameter', () => {
    expect(rejection(() => parsePeriod({ fraOgMed: ['2024-01-01', '2024-02-01'], tilOgMed: '2024-12-31' }, true))).toMatch(/én gang/);
    expect(rejection(() => parsePeriod({ fraOgMed: { a: '1' }, tilOgMed: '2024-12-31' }, true))).toMatch(/én gang/);
  });

  it('rejects fraOgMed after tilOgMed', () => {
    expect(rejection(() => parsePeriod({ fraOgMed: '2024-06-01', tilOgMed: '2024-01-01' }, true))).toBe('fraOgMed (2024-06-01) er etter tilOgMed (2024-01-01).');
  });

  it('allows at most one year: to the same day a year later', () => {
    expect(parsePeriod({ fraOgMed: '2024-01-01', tilOgMed: '2024-12-31' }, true)).toEqual({ fraOgMed: '2024-01-01', tilOgMed: '2024-12-31' });
    expect(parsePeriod({ fraOgMed: '2024-01-01', tilOgMed: '2025-01-01' }, true)).toEqual({ fraOgMed: '2024-01-01', tilOgMed: '2025-01-01' });
    expect(parsePeriod({ fraOgMed: '2024-02-29', tilOgMed: '2025-02-28' }, true)).toBeDefined();
    expect(rejection(() => parsePeriod({ fraOgMed: '2024-01-01', tilOgMed: '2025-01-02' }, true))).toMatch(/høyst ett år/);
    expect(parsePeriod({ fraOgMed: '2024-06-01', tilOgMed: '2024-06-01' }, true)).toEqual({ fraOgMed: '2024-06-01', tilOgMed: '2024-06-01' });
  });
});
