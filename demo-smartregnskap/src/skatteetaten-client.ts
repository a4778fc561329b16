// Skatteetaten's "Krav og betalinger" as SmartRegnskap reads it (krav-og-betalinger.md §2–§4):
// `GET {base}/v1/regnskapssystem/{orgno}/aapnekrav|innbetalinger` with a system-user token.
// Only the fields the dashboard shows are typed; every field is optional, as in the API.
import type { ServiceFetch } from '@testbed/common/http-client';
import { UpstreamAnswer, readBody } from './upstream.js';

export interface MultiSpraakTekst {
  spraakTekst?: { tekst?: string; spraak?: string }[];
}

export interface Kravforfall {
  kravforfallsIdentifikator?: string;
  forfallsdato?: string;
  opprinneligBeloep?: number;
  gjenstaaendeBeloep?: number;
  betalingsinformasjon?: { kidnummer?: string; konto?: { kontonummer?: string } };
}

export interface Krav {
  kravidentifikator?: string;
  kravtype?: string;
  opprinneligBeloep?: number;
  gjenstaaendeBeloep?: number;
  stipulerteRenter?: number;
  kravforfall?: Kravforfall[];
  kravbeskrivelse?: MultiSpraakTekst;
  kravperiode?: { periodeBeskrivelse?: MultiSpraakTekst; aar?: string };
  kravgruppe?: string;
}

export interface Innbetaling {
  innbetalingsidentifikator?: string;
  innbetalingsdato?: string;
  innbetaltBeloep?: number;
  uplassertBeloep?: number;
  innbetalingstype?: string;
  innbetaltFra?: { kidnummer?: string };
}

export interface TotalOversikt {
  sumStipulerteRenter?: number;
  sumForfalteKrav?: number;
  sumIkkeForfalteKrav?: number;
  sumUplasserteInnbetalinger?: number;
  saldo?: number;
}

export interface AapneKrav {
  partIdentifikator?: string;
  aapentKravMedGjenstaaendeBeloep?: Krav[];
  innbetalingMedUplassertBeloep?: Innbetaling[];
  totalOversikt?: TotalOversikt;
  skjermet?: boolean;
}

export interface Innbetalinger {
  partIdentifikator?: string;
  periode?: { fraOgMed?: string; tilOgMed?: string };
  innbetaling?: Innbetaling[];
  skjermet?: boolean;
}

/** KB-007: "no claims/payments for identifier and period": an empty list, not a failure. */
const NOTHING_FOUND = 'KB-007';

export class KravOgBetalingerApi {
  constructor(
    private readonly fetch: ServiceFetch,
    private readonly baseUrl: string,
  ) {}

  private async get<T>(token: string, orgNo: string, endpoint: string, query: Record<string, string> = {}): Promise<T | null> {
    const params = new URLSearchParams(query);
    const url = `${this.baseUrl}/v1/regnskapssystem/${encodeURIComponent(orgNo)}/${endpoint}${params.size ? `?${params}` : ''}`;
    const res = await this.fetch(url, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    });
    const body = await readBody(res);
    if (res.ok) return body as T;
    const err = new UpstreamAnswer('skatteetaten', 'GET', url, res.status, body);
    if (err.code === NOTHING_FOUND) return null;
    throw err;
  }

  openClaims(token: string, orgNo: string): Promise<AapneKrav | null> {
    return this.get<AapneKrav>(token, orgNo, 'aapnekrav');
  }

  /** Payments in `[fraOgMed, tilOgMed]` (ISO dates; Skatteetaten allows at most one year). */
  payments(token: string, orgNo: string, fraOgMed: string, tilOgMed: string): Promise<Innbetalinger | null> {
    return this.get<Innbetalinger>(token, orgNo, 'innbetalinger', { fraOgMed, tilOgMed });
  }
}
