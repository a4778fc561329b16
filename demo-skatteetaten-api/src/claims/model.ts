// The response models of "Krav og betalinger" (OpenAPI 1.1.1, names and casing as the spec,
// including its irregularities: `innbetalingsIdentifikator` on a placement against a claim but
// `innbetalingsidentifikator` on a payment, `kravforfallIdentifikator` without "s"). Only the
// properties the test-bed fills are listed; absent ones are omitted on the wire, as null is.

export interface MultiSpraakTekst {
  spraakTekst: { tekst: string; spraak: string }[];
}

export interface Bankkonto {
  bankinformasjon?: string;
  kontoeiersNavn?: string;
  kontonummer?: string;
  iban?: string;
  swiftBIC?: string;
}

export interface Betalingsinformasjon {
  kidnummer?: string;
  meldingSendtTilMottaker?: string;
  konto?: Bankkonto;
  valutakode?: string;
}

export interface Kravperiode {
  periodeBeskrivelse: MultiSpraakTekst;
  aar: string;
  fraDato: string;
  tilDato: string;
  terminTekniskNavn?: string;
}

export interface InnbetalingPlassertMotKrav {
  innbetalingsIdentifikator: string;
  /** Negative: the placement reduces the claim. */
  plassertBeloep: number;
  plassertDato: string;
  innbetalingsdato: string;
  innbetaltBeloep: number;
  innbetaltFra: Betalingsinformasjon;
  innbetalingstype: string;
}

export interface Kravforfall {
  kravforfallsIdentifikator: string;
  forfallsdato: string;
  opprinneligBeloep: number;
  gjenstaaendeBeloep: number;
  betalingsinformasjon: Betalingsinformasjon;
  plassertInnbetaling?: InnbetalingPlassertMotKrav[];
}

export interface Krav {
  partIdentifikator: string;
  kravidentifikator: string;
  kravtype: string;
  opprinneligBeloep: number;
  gjenstaaendeBeloep: number;
  stipulerteRenter: number;
  kravforfall: Kravforfall[];
  kravbeskrivelse: MultiSpraakTekst;
  kravperiode: Kravperiode;
  opprettelsesdatoForKrav: string;
  kravgruppe: string;
  fastsettingsmaate: 'blank' | 'egenfastsatt' | 'myndighetsfastsatt';
}

export interface KravPlassertMotInnbetaling {
  kravforfallIdentifikator: string;
  /** Positive: the part of the payment used on this instalment. */
  plassertBeloep: number;
  plassertDato: string;
  kravbeskrivelse: MultiSpraakTekst;
  kravforfallsdato: string;
  opprinneligKravforfallsbeloep: number;
  gjenstaaendeKravforfallsbeloep: number;
}

export interface Innbetaling {
  partIdentifikator: string;
  innbetalingsidentifikator: string;
  innbetalingsdato: string;
  innbetaltBeloep: number;
  plassertKrav?: KravPlassertMotInnbetaling[];
  uplassertBeloep: number;
  mottakersKontonummer: Bankkonto;
  innbetaltFra: Betalingsinformasjon;
  innbetalingstype: string;
}

export interface KreditKrav {
  kravforfallidentifikator: string;
  kravbeskrivelse: MultiSpraakTekst;
  kravtype: string;
  kravperiode: Kravperiode;
  opprinneligBeloep: number;
  gjenstaaendeBeloep: number;
  utbetaltBeloep: number;
}

export interface Utbetaling {
  partIdentifikator: string;
  utbetalingsidentifikator: string;
  utbetaltdato: string;
  utbetaltBeloep: number;
  betaltTil: Betalingsinformasjon;
  grunnlagForUtbetaling: { kreditKrav: KreditKrav[] };
  utbetalingstatus: 'bekreftet' | 'underUtbetaling';
}

export interface TotalOversikt {
  sumStipulerteRenter: number;
  sumForfalteKrav: number;
  sumIkkeForfalteKrav: number;
  sumUplasserteInnbetalinger: number;
  saldo: number;
}

export interface OversiktPerKravgruppe {
  kravgruppe: string;
  sumStipulerteRenter: number;
  sumForfalteKrav: number;
  sumIkkeForfalteKrav: number;
  saldo: number;
}

export interface Periode {
  fraOgMed: string;
  tilOgMed: string;
}

export interface AapneKrav {
  partIdentifikator: string;
  aapentKravMedGjenstaaendeBeloep: Krav[];
  innbetalingMedUplassertBeloep: Innbetaling[];
  totalOversikt: TotalOversikt;
  oversiktPerKravgruppe: OversiktPerKravgruppe[];
  skjermet: boolean;
}

export interface AlleKrav {
  partIdentifikator: string;
  periode: Periode;
  krav: Krav[];
  skjermet: boolean;
}

export interface Innbetalinger {
  partIdentifikator: string;
  periode: Periode;
  innbetaling: Innbetaling[];
  skjermet: boolean;
}

export interface Utbetalinger {
  partIdentifikator: string;
  periode: Periode;
  utbetaling: Utbetaling[];
  skjermet: boolean;
}
