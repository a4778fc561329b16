// An organisation's ledger ("reskontro") as it stands on a given day: the claims of the previous and
// the current calendar year with their due dates, the payments placed against them and the refunds
// paid out. Everything is generated from the org number (see random.ts) on a calendar anchored to
// the year of "today" on the test-bed clock, so moving the clock moves claims from "not yet due" to
// "overdue", lets payments and payouts arrive, and makes interest grow. Amounts are in øre.
import { stableUuid } from '@testbed/common/identifiers';
import type { WorldOrg } from '@testbed/common/world';
import { randomAccountNumber } from './bank.js';
import { addDays, daysBetween, isoDate, yearOf } from './calendar.js';
import { withKidCheckDigit } from './kid.js';
import { SeededRandom, stableDigits } from './random.js';

/** Skatteetaten's account a claim is paid to (the docs' example account, and its neighbour). */
export interface CollectionAccount {
  kontonummer: string;
  iban: string;
  swiftBIC: string;
  kontoeiersNavn: string;
}

const SKATT_ACCOUNT: CollectionAccount = { kontonummer: '63450624804', iban: 'NO42 6345 06 24804', swiftBIC: 'NDEANOKK', kontoeiersNavn: 'Skatteetaten' };
const AVGIFT_ACCOUNT: CollectionAccount = { kontonummer: '63450624812', iban: 'NO20 6345 06 24812', swiftBIC: 'NDEANOKK', kontoeiersNavn: 'Skatteetaten' };

export interface ClaimKind {
  kravtype: string;
  kravgruppe: string;
  beskrivelse: string;
  fastsettingsmaate: 'egenfastsatt' | 'myndighetsfastsatt';
  /** First two digits of every KID of this kind. */
  kidPrefix: string;
  account: CollectionAccount;
}

export const KINDS = {
  restskatt: { kravtype: 'RESTSKATT', kravgruppe: 'Skatt', beskrivelse: 'Restskatt', fastsettingsmaate: 'myndighetsfastsatt', kidPrefix: '10', account: SKATT_ACCOUNT },
  forskuddsskatt: { kravtype: 'FORSKUDDSSKATT', kravgruppe: 'Skatt', beskrivelse: 'Forskuddsskatt', fastsettingsmaate: 'myndighetsfastsatt', kidPrefix: '11', account: SKATT_ACCOUNT },
  merverdiavgift: { kravtype: 'MERVERDIAVGIFT', kravgruppe: 'Merverdiavgift', beskrivelse: 'Merverdiavgift', fastsettingsmaate: 'egenfastsatt', kidPrefix: '20', account: AVGIFT_ACCOUNT },
  arbeidsgiveravgift: { kravtype: 'ARBEIDSGIVERAVGIFT', kravgruppe: 'Arbeidsgiveravgift', beskrivelse: 'Arbeidsgiveravgift', fastsettingsmaate: 'egenfastsatt', kidPrefix: '30', account: AVGIFT_ACCOUNT },
} as const satisfies Record<string, ClaimKind>;

export interface ClaimPeriod {
  beskrivelse: string;
  aar: string;
  fraDato: string;
  tilDato: string;
  termin?: string;
}

export interface Placement {
  paymentId: string;
  forfallId: string;
  amount: number;
  dato: string;
}

export interface Forfall {
  id: string;
  forfallsdato: string;
  amount: number;
  kid: string;
  placements: Placement[];
  remaining: number;
  /** Statutory interest on the remaining amount since the due date (0 when not overdue). */
  interest: number;
}

export interface Claim {
  id: string;
  kind: ClaimKind;
  periode: ClaimPeriod;
  opprettet: string;
  forfall: Forfall[];
}

export interface Payment {
  id: string;
  dato: string;
  amount: number;
  /** The KID the payer gave; null when it was left out, so the payment could not be placed. */
  kid: string | null;
  account: CollectionAccount;
  placements: Placement[];
  unplaced: number;
}

export interface Payout {
  id: string;
  utbetaltdato: string;
  amount: number;
  status: 'bekreftet' | 'underUtbetaling';
  /** The credit (negative claim) that was paid out. */
  credit: { id: string; kind: ClaimKind; periode: ClaimPeriod };
}

