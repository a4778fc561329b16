// What each endpoint answers, built from a ledger: the response models field by field, amounts in
// kroner. Overviews are summed in øre from the listed claims, so every sum is exactly the sum of
// its parts. A view returns null when the period holds nothing (the API's KB-007).
import { maskAccount } from './bank.js';
import type { Claim, ClaimPeriod, CollectionAccount, Forfall, Ledger, Payment, Payout } from './ledger.js';
import type {
  AapneKrav,
  AlleKrav,
  Bankkonto,
  Betalingsinformasjon,
  Innbetaling,
  Innbetalinger,
  Krav,
  Kravforfall,
  Kravperiode,
  MultiSpraakTekst,
  OversiktPerKravgruppe,
  Periode,
  Utbetaling,
  Utbetalinger,
} from './model.js';

const kr = (oere: number) => oere / 100;
const nb = (tekst: string): MultiSpraakTekst => ({ spraakTekst: [{ tekst, spraak: 'nb' }] });
const sum = <T>(items: readonly T[], amount: (t: T) => number) => items.reduce((acc, t) => acc + amount(t), 0);
const inPeriod = (date: string, period: Periode | undefined) => !period || (date >= period.fraOgMed && date <= period.tilOgMed);
const INNBETALINGSTYPE = 'bankoverføring';

const kravperiode = (p: ClaimPeriod): Kravperiode => ({
  periodeBeskrivelse: nb(p.beskrivelse),
  aar: p.aar,
  fraDato: p.fraDato,
  tilDato: p.tilDato,
  ...(p.termin ? { terminTekniskNavn: p.termin } : {}),
});

const collectionKonto = (a: CollectionAccount): Bankkonto => ({ kontoeiersNavn: a.kontoeiersNavn, kontonummer: a.kontonummer, iban: a.iban, swiftBIC: a.swiftBIC });

/** The organisation's own account, masked as Skatteetaten shows a payer's account. */
const ownKonto = (ledger: Ledger): Bankkonto => ({ kontoeiersNavn: ledger.org.name, kontonummer: maskAccount(ledger.account) });

const paidFrom = (ledger: Ledger, payment: Payment): Betalingsinformasjon => ({
  ...(payment.kid ? { kidnummer: payment.kid } : {}),
  konto: ownKonto(ledger),
});

/** Lookups between the two sides of a placement. */
class LedgerIndex {
  private readonly payments = new Map<string, Payment>();
  private readonly forfall = new Map<string, { claim: Claim; forfall: Forfall }>();

  constructor(readonly ledger: Ledger) {
    for (const p of ledger.payments) this.payments.set(p.id, p);
    for (const claim of ledger.claims) for (const forfall of claim.forfall) this.forfall.set(forfall.id, { claim, forfall });
  }

  payment(id: string): Payment {
    const found = this.payments.get(id);
    if (!found) throw new Error(`ledger of ${this.ledger.org.orgNo} places unknown payment ${id}`);
    return found;
  }

  instalment(id: string): { claim: Claim; forfall: Forfall } {
    const found = this.forfall.get(id);
    if (!found) throw new Error(`ledger of ${this.ledger.org.orgNo} places on unknown instalment ${id}`);
    return found;
  }
}

function kravforfall(index: LedgerIndex, claim: Claim, f: Forfall): Kravforfall {
  const placed = f.placements.map((p) => {
    const payment = index.payment(p.paymentId);
    return {
      innbetalingsIdentifikator: payment.id,
      plassertBeloep: -kr(p.amount),
      plassertDato: p.dato,
      innbetalingsdato: payment.dato,
      innbetaltBeloep: kr(payment.amount),
      innbetaltFra: paidFrom(index.ledger, payment),
      innbetalingstype: INNBETALINGSTYPE,
    };
  });
  return {
    kravforfallsIdentifikator: f.id,
    forfallsdato: f.forfallsdato,
    opprinneligBeloep: kr(f.amount),
    gjenstaaendeBeloep: kr(f.remaining),
    betalingsinformasjon: { kidnummer: f.kid, konto: collectionKonto(claim.kind.account), valutakode: 'NOK' },
    ...(placed.length ? { plassertInnbetaling: placed } : {}),
  };
}

function krav(index: LedgerIndex, claim: Claim): Krav {
  return {
    partIdentifikator: index.ledger.org.orgNo,
    kravidentifikator: claim.id,
    kravtype: claim.kind.kravtype,
    opprinneligBeloep: kr(sum(claim.forfall, (f) => f.amount)),
    gjenstaaendeBeloep: kr(sum(claim.forfall, (f) => f.remaining)),
    stipulerteRenter: kr(sum(claim.forfall, (f) => f.interest)),
    kravforfall: claim.forfall.map((f) => kravforfall(index, claim, f)),
    kravbeskrivelse: nb(claim.kind.beskrivelse),
    kravperiode: kravperiode(claim.periode),
    opprettelsesdatoForKrav: claim.opprettet,
    kravgruppe: claim.kind.kravgruppe,
    fastsettingsmaate: claim.kind.fastsettingsmaate,
  };
}

function innbetaling(index: LedgerIndex, payment: Payment): Innbetaling {
  const placed = payment.placements.map((p) => {
    const { claim, forfall } = index.instalment(p.forfallId);
    return {
      kravforfallIdentifikator: forfall.id,
      plassertBeloep: kr(p.amount),
      plassertDato: p.dato,
      kravbeskrivelse: nb(claim.kind.beskrivelse),
      kravforfallsdato: forfall.forfallsdato,
      opprinneligKravforfallsbeloep: kr(forfall.amount),
      gjenstaaendeKravforfallsbeloep: kr(forfall.remaining),
    };
  });
  return {
    partIdentifikator: index.ledger.org.orgNo,
    innbetalingsidentifikator: payment.id,
    innbetalingsdato: payment.dato,
    innbetaltBeloep: kr(payment.amount),
    ...(placed.length ? { plassertKrav: placed } : {}),
    uplassertBeloep: kr(payment.unplaced),
    mottakersKontonummer: collectionKonto(payment.account),
    innbetaltFra: paidFrom(index.ledger, payment),
    innbetalingstype: INNBETALINGSTYPE,
  };
}

