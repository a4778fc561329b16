import { findOrg, WORLD, type WorldOrg } from '@testbed/common/world';
import { describe, expect, it } from 'vitest';
import { addDays } from '../src/claims/calendar.js';
import { buildLedger, INTEREST_RATE, ledgerOn, type Ledger } from '../src/claims/ledger.js';

const DATES = ['2024-02-29', '2025-01-03', '2025-06-01', '2025-12-31', '2026-11-25'];
const org = (orgNo: string): WorldOrg => findOrg(orgNo)!;
const everyLedger = (): Ledger[] => DATES.flatMap((date) => WORLD.orgs.map((o) => buildLedger(o, date)));
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('ledger generation', () => {
  it('is deterministic: the same org and day give the same ledger, on every machine', () => {
    expect(buildLedger(org('313367002'), '2025-06-01')).toEqual(buildLedger(org('313367002'), '2025-06-01'));
    // Golden values: a change here means every vendor's recorded test data changes.
    const ledger = buildLedger(org('313367002'), '2025-06-01');
    const first = ledger.claims[0]!;
    expect(first.id).toBe('krav-576545274');
    expect(first.kind.kravtype).toBe('FORSKUDDSSKATT');
    expect(first.forfall.map((f) => [f.id, f.kid, f.amount, f.forfallsdato])).toEqual([
      ['91625316-020e-5f20-9663-2a9cbab3a8ed', '11313367002240002', 3088300, '2024-03-15'],
      ['2ef7f5e9-c95d-5b4f-aa0a-281135d9b1a7', '11313367002240010', 3088300, '2024-05-15'],
      ['7d816b75-de00-56b2-b5a8-957de9adff81', '11313367002240028', 3088300, '2024-09-15'],
      ['e8dcf709-2f61-55f3-aefb-54d75333c662', '11313367002240036', 3088400, '2024-11-15'],
    ]);
    expect(ledger.account).toBe('23052515807');
  });

  it('is generated once per organisation and day', () => {
    const first = ledgerOn(org('310000019'), '2026-03-01');
    expect(ledgerOn(org('310000019'), '2026-03-01')).toBe(first);
    expect(first).toEqual(buildLedger(org('310000019'), '2026-03-01'));
    expect(ledgerOn(org('310000019'), '2026-03-02')).not.toBe(first);
  });

  it('keeps a claim the same while the clock moves (only what happened since is added)', () => {
    const early = buildLedger(org(WORLD.orgs[3]!.orgNo), '2025-03-01');
    const later = buildLedger(org(WORLD.orgs[3]!.orgNo), '2025-09-01');
    for (const claim of early.claims) {
      const same = later.claims.find((c) => c.id === claim.id)!;
      expect(same.forfall.map((f) => [f.id, f.kid, f.amount, f.forfallsdato])).toEqual(claim.forfall.map((f) => [f.id, f.kid, f.amount, f.forfallsdato]));
    }
    expect(later.claims.length).toBeGreaterThan(early.claims.length);
  });

  it('has tax, VAT, employer contributions and advance tax with several instalments across the world', () => {
    const ledgers = WORLD.orgs.map((o) => buildLedger(o, '2026-11-25'));
    const types = new Set(ledgers.flatMap((l) => l.claims.map((c) => c.kind.kravtype)));
    expect([...types].sort()).toEqual(['ARBEIDSGIVERAVGIFT', 'FORSKUDDSSKATT', 'MERVERDIAVGIFT', 'RESTSKATT']);
    const forskudd = ledgers.flatMap((l) => l.claims).filter((c) => c.kind.kravtype === 'FORSKUDDSSKATT');
    expect(forskudd.every((c) => c.forfall.length >= 2)).toBe(true);
    expect(buildLedger(org('313367002'), '2026-11-25').claims.find((c) => c.kind.kravtype === 'FORSKUDDSSKATT')!.forfall).toHaveLength(4);
    expect(ledgers.some((l) => l.payouts.length > 0)).toBe(true);
  });

  it('places payments so that remaining amounts are the original minus the placements', () => {
    for (const ledger of everyLedger()) {
      const payments = new Map(ledger.payments.map((p) => [p.id, p]));
      for (const claim of ledger.claims) {
        expect(claim.opprettet <= ledger.today).toBe(true);
        for (const f of claim.forfall) {
          expect(f.remaining).toBe(f.amount - sum(f.placements.map((p) => p.amount)));
          expect(f.remaining).toBeGreaterThanOrEqual(0);
          for (const placement of f.placements) expect(payments.get(placement.paymentId)!.placements).toContainEqual(placement);
        }
      }
      for (const payment of ledger.payments) {
        expect(payment.dato <= ledger.today).toBe(true);
        expect(payment.amount).toBe(sum(payment.placements.map((p) => p.amount)) + payment.unplaced);
        expect(payment.unplaced === 0).toBe(payment.kid !== null);
      }
    }
  });

  it('charges interest only on the remaining amount of instalments past their due date', () => {
    for (const ledger of everyLedger()) {
      for (const f of ledger.claims.flatMap((c) => c.forfall)) {
        const days = Math.round((Date.parse(ledger.today) - Date.parse(f.forfallsdato)) / 86_400_000);
        expect(f.interest).toBe(days > 0 && f.remaining > 0 ? Math.round((f.remaining * INTEREST_RATE * days) / 365) : 0);
      }
    }
    expect(everyLedger().some((l) => l.claims.some((c) => c.forfall.some((f) => f.interest > 0)))).toBe(true);
  });

  it('leaves an unplaced payment (paid without KID) in some organisations, not all', () => {
    const withUnplaced = WORLD.orgs.filter((o) => buildLedger(o, '2026-11-25').payments.some((p) => p.unplaced > 0));
    expect(withUnplaced.length).toBeGreaterThan(0);
    expect(withUnplaced.length).toBeLessThan(WORLD.orgs.length);
  });

  it('pays refunds out ten days after the decision: under payment first, then confirmed', () => {
    const refunding = WORLD.orgs.map((o) => buildLedger(o, '2026-11-25')).find((l) => l.payouts.length > 0)!;
    const payout = refunding.payouts[0]!;
    const duringPayment = buildLedger(refunding.org, addDays(payout.utbetaltdato, -1)).payouts.find((p) => p.id === payout.id)!;
    expect(duringPayment.status).toBe('underUtbetaling');
    expect(buildLedger(refunding.org, payout.utbetaltdato).payouts.find((p) => p.id === payout.id)!.status).toBe('bekreftet');
    expect(buildLedger(refunding.org, addDays(payout.utbetaltdato, -11)).payouts.find((p) => p.id === payout.id)).toBeUndefined();
  });

  it('gives claims, payments and payouts ids unique within the organisation', () => {
    for (const ledger of everyLedger()) {
      const ids = [...ledger.claims.map((c) => c.id), ...ledger.payments.map((p) => p.id), ...ledger.payouts.map((p) => p.id)];
      expect(new Set(ids).size).toBe(ids.length);
      const forfallIds = ledger.claims.flatMap((c) => c.forfall.map((f) => f.id));
      expect(new Set(forfallIds).size).toBe(forfallIds.length);
    }
  });
});