export interface Ledger {
  org: WorldOrg;
  today: string;
  /** The organisation's own bank account (payments come from it, refunds go to it). */
  account: string;
  claims: Claim[];
  payments: Payment[];
  payouts: Payout[];
}

/** Forsinkelsesrente, fixed at the rate of the first half of 2024 (the real rate changes twice a year). */
export const INTEREST_RATE = 0.125;
/** Days from the refund decision (the VAT return's due date) until the money is paid out. */
const PAYOUT_DELAY_DAYS = 10;

interface Profile {
  scale: number;
  mva: boolean;
  employees: boolean;
  refunds: boolean;
  /** Pays the first forskuddsskatt instalment of each year without KID: one unplaced payment. */
  paysWithoutKid: boolean;
  account: string;
}

function profileOf(org: WorldOrg): Profile {
  const random = new SeededRandom(`${org.orgNo}:profil`);
  const enk = org.unitType === 'ENK';
  const mva = random.chance(enk ? 0.6 : 0.9);
  return {
    scale: enk ? 0.2 + random.next() * 0.8 : 0.5 + random.next() * 2.5,
    mva,
    employees: random.chance(enk ? 0.3 : 0.85),
    refunds: mva && random.chance(0.6),
    paysWithoutKid: random.chance(0.5),
    account: randomAccountNumber(random),
  };
}

interface PlannedClaim {
  /** Seeds everything about the claim and its payments: `<kravtype>:<year>:<term>`. */
  key: string;
  kind: ClaimKind;
  year: number;
  term: number;
  periode: ClaimPeriod;
  opprettet: string;
  due: { dato: string; amount: number }[];
}

const kroner = (value: number) => Math.round(value) * 100;
const pad2 = (n: number) => String(n).padStart(2, '0');

function planned(kind: ClaimKind, year: number, term: number, periode: ClaimPeriod, opprettet: string, due: PlannedClaim['due']): PlannedClaim {
  return { key: `${kind.kravtype}:${year}:${term}`, kind, year, term, periode, opprettet, due };
}

const incomeYear = (year: number): ClaimPeriod => ({ beskrivelse: `Inntektsår ${year}`, aar: String(year), fraDato: isoDate(year, 1, 1), tilDato: isoDate(year, 12, 31) });

/** A two-month term (VAT and employer's contribution): term 1 is January–February. */
function twoMonthTerm(year: number, term: number): ClaimPeriod {
  const lastMonth = term * 2;
  const lastDay = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate();
  return {
    beskrivelse: `${year}/${pad2(term)}`,
    aar: String(year),
    fraDato: isoDate(year, lastMonth - 1, 1),
    tilDato: isoDate(year, lastMonth, lastDay),
    termin: `TERMIN_${pad2(term)}`,
  };
}

/** Instalments that add up to `total` exactly, the last one taking the rounding. */
function splitAmount(total: number, parts: number): number[] {
  const each = Math.floor(total / parts / 100) * 100;
  return Array.from({ length: parts }, (_, i) => (i === parts - 1 ? total - each * (parts - 1) : each));
}

/**
 * Forskuddsskatt: an ENK's owner pays the income year's tax in four instalments; a company pays
 * the previous income year's in two (15 February and 15 April).
 */
function forskuddsskatt(org: WorldOrg, profile: Profile, year: number): PlannedClaim {
  const random = new SeededRandom(`${org.orgNo}:FORSKUDDSSKATT:${year}`);
  const enk = org.unitType === 'ENK';
  const dates = enk ? [[3, 15], [5, 15], [9, 15], [11, 15]] : [[2, 15], [4, 15]];
  const amounts = splitAmount(kroner(random.int(40_000, 300_000) * profile.scale), dates.length);
  const due = dates.map(([m, d], i) => ({ dato: isoDate(year, m!, d!), amount: amounts[i]! }));
  return planned(KINDS.forskuddsskatt, year, 0, incomeYear(enk ? year : year - 1), isoDate(year, 1, 10), due);
}

/** Restskatt for the previous income year, after the tax assessment in June; not everyone has one. */
function restskatt(org: WorldOrg, profile: Profile, year: number): PlannedClaim | null {
  const random = new SeededRandom(`${org.orgNo}:RESTSKATT:${year}`);
  if (!random.chance(0.7)) return null;
  const due = [{ dato: isoDate(year, 8, 20), amount: kroner(random.int(3_000, 60_000) * profile.scale) }];
  return planned(KINDS.restskatt, year, 0, incomeYear(year - 1), isoDate(year, 6, 20), due);
}

