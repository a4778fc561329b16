import { findOrg, WORLD } from '@testbed/common/world';
import { describe, expect, it } from 'vitest';
import { buildLedger } from '../src/claims/ledger.js';
import type { AapneKrav, Krav } from '../src/claims/model.js';
import { aapneKrav, alleKrav, innbetalinger, utbetalinger } from '../src/claims/views.js';

const oere = (kroner: number) => Math.round(kroner * 100);
const sumOere = (values: number[]) => values.reduce((a, b) => a + oere(b), 0);
const YEAR_2026 = { fraOgMed: '2026-01-01', tilOgMed: '2026-12-31' };

/** Every property of a response, to check that none is null. */
function values(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.flatMap(values);
  if (value && typeof value === 'object') return Object.values(value).flatMap((v) => [v, ...values(v)]);
  return [];
}

function expectClaimAddsUp(krav: Krav) {
  expect(oere(krav.opprinneligBeloep)).toBe(sumOere(krav.kravforfall.map((f) => f.opprinneligBeloep)));
  expect(oere(krav.gjenstaaendeBeloep)).toBe(sumOere(krav.kravforfall.map((f) => f.gjenstaaendeBeloep)));
  for (const f of krav.kravforfall) {
    expect(oere(f.gjenstaaendeBeloep)).toBe(oere(f.opprinneligBeloep) + sumOere((f.plassertInnbetaling ?? []).map((p) => p.plassertBeloep)));
  }
}

function expectOverviewsAddUp(body: AapneKrav) {
  const total = body.totalOversikt;
  const groups = body.oversiktPerKravgruppe;
  expect(oere(total.sumForfalteKrav)).toBe(sumOere(groups.map((g) => g.sumForfalteKrav)));
  expect(oere(total.sumIkkeForfalteKrav)).toBe(sumOere(groups.map((g) => g.sumIkkeForfalteKrav)));
  expect(oere(total.sumStipulerteRenter)).toBe(sumOere(groups.map((g) => g.sumStipulerteRenter)));
  expect(oere(total.sumStipulerteRenter)).toBe(sumOere(body.aapentKravMedGjenstaaendeBeloep.map((k) => k.stipulerteRenter)));
  expect(oere(total.sumUplasserteInnbetalinger)).toBe(sumOere(body.innbetalingMedUplassertBeloep.map((i) => i.uplassertBeloep)));
  expect(oere(total.sumForfalteKrav) + oere(total.sumIkkeForfalteKrav)).toBe(sumOere(body.aapentKravMedGjenstaaendeBeloep.map((k) => k.gjenstaaendeBeloep)));
  expect(oere(total.saldo)).toBe(oere(total.sumForfalteKrav) + oere(total.sumIkkeForfalteKrav) + oere(total.sumStipulerteRenter) - oere(total.sumUplasserteInnbetalinger));
  for (const g of groups) expect(oere(g.saldo)).toBe(oere(g.sumForfalteKrav) + oere(g.sumIkkeForfalteKrav) + oere(g.sumStipulerteRenter));
}

describe('aapnekrav', () => {
  it('lists open claims and unplaced payments with overviews that add up, for every organisation', () => {
    for (const date of ['2025-02-20', '2025-08-21', '2026-11-25']) {
      for (const org of WORLD.orgs) {
        const body = aapneKrav(buildLedger(org, date), undefined);
        if (!body) continue;
        expect(body.partIdentifikator).toBe(org.orgNo);
        expect(body.skjermet).toBe(false);
        for (const krav of body.aapentKravMedGjenstaaendeBeloep) {
          expect(krav.gjenstaaendeBeloep).toBeGreaterThan(0);
          expectClaimAddsUp(krav);
        }
        for (const inn of body.innbetalingMedUplassertBeloep) expect(inn.uplassertBeloep).toBeGreaterThan(0);
        expectOverviewsAddUp(body);
        expect(values(body)).not.toContain(null);
      }
    }
  });

  it('moves amounts from not yet due to overdue, with interest, as the clock moves', () => {
    const org = findOrg('313367002')!;
    const before = aapneKrav(buildLedger(org, '2025-03-14'), undefined)!;
    const after = aapneKrav(buildLedger(org, '2025-03-20'), undefined)!;
    // The first forskuddsskatt instalment of 2025, paid without KID, so still open on its due date.
    const due = before.aapentKravMedGjenstaaendeBeloep.flatMap((k) => k.kravforfall).find((f) => f.forfallsdato === '2025-03-15')!;
    expect(due.gjenstaaendeBeloep).toBeGreaterThan(0);
    expect(before.totalOversikt.sumIkkeForfalteKrav).toBeGreaterThanOrEqual(due.gjenstaaendeBeloep);
    expect(oere(after.totalOversikt.sumForfalteKrav) - oere(before.totalOversikt.sumForfalteKrav)).toBe(oere(due.gjenstaaendeBeloep));
    expect(after.totalOversikt.sumStipulerteRenter).toBeGreaterThan(before.totalOversikt.sumStipulerteRenter);
  });

  it('narrows to the period and is null when nothing is open in it', () => {
    const ledger = buildLedger(findOrg('313367002')!, '2026-11-25');
    const period = { fraOgMed: '2026-06-01', tilOgMed: '2026-12-31' };
    const body = aapneKrav(ledger, period)!;
    for (const krav of body.aapentKravMedGjenstaaendeBeloep) expect(krav.kravforfall.some((f) => f.forfallsdato >= period.fraOgMed)).toBe(true);
    expect(aapneKrav(ledger, { fraOgMed: '2000-01-01', tilOgMed: '2000-12-31' })).toBeNull();
  });
});

