// The organisation access packages (tilgangspakker) of Altinn, by area, with the flags that matter
// to system users: `delegable` (can be handed on at all) and `assignable` (can be given directly;
// the accountant/auditor packages are not: they arise from ER roles). authorization.md Appendix A.
import { stableUuid } from '@testbed/common/identifiers';

export interface AccessPackage {
  code: string;
  urn: string;
  id: string;
  area: string;
  name: { nb: string; en: string };
  delegable: boolean;
  assignable: boolean;
}

/** Package ids the reference gives; the rest get a stable id of their own. */
const KNOWN_IDS: Record<string, string> = {
  skattegrunnlag: '4c859601-9b2b-4662-af39-846f4117ad7a',
  'krav-og-utlegg': 'a02fc602-872a-4671-b338-8b86a64b534a',
  'skatt-naering': '1dba50d6-f604-48e9-bd41-82321b13e85c',
  merverdiavgift: '9a61b136-7810-4939-ab6d-84938e9a12c6',
  'regnskap-okonomi-rapport': 'b4e69b54-895e-42c5-bf0d-861a571cd282',
  'regnskapsforer-med-signeringsrettighet': '955d5779-3e2b-4098-b11d-0431dc41ddbe',
  'regnskapsforer-uten-signeringsrettighet': 'a5f7f72a-9b89-445d-85bb-06f678a3d4d1',
  'regnskapsforer-lonn': '43becc6a-8c6c-4e9e-bb2f-08fe588ada21',
  'ansvarlig-revisor': '2f176732-b1e9-449b-9918-090d1fa986f6',
  revisormedarbeider: '96120c32-389d-46eb-8212-0a6540540c25',
  'teknisk-samhandling-skatt': '1e36b4e3-2eff-4613-9f52-52cde5c1c0f3',
  klientadministrator: '0195efb8-7c80-7e82-9b4f-7d63e773bbca',
  tilgangsstyrer: '0195efb8-7c80-7a95-ad36-900c3d8ad300',
  hovedadministrator: '0195efb8-7c80-7e16-ab0c-36dc8ab1a29d',
  'maskinporten-administrator': '0195efb8-7c80-7b30-a84d-f37fed9fb89c',
};

/**
 * `code|English name|Norwegian name` per package; a trailing `|nd` marks not delegable, `|na` not
 * assignable. Norwegian names are given where the approval page shows them; others fall back to English.
 */