const MVA_DUE: [number, number][] = [[4, 10], [6, 10], [8, 31], [10, 10], [12, 10], [14, 10]];
const AGA_DUE: [number, number][] = [[3, 15], [5, 15], [7, 15], [9, 15], [11, 15], [13, 15]];

/** A due date given as month 13 or 14 falls in January or February of the next year. */
const dueDate = (year: number, [month, day]: [number, number]) => (month > 12 ? isoDate(year + 1, month - 12, day) : isoDate(year, month, day));

interface PlannedRefund {
  key: string;
  decided: string;
  amount: number;
  periode: ClaimPeriod;
}

/** Six VAT terms; a business that refunds gets money back for one term of the year instead of paying. */
function merverdiavgift(org: WorldOrg, profile: Profile, year: number): { claims: PlannedClaim[]; refund: PlannedRefund | null } {
  if (!profile.mva) return { claims: [], refund: null };
  const refundTerm = profile.refunds ? new SeededRandom(`${org.orgNo}:MERVERDIAVGIFT:${year}:tilgode`).int(1, 6) : 0;
  const claims: PlannedClaim[] = [];
  let refund: PlannedRefund | null = null;
  for (let term = 1; term <= 6; term++) {
    const random = new SeededRandom(`${org.orgNo}:MERVERDIAVGIFT:${year}:${term}`);
    const dato = dueDate(year, MVA_DUE[term - 1]!);
    if (term === refundTerm) {
      refund = { key: `MERVERDIAVGIFT:${year}:${term}`, decided: dato, amount: kroner(random.int(5_000, 40_000) * profile.scale), periode: twoMonthTerm(year, term) };
      continue;
    }
    // The return can be filed once the term has ended, so the claim exists well before its due date.
    const periode = twoMonthTerm(year, term);
    const due = [{ dato, amount: kroner(random.int(20_000, 120_000) * profile.scale) }];
    claims.push(planned(KINDS.merverdiavgift, year, term, periode, addDays(periode.tilDato, 1), due));
  }
  return { claims, refund };
}

/**
 * Employer's contribution for six two-month terms, due the 15th of the month after each term; the
 * claim appears with the a-melding, filed by the 5th of that month.
 */
function arbeidsgiveravgift(org: WorldOrg, profile: Profile, year: number): PlannedClaim[] {
  if (!profile.employees) return [];
  return AGA_DUE.map(([month, day], i) => {
    const term = i + 1;
    const random = new SeededRandom(`${org.orgNo}:ARBEIDSGIVERAVGIFT:${year}:${term}`);
    const due = [{ dato: dueDate(year, [month, day]), amount: kroner(random.int(15_000, 80_000) * profile.scale) }];
    return planned(KINDS.arbeidsgiveravgift, year, term, twoMonthTerm(year, term), dueDate(year, [month, 5]), due);
  });
}

interface PlannedPayment {
  dato: string;
  amount: number;
  withKid: boolean;
}

/** How an instalment gets paid: mostly on time, sometimes late, partly, or not at all. */
function paymentOf(orgNo: string, claim: PlannedClaim, index: number, withoutKid: boolean): PlannedPayment | null {
  const { dato, amount } = claim.due[index]!;
  if (withoutKid) return { dato, amount, withKid: false };
  const random = new SeededRandom(`${orgNo}:${claim.key}:${index}:betaling`);
  const roll = random.next();
  if (roll < 0.6) return { dato: addDays(dato, -random.int(0, 4)), amount, withKid: true };
  if (roll < 0.75) return { dato: addDays(dato, random.int(3, 45)), amount, withKid: true };
  if (roll < 0.85) return { dato, amount: Math.round((amount * (0.3 + random.next() * 0.4)) / 100) * 100, withKid: true };
  return null;
}

const interestOn = (remaining: number, forfallsdato: string, today: string): number => {
  const days = daysBetween(forfallsdato, today);
  return days > 0 && remaining > 0 ? Math.round((remaining * INTEREST_RATE * days) / 365) : 0;
};