describe('krav', () => {
  it('lists every claim with a due date in the period, paid or not, with the model’s field names', () => {
    const ledger = buildLedger(findOrg('310000019')!, '2026-11-25');
    const body = alleKrav(ledger, YEAR_2026)!;
    expect(body.periode).toEqual(YEAR_2026);
    expect(body.krav.length).toBe(ledger.claims.filter((c) => c.forfall.some((f) => f.forfallsdato.startsWith('2026'))).length);
    expect(body.krav.some((k) => k.gjenstaaendeBeloep === 0)).toBe(true);
    for (const krav of body.krav) expectClaimAddsUp(krav);
    const krav = body.krav.find((k) => k.kravforfall.some((f) => f.plassertInnbetaling))!;
    expect(Object.keys(krav)).toEqual([
      'partIdentifikator', 'kravidentifikator', 'kravtype', 'opprinneligBeloep', 'gjenstaaendeBeloep', 'stipulerteRenter',
      'kravforfall', 'kravbeskrivelse', 'kravperiode', 'opprettelsesdatoForKrav', 'kravgruppe', 'fastsettingsmaate',
    ]);
    const forfall = krav.kravforfall.find((f) => f.plassertInnbetaling)!;
    expect(Object.keys(forfall)).toEqual(['kravforfallsIdentifikator', 'forfallsdato', 'opprinneligBeloep', 'gjenstaaendeBeloep', 'betalingsinformasjon', 'plassertInnbetaling']);
    expect(Object.keys(forfall.plassertInnbetaling![0]!)).toEqual(['innbetalingsIdentifikator', 'plassertBeloep', 'plassertDato', 'innbetalingsdato', 'innbetaltBeloep', 'innbetaltFra', 'innbetalingstype']);
    expect(forfall.plassertInnbetaling![0]!.plassertBeloep).toBeLessThan(0);
    expect(krav.kravbeskrivelse).toEqual({ spraakTekst: [{ tekst: krav.kravbeskrivelse.spraakTekst[0]!.tekst, spraak: 'nb' }] });
    expect(alleKrav(ledger, { fraOgMed: '2000-01-01', tilOgMed: '2000-12-31' })).toBeNull();
  });
});

describe('innbetalinger', () => {
  it('lists payments in the period; each is what was placed plus what was not', () => {
    for (const org of WORLD.orgs) {
      const body = innbetalinger(buildLedger(org, '2026-11-25'), YEAR_2026);
      for (const inn of body?.innbetaling ?? []) {
        expect(inn.innbetalingsdato >= YEAR_2026.fraOgMed && inn.innbetalingsdato <= YEAR_2026.tilOgMed).toBe(true);
        expect(oere(inn.innbetaltBeloep)).toBe(sumOere((inn.plassertKrav ?? []).map((p) => p.plassertBeloep)) + oere(inn.uplassertBeloep));
        for (const placed of inn.plassertKrav ?? []) {
          expect(Object.keys(placed)).toEqual(['kravforfallIdentifikator', 'plassertBeloep', 'plassertDato', 'kravbeskrivelse', 'kravforfallsdato', 'opprinneligKravforfallsbeloep', 'gjenstaaendeKravforfallsbeloep']);
        }
      }
    }
  });
});

describe('utbetalinger', () => {
  it('lists payouts in the period with their credits and status', () => {
    const ledger = WORLD.orgs.map((o) => buildLedger(o, '2026-11-25')).find((l) => l.payouts.some((p) => p.utbetaltdato.startsWith('2026')))!;
    const body = utbetalinger(ledger, YEAR_2026)!;
    for (const utbetaling of body.utbetaling) {
      expect(oere(utbetaling.utbetaltBeloep)).toBe(sumOere(utbetaling.grunnlagForUtbetaling.kreditKrav.map((k) => k.utbetaltBeloep)));
      for (const kreditt of utbetaling.grunnlagForUtbetaling.kreditKrav) expect(kreditt.opprinneligBeloep).toBe(-kreditt.utbetaltBeloep);
      expect(['bekreftet', 'underUtbetaling']).toContain(utbetaling.utbetalingstatus);
      expect(utbetaling.betaltTil.konto?.kontonummer).toMatch(/^\*{6}\d{5}$/);
    }
    expect(utbetalinger(ledger, { fraOgMed: '2000-01-01', tilOgMed: '2000-12-31' })).toBeNull();
  });
});
