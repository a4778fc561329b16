// A customer's claims and payments from "Krav og betalinger", fetched with a system-user token and
// turned into what the dashboard shows. A withdrawn access is an outcome here, not an error: the
// person sees what happened and can ask again.
import type { Clock } from '@testbed/common/clock';
import { MaskinportenError } from '@testbed/common/maskinporten-client';
import type { IssuedToken, TokenBroker } from '../maskinporten.js';
import type { AapneKrav, Innbetalinger, KravOgBetalingerApi, Kravforfall, MultiSpraakTekst } from '../skatteetaten-client.js';
import type { Customer } from '../state.js';
import { UpstreamAnswer } from '../upstream.js';

export interface ClaimRow {
  description: string;
  period: string;
  group: string;
  dueDate?: string;
  overdue: boolean;
  original: number;
  remaining: number;
  kid?: string;
}

export interface PaymentRow {
  date?: string;
  amount: number;
  unplaced: number;
  type: string;
  kid?: string;
}

export interface ClaimsView {
  partyOrgNo: string;
  claims: ClaimRow[];
  totals: { overdue: number; notDue: number; interest: number; balance: number };
  payments: PaymentRow[];
  paymentsTotal: number;
  period: { from: string; to: string };
  masked: boolean;
}

export type ClaimsOutcome =
  | { kind: 'ok'; view: ClaimsView; token: IssuedToken }
  /** Maskinporten found no system user (MP-303), or Skatteetaten's PDP said no (DAS-008). */
  | { kind: 'no-access'; error: MaskinportenError | UpstreamAnswer }
  /** Skatteetaten answered with one of its own errors (KB-…, DAS-…). */
  | { kind: 'api-error'; error: UpstreamAnswer };

const isMissingSystemUser = (err: unknown): err is MaskinportenError =>
  err instanceof MaskinportenError && (err.code === 'MP-303' || err.body.error === 'invalid_altinn_customer_configuration');

const isAccessDenied = (err: unknown): err is UpstreamAnswer => err instanceof UpstreamAnswer && err.status === 403;

const textOf = (t: MultiSpraakTekst | undefined, lang: string): string =>
  t?.spraakTekst?.find((s) => s.spraak === lang)?.tekst ?? t?.spraakTekst?.[0]?.tekst ?? '';

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** The last year up to today on the test-bed clock, within Skatteetaten's one-year limit. */
export function lastYear(clock: Clock): { from: string; to: string } {
  const to = clock.date();
  const from = new Date(to);
  from.setUTCFullYear(from.getUTCFullYear() - 1);
  from.setUTCDate(from.getUTCDate() + 1);
  return { from: isoDay(from), to: isoDay(to) };
}

export function toView(partyOrgNo: string, open: AapneKrav | null, paid: Innbetalinger | null, period: { from: string; to: string }, today: string, lang: string): ClaimsView {
  const claims: ClaimRow[] = (open?.aapentKravMedGjenstaaendeBeloep ?? []).flatMap((krav) => {
    const base = {
      description: textOf(krav.kravbeskrivelse, lang) || krav.kravtype || '',
      period: textOf(krav.kravperiode?.periodeBeskrivelse, lang) || krav.kravperiode?.aar || '',
      group: krav.kravgruppe ?? '',
    };
    // Instalments already paid are part of an open claim but owe nothing: not shown.
    const due: Kravforfall[] = krav.kravforfall?.length
      ? krav.kravforfall.filter((f) => (f.gjenstaaendeBeloep ?? 0) !== 0)
      : [{ opprinneligBeloep: krav.opprinneligBeloep, gjenstaaendeBeloep: krav.gjenstaaendeBeloep }];
    return due.map((f) => ({
      ...base,
      ...(f.forfallsdato ? { dueDate: f.forfallsdato } : {}),
      overdue: !!f.forfallsdato && f.forfallsdato < today,
      original: f.opprinneligBeloep ?? 0,
      remaining: f.gjenstaaendeBeloep ?? 0,
      ...(f.betalingsinformasjon?.kidnummer ? { kid: f.betalingsinformasjon.kidnummer } : {}),
    }));
  });
  const sum = (rows: ClaimRow[]) => rows.reduce((s, r) => s + r.remaining, 0);
  const total = open?.totalOversikt;
  const overdue = total?.sumForfalteKrav ?? sum(claims.filter((c) => c.overdue));
  const notDue = total?.sumIkkeForfalteKrav ?? sum(claims.filter((c) => !c.overdue));
  const interest = total?.sumStipulerteRenter ?? 0;
  const payments: PaymentRow[] = (paid?.innbetaling ?? []).map((p) => ({
    ...(p.innbetalingsdato ? { date: p.innbetalingsdato } : {}),
    amount: p.innbetaltBeloep ?? 0,
    unplaced: p.uplassertBeloep ?? 0,
    type: p.innbetalingstype ?? '',
    ...(p.innbetaltFra?.kidnummer ? { kid: p.innbetaltFra.kidnummer } : {}),
  }));
  return {
    partyOrgNo,
    claims,
    totals: { overdue, notDue, interest, balance: total?.saldo ?? overdue + notDue + interest },
    payments,
    paymentsTotal: payments.reduce((s, p) => s + p.amount, 0),
    period,
    masked: open?.skjermet === true || paid?.skjermet === true,
  };
}

export interface ClaimsDeps {
  tokens: TokenBroker;
  api: KravOgBetalingerApi;
  clock: Clock;
}

/**
 * Claims of `partyOrgNo` as `customer`'s system user sees them: the customer itself, or for an
 * accounting firm one of its clients (token for the firm, the client in Skatteetaten's path).
 */
export async function loadClaims(deps: ClaimsDeps, customer: Customer, partyOrgNo: string, lang: string): Promise<ClaimsOutcome> {
  let token: IssuedToken;
  try {
    token = await deps.tokens.systemUserToken(customer);
  } catch (err) {
    if (isMissingSystemUser(err)) return { kind: 'no-access', error: err };
    throw err;
  }
  const period = lastYear(deps.clock);
  try {
    const [open, paid] = await Promise.all([
      deps.api.openClaims(token.token, partyOrgNo),
      deps.api.payments(token.token, partyOrgNo, period.from, period.to),
    ]);
    return { kind: 'ok', view: toView(partyOrgNo, open, paid, period, isoDay(deps.clock.date()), lang), token };
  } catch (err) {
    if (isAccessDenied(err)) return { kind: 'no-access', error: err };
    if (err instanceof UpstreamAnswer && err.service === 'skatteetaten') return { kind: 'api-error', error: err };
    throw err;
  }
}