/** The ledger of `org` as it stands on `today` (`yyyy-mm-dd`). Same inputs, same ledger. */
export function buildLedger(org: WorldOrg, today: string): Ledger {
  const profile = profileOf(org);
  const claims: Claim[] = [];
  const payments: Payment[] = [];
  const payouts: Payout[] = [];
  const thisYear = yearOf(today);

  for (const year of [thisYear - 1, thisYear]) {
    const mva = merverdiavgift(org, profile, year);
    const plannedClaims = [forskuddsskatt(org, profile, year), restskatt(org, profile, year), ...mva.claims, ...arbeidsgiveravgift(org, profile, year)];
    for (const plan of plannedClaims) {
      if (!plan || plan.opprettet > today) continue;
      const claim: Claim = { id: `krav-${stableDigits(`${org.orgNo}:${plan.key}`, 9)}`, kind: plan.kind, periode: plan.periode, opprettet: plan.opprettet, forfall: [] };
      plan.due.forEach((due, index) => {
        const forfall: Forfall = {
          id: stableUuid(`krav-og-betalinger:${org.orgNo}:${plan.key}:${index}`),
          forfallsdato: due.dato,
          amount: due.amount,
          kid: withKidCheckDigit(`${plan.kind.kidPrefix}${org.orgNo}${String(plan.year % 100).padStart(2, '0')}${pad2(plan.term)}${index}`),
          placements: [],
          remaining: due.amount,
          interest: 0,
        };
        claim.forfall.push(forfall);
        const withoutKid = profile.paysWithoutKid && plan.kind === KINDS.forskuddsskatt && index === 0;
        const paid = paymentOf(org.orgNo, plan, index, withoutKid);
        if (!paid || paid.dato > today) return;
        const payment: Payment = {
          id: `inn-${stableDigits(`${org.orgNo}:${plan.key}:${index}:inn`, 8)}`,
          dato: paid.dato,
          amount: paid.amount,
          kid: paid.withKid ? forfall.kid : null,
          account: plan.kind.account,
          placements: [],
          unplaced: paid.amount,
        };
        if (paid.withKid) {
          const placement: Placement = { paymentId: payment.id, forfallId: forfall.id, amount: paid.amount, dato: paid.dato };
          payment.placements.push(placement);
          payment.unplaced = 0;
          forfall.placements.push(placement);
          forfall.remaining -= paid.amount;
        }
        payments.push(payment);
      });
      for (const forfall of claim.forfall) forfall.interest = interestOn(forfall.remaining, forfall.forfallsdato, today);
      claims.push(claim);
    }
    if (mva.refund && mva.refund.decided <= today) {
      const utbetaltdato = addDays(mva.refund.decided, PAYOUT_DELAY_DAYS);
      payouts.push({
        id: stableDigits(`${org.orgNo}:${mva.refund.key}:utbetaling`, 9),
        utbetaltdato,
        amount: mva.refund.amount,
        status: utbetaltdato <= today ? 'bekreftet' : 'underUtbetaling',
        credit: { id: stableUuid(`krav-og-betalinger:${org.orgNo}:${mva.refund.key}:kreditt`), kind: KINDS.merverdiavgift, periode: mva.refund.periode },
      });
    }
  }

  const byDate = <T>(date: (t: T) => string) => (a: T, b: T) => date(a).localeCompare(date(b));
  claims.sort(byDate((c) => c.opprettet));
  payments.sort(byDate((p) => p.dato));
  payouts.sort(byDate((p) => p.utbetaltdato));
  return { org, today, account: profile.account, claims, payments, payouts };
}

const ledgers = new Map<string, Ledger>();
const LEDGER_CACHE_SIZE = 256;

/**
 * `buildLedger`, remembered: a ledger depends only on the org and the day, and nothing changes it
 * once built (views only read), so a busy day costs one generation per organisation.
 */
export function ledgerOn(org: WorldOrg, today: string): Ledger {
  const key = `${org.orgNo}:${today}`;
  let ledger = ledgers.get(key);
  if (!ledger) {
    if (ledgers.size >= LEDGER_CACHE_SIZE) ledgers.clear();
    ledger = buildLedger(org, today);
    ledgers.set(key, ledger);
  }
  return ledger;
}
