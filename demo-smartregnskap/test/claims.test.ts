import { describe, expect, it } from 'vitest';
import { Clock } from '@testbed/common/clock';
import { accessOf } from '../src/customers.js';
import { lastYear, toView } from '../src/dashboard/claims.js';
import type { AapneKrav } from '../src/skatteetaten-client.js';
import { formatters } from '../src/web.js';

const open: AapneKrav = {
  partIdentifikator: '310000019',
  skjermet: false,
  aapentKravMedGjenstaaendeBeloep: [
    {
      kravtype: 'FORSKUDDSSKATT',
      kravgruppe: 'Skatt',
      kravbeskrivelse: { spraakTekst: [{ tekst: 'Forskuddsskatt', spraak: 'nb' }, { tekst: 'Advance tax', spraak: 'en' }] },
      kravperiode: { periodeBeskrivelse: { spraakTekst: [{ tekst: 'Inntektsår 2026', spraak: 'nb' }] } },
      kravforfall: [
        { forfallsdato: '2026-02-15', opprinneligBeloep: 1000, gjenstaaendeBeloep: 0, betalingsinformasjon: { kidnummer: '111' } },
        { forfallsdato: '2026-04-15', opprinneligBeloep: 1000, gjenstaaendeBeloep: 1000, betalingsinformasjon: { kidnummer: '222' } },
        { forfallsdato: '2026-09-15', opprinneligBeloep: 1000, gjenstaaendeBeloep: 500, betalingsinformasjon: { kidnummer: '333' } },
      ],
    },
    { kravtype: 'RESTSKATT', opprinneligBeloep: 200, gjenstaaendeBeloep: 200 },
  ],
};

describe('the dashboard view of Krav og betalinger', () => {
  it('lists instalments that still owe money, with due dates, KID and overdue flags', () => {
    const view = toView('310000019', open, null, { from: '2025-06-02', to: '2026-06-01' }, '2026-06-01', 'nb');
    expect(view.claims.map((c) => [c.description, c.dueDate, c.kid, c.overdue, c.remaining])).toEqual([
      ['Forskuddsskatt', '2026-04-15', '222', true, 1000],
      ['Forskuddsskatt', '2026-09-15', '333', false, 500],
      ['RESTSKATT', undefined, undefined, false, 200],
    ]);
    expect(view.claims[0]!.period).toBe('Inntektsår 2026');
    // Without Skatteetaten's own totals the sums are computed.
    expect(view.totals).toEqual({ overdue: 1000, notDue: 700, interest: 0, balance: 1700 });
    expect(view.payments).toEqual([]);
  });

  it("prefers Skatteetaten's totals and the page's language", () => {
    const withTotals = { ...open, totalOversikt: { sumForfalteKrav: 10, sumIkkeForfalteKrav: 20, sumStipulerteRenter: 3, saldo: 33 } };
    const view = toView('310000019', withTotals, { innbetaling: [{ innbetalingsdato: '2026-01-10', innbetaltBeloep: 99.5, uplassertBeloep: 0, innbetalingstype: 'bankoverføring', innbetaltFra: { kidnummer: '9' } }] }, { from: 'a', to: 'b' }, '2026-06-01', 'en');
    expect(view.totals).toEqual({ overdue: 10, notDue: 20, interest: 3, balance: 33 });
    expect(view.claims[0]!.description).toBe('Advance tax');
    expect(view.payments).toEqual([{ date: '2026-01-10', amount: 99.5, unplaced: 0, type: 'bankoverføring', kid: '9' }]);
    expect(view.paymentsTotal).toBe(99.5);
  });

  it('asks for the last year within Skatteetaten\'s one-year limit, on the test-bed clock', () => {
    const clock = new Clock(Date.parse('2026-03-01T10:00:00Z') - Date.now());
    expect(lastYear(clock)).toEqual({ from: '2025-03-02', to: '2026-03-01' });
  });

  it('formats amounts and dates the Norwegian way', () => {
    const fmt = formatters('nb', new Clock());
    expect(fmt.nok(10200).replace(/\s/g, ' ')).toBe('10 200,00 kr');
    expect(fmt.date('2026-02-21')).toBe('21.02.2026');
    expect(fmt.date(undefined)).toBe('');
    expect(formatters('en', new Clock()).nok(10200).replace(/\s/g, ' ')).toBe('NOK 10,200.00');
  });

  it('maps request statuses to access, including the timedOut flag of current Altinn', () => {
    expect(accessOf({ status: 'Accepted', timedOut: false })).toBe('active');
    expect(accessOf({ status: 'Rejected', timedOut: false })).toBe('rejected');
    expect(accessOf({ status: 'New', timedOut: true })).toBe('expired');
    expect(accessOf({ status: 'Timedout', timedOut: false })).toBe('expired');
    expect(accessOf({ status: 'New', timedOut: false })).toBe('pending');
  });
});