function utbetaling(ledger: Ledger, payout: Payout): Utbetaling {
  const { credit } = payout;
  return {
    partIdentifikator: ledger.org.orgNo,
    utbetalingsidentifikator: payout.id,
    utbetaltdato: payout.utbetaltdato,
    utbetaltBeloep: kr(payout.amount),
    betaltTil: {
      meldingSendtTilMottaker: `Tilgode ${credit.kind.beskrivelse.toLowerCase()} ${credit.periode.beskrivelse}`,
      konto: ownKonto(ledger),
      valutakode: 'NOK',
    },
    grunnlagForUtbetaling: {
      kreditKrav: [
        {
          kravforfallidentifikator: credit.id,
          kravbeskrivelse: nb(credit.kind.beskrivelse),
          kravtype: credit.kind.kravtype,
          kravperiode: kravperiode(credit.periode),
          opprinneligBeloep: -kr(payout.amount),
          gjenstaaendeBeloep: 0,
          utbetaltBeloep: kr(payout.amount),
        },
      ],
    },
    utbetalingstatus: payout.status,
  };
}

interface Sums {
  overdue: number;
  notDue: number;
  interest: number;
}

/** Remaining amounts split by "due date passed" (before today) and interest, per kravgruppe. */
function sumsPerGroup(claims: Claim[], today: string): Map<string, Sums> {
  const groups = new Map<string, Sums>();
  for (const claim of claims) {
    const sums = groups.get(claim.kind.kravgruppe) ?? { overdue: 0, notDue: 0, interest: 0 };
    for (const f of claim.forfall) {
      if (f.forfallsdato < today) sums.overdue += f.remaining;
      else sums.notDue += f.remaining;
      sums.interest += f.interest;
    }
    groups.set(claim.kind.kravgruppe, sums);
  }
  return groups;
}

/**
 * Open claims and unplaced payments, with overviews. `saldo` per kravgruppe = overdue + not yet due
 * + interest; the total also subtracts unplaced payments, which belong to no kravgruppe.
 */
export function aapneKrav(ledger: Ledger, period: Periode | undefined): AapneKrav | null {
  const index = new LedgerIndex(ledger);
  const open = ledger.claims.filter((c) => sum(c.forfall, (f) => f.remaining) > 0 && c.forfall.some((f) => inPeriod(f.forfallsdato, period)));
  const unplaced = ledger.payments.filter((p) => p.unplaced > 0 && inPeriod(p.dato, period));
  if (!open.length && !unplaced.length) return null;
  const groups = sumsPerGroup(open, ledger.today);
  const oversiktPerKravgruppe: OversiktPerKravgruppe[] = [...groups].map(([kravgruppe, s]) => ({
    kravgruppe,
    sumStipulerteRenter: kr(s.interest),
    sumForfalteKrav: kr(s.overdue),
    sumIkkeForfalteKrav: kr(s.notDue),
    saldo: kr(s.overdue + s.notDue + s.interest),
  }));
  const all = [...groups.values()];
  const overdue = sum(all, (s) => s.overdue);
  const notDue = sum(all, (s) => s.notDue);
  const interest = sum(all, (s) => s.interest);
  const unplacedSum = sum(unplaced, (p) => p.unplaced);
  return {
    partIdentifikator: ledger.org.orgNo,
    aapentKravMedGjenstaaendeBeloep: open.map((c) => krav(index, c)),
    innbetalingMedUplassertBeloep: unplaced.map((p) => innbetaling(index, p)),
    totalOversikt: {
      sumStipulerteRenter: kr(interest),
      sumForfalteKrav: kr(overdue),
      sumIkkeForfalteKrav: kr(notDue),
      sumUplasserteInnbetalinger: kr(unplacedSum),
      saldo: kr(overdue + notDue + interest - unplacedSum),
    },
    oversiktPerKravgruppe,
    skjermet: false,
  };
}

/** Claims with a due date in the period. */
export function alleKrav(ledger: Ledger, period: Periode): AlleKrav | null {
  const index = new LedgerIndex(ledger);
  const claims = ledger.claims.filter((c) => c.forfall.some((f) => inPeriod(f.forfallsdato, period)));
  if (!claims.length) return null;
  return { partIdentifikator: ledger.org.orgNo, periode: period, krav: claims.map((c) => krav(index, c)), skjermet: false };
}

/** Payments received in the period. */
export function innbetalinger(ledger: Ledger, period: Periode): Innbetalinger | null {
  const index = new LedgerIndex(ledger);
  const payments = ledger.payments.filter((p) => inPeriod(p.dato, period));
  if (!payments.length) return null;
  return { partIdentifikator: ledger.org.orgNo, periode: period, innbetaling: payments.map((p) => innbetaling(index, p)), skjermet: false };
}

/** Payouts dated in the period. */
export function utbetalinger(ledger: Ledger, period: Periode): Utbetalinger | null {
  const payouts = ledger.payouts.filter((p) => inPeriod(p.utbetaltdato, period));
  if (!payouts.length) return null;
  return { partIdentifikator: ledger.org.orgNo, periode: period, utbetaling: payouts.map((p) => utbetaling(ledger, p)), skjermet: false };
}