const AREAS: Record<string, string[]> = {
  skatt_avgift_regnskap_og_toll: [
    'regnskap-okonomi-rapport|Accounting and economic reporting|Regnskap og økonomirapportering',
    'revisjon|Revision|Revisjon',
    'revisorattesterer|Auditor attestation|Revisorattesterer',
    'skatt-naering|Business tax|Skatt næring',
    'krav-og-utlegg|Claims, payments and enforcement|Krav, betalinger og utlegg',
    'kreditt-og-oppgjoer|Credit and settlement arrangements|Kreditt- og oppgjørsordninger',
    'toll|Customs|Toll',
    'motorvognavgift|Motor vehicle taxes|Motorvognavgifter',
    'saeravgifter|Special taxes|Særavgifter',
    'skattegrunnlag|Tax base|Skattegrunnlag',
    'merverdiavgift|Value added tax|Merverdiavgift',
    'mva-kompensasjon-revisorattesterer|VAT compensation auditor certifies|Merverdiavgiftskompensasjon revisorattesterer',
  ],
  personale: [
    'a-ordning|A-melding system|A-ordningen',
    'ansettelsesforhold|Employment relations|Ansettelsesforhold',
    'permisjon|Leave of absence|Permisjon',
    'pensjon|Pension|Pensjon',
    'lonn|Salary|Lønn',
    'lonn-personopplysninger-saerlig-kategori|Salary with personal data of special category|Lønn med personopplysninger av særlig kategori',
    'sykefravaer|Sick leave|Sykefravær',
    'sykefravaer-personopplysninger-saerlig-kategori|Sick leave with personal data of a special category|Sykefravær med personopplysninger av særlig kategori',
    'oppgi-naermeste-leder|Provide the immediate supervisor for the sick-listed employee|Oppgi nærmeste leder',
  ],
  miljo_ulykke_og_sikkerhet: [
    'ulykke|Accident|Ulykke',
    'miljorydding-miljorensing-og-lignende|Environmental cleanup, environmental remediation and similar|Miljørydding, miljørensing og lignende',
    'yrkesskade|Occupational injury|Yrkesskade',
    'sikkerhet-og-internkontroll|Security and internal control|Sikkerhet og internkontroll',
    'baerekraft|Sustainability|Bærekraft',
    'renovasjon|Waste management|Renovasjon',
  ],
  post_og_arkiv: [
    'post-til-virksomheten-med-taushetsbelagt-innhold|Mail to business with confidential content|Post til virksomheten med taushetsbelagt innhold',
    'ordinaer-post-til-virksomheten|Regular mail to business|Ordinær post til virksomheten',
  ],
  forhold_ved_virksomheten: [
    'attester|Certificates|Attester',
    'dokumentbasert-tilsyn|Document-based supervision|Dokumentbasert tilsyn',
    'eksplisitt|Explicit service delegation|Eksplisitt tjenestedelegering|nd|na',
    'teknisk-samhandling-skatt|Technical interaction with the Norwegian Tax Agency|Teknisk samhandling med Skatteetaten',
    'teknisk-samhandling-digdir|Technical interaction with Digdir|Teknisk samhandling med Digdir',
    'beredskap|Readiness|Beredskap',
    'reelle-rettighetshavere-avvik-eu-oppslag|Beneficial owners - non-compliance reporting and EU lookups|Reelle rettighetshavere – avvik og EU-oppslag',
    'generelle-helfotjenester|General Helfo services|Generelle Helfo-tjenester',
    'tilskudd-stotte-erstatning|Grant, support and compensation|Tilskudd, støtte og erstatning',
    'helfo-saerlig-kategori|Helfo services with personal data of special category|Helfo-tjenester med personopplysninger av særlig kategori',
    'infrastruktur|Infrastructure|Infrastruktur',
    'mine-sider-kommune|My pages at the municipality|Mine sider hos kommunen',
    'patent-varemerke-design|Patents, trademarks and design|Patent, varemerke og design',
    'politi-og-domstol|Police and courts|Politi og domstol',
    'folkeregister|Population register|Folkeregister',
    'offentlige-anskaffelser|Public procurement|Offentlige anskaffelser',
    'forskning|Research|Forskning',
    'aksjer-og-eierforhold|Shares and ownership|Aksjer og eierforhold',
    'starte-drive-endre-avvikle-virksomhet|Start, change and dissolve business|Starte, drive, endre og avvikle virksomhet',
    'rapportering-statistikk|Statistics reporting|Rapportering av statistikk',
    'virksomhetens-representant-skjemaoppgaver|Company representative - form tasks|Virksomhetens representant – skjemaoppgaver|nd',
  ],
  integrasjoner: [
    'maskinporten-scopes|Delegable maskinporten scopes|Delegerbare Maskinporten-scopes|nd',
    'maskinporten-scopes-nuf|Delegable maskinporten scopes - NUF|Delegerbare Maskinporten-scopes – NUF|nd',
    'maskinlesbare-hendelser|Machine-readable events|Maskinlesbare hendelser|nd',
  ],
  administrere_tilganger: [
    'tilgangsstyrer|Access manager|Tilgangsstyrer|nd',
    'tilgangsstyring-enkeltinstanser|Access manager of individual messages, forms and dialogs|Tilgangsstyring av enkeltinstanser|nd',
    'klientadministrator|Client administrator|Klientadministrator|nd',
    'konkursbo-tilgangsstyrer|Bankruptcy estate administrator|Konkursbo tilgangsstyrer|nd',
    'hovedadministrator|Main administrator|Hovedadministrator|nd',
    'maskinporten-administrator|Maskinporten administrator|Maskinporten-administrator|nd',
  ],
  fullmakter_for_regnskapsforer: [
    'regnskapsforer-med-signeringsrettighet|Accountant with signing rights|Regnskapsfører med signeringsrettighet|na',
    'regnskapsforer-lonn|Accountant salary|Regnskapsfører lønn|na',
    'regnskapsforer-uten-signeringsrettighet|Accountant without signing rights|Regnskapsfører uten signeringsrettighet|na',
  ],
  fullmakter_for_revisor: [
    'revisormedarbeider|Assistant auditor|Revisormedarbeider|na',
    'ansvarlig-revisor|Auditor in charge|Ansvarlig revisor|na',
  ],
  fullmakter_for_konkursbo: [
    'konkursbo-skrivetilgang|Bankruptcy estate write access|Konkursbo skrivetilgang',
    'konkursbo-lesetilgang|Bankruptcy estate read access|Konkursbo lesetilgang',
  ],
  fullmakter_for_forretningsforer: [
    'forretningsforer-eiendom|Business manager real estate|Forretningsfører eiendom|na',
    'ffor-tilgangsstyrer-nuf|Business manager-Access manager NUF|Forretningsfører tilgangsstyrer NUF|nd',
  ],
};

export const PACKAGE_URN_PREFIX = 'urn:altinn:accesspackage:';

export const PACKAGES: AccessPackage[] = Object.entries(AREAS).flatMap(([area, entries]) =>
  entries.map((entry) => {
    const [code, en, nb, ...flags] = entry.split('|') as [string, string, string, ...string[]];
    return {
      code,
      urn: PACKAGE_URN_PREFIX + code,
      id: KNOWN_IDS[code] ?? stableUuid(`accesspackage:${code}`),
      area: `accesspackage:area:${area}`,
      name: { nb, en },
      delegable: !flags.includes('nd'),
      assignable: !flags.includes('na'),
    };
  }),
);

const byCode = new Map(PACKAGES.map((p) => [p.code, p]));

/**
 * Finds a package by URN, by URN without `urn:`, or by bare code, as Altinn's lookup does.
 * Returns undefined for anything else (a malformed URN or an unknown code).
 */
export function findPackage(value: string): AccessPackage | undefined {
  const code = value.startsWith(PACKAGE_URN_PREFIX)
    ? value.slice(PACKAGE_URN_PREFIX.length)
    : value.startsWith('altinn:accesspackage:')
      ? value.slice('altinn:accesspackage:'.length)
      : value;
  return byCode.get(code);
}

/** The packages for client relationships (accountant, auditor, business manager): delegable, not assignable. */
export const isClientPackage = (p: AccessPackage) => p.delegable && !p.assignable;
