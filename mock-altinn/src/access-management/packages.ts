// The organisation access packages (tilgangspakker) of Altinn, by area and area group, with the
// flags that matter to system users: `delegable` (can be handed on at all) and `assignable` (can be given directly;
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

export type AreaGroup = 'General' | 'Industry' | 'Special';

export interface PackageArea {
  code: string;
  urn: string;
  id: string;
  group: AreaGroup;
  name: { nb: string; en: string };
  packages: AccessPackage[];
}

interface AreaSource {
  id: string;
  group: AreaGroup;
  name: [nb: string, en: string];
  packages: string[];
}

/**
 * Areas with their fixed ids (authorization.md Appendix A) and `code|English name|Norwegian name`
 * per package; a trailing `|nd` marks not delegable, `|na` not assignable. Norwegian names are given
 * where the approval page shows them; the others (the Industry areas) fall back to English.
 */
const AREAS: Record<string, AreaSource> = {
  skatt_avgift_regnskap_og_toll: {
    id: '7d32591d-34b7-4afc-8afa-013722f8c05d',
    group: 'General',
    name: ['Skatt, avgift, regnskap og toll', 'Taxes, Fees, Accounting and Customs'],
    packages: [
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
  },
  personale: {
    id: '6f7f3b02-8b5a-4823-9468-0f4646d3a790',
    group: 'General',
    name: ['Personale', 'Personnel'],
    packages: [
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
  },
  miljo_ulykke_og_sikkerhet: {
    id: 'a8834a7c-ed89-4c73-b5d5-19a2347f3b13',
    group: 'General',
    name: ['Miljø, ulykke og sikkerhet', 'Environment, Accident and Safety'],
    packages: [
      'ulykke|Accident|Ulykke',
      'miljorydding-miljorensing-og-lignende|Environmental cleanup, environmental remediation and similar|Miljørydding, miljørensing og lignende',
      'yrkesskade|Occupational injury|Yrkesskade',
      'sikkerhet-og-internkontroll|Security and internal control|Sikkerhet og internkontroll',
      'baerekraft|Sustainability|Bærekraft',
      'renovasjon|Waste management|Renovasjon',
    ],
  },
  post_og_arkiv: {
    id: '6f938de8-34f2-4bab-a0c6-3a3eb64aad3b',
    group: 'General',
    name: ['Post og arkiv', 'Mail and Archive'],
    packages: [
      'post-til-virksomheten-med-taushetsbelagt-innhold|Mail to business with confidential content|Post til virksomheten med taushetsbelagt innhold',
      'ordinaer-post-til-virksomheten|Regular mail to business|Ordinær post til virksomheten',
    ],
  },
  forhold_ved_virksomheten: {
    id: '3f5df819-7aca-49e1-bf6f-3e8f120f20d1',
    group: 'General',
    name: ['Forhold ved virksomheten', 'Business Affairs'],
    packages: [
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
  },
  integrasjoner: {
    id: '892e98c6-1696-46e7-9bb1-59c08761ec64',
    group: 'General',
    name: ['Integrasjoner', 'Integrations'],
    packages: [
      'maskinporten-scopes|Delegable maskinporten scopes|Delegerbare Maskinporten-scopes|nd',
      'maskinporten-scopes-nuf|Delegable maskinporten scopes - NUF|Delegerbare Maskinporten-scopes – NUF|nd',
      'maskinlesbare-hendelser|Machine-readable events|Maskinlesbare hendelser|nd',
    ],
  },
  administrere_tilganger: {
    id: 'e4ae823f-41db-46ed-873f-8a5d1378fff8',
    group: 'General',
    name: ['Administrere tilganger', 'Manage Access'],
    packages: [
      'tilgangsstyrer|Access manager|Tilgangsstyrer|nd',
      'tilgangsstyring-enkeltinstanser|Access manager of individual messages, forms and dialogs|Tilgangsstyring av enkeltinstanser|nd',
      'klientadministrator|Client administrator|Klientadministrator|nd',
      'konkursbo-tilgangsstyrer|Bankruptcy estate administrator|Konkursbo tilgangsstyrer|nd',
      'hovedadministrator|Main administrator|Hovedadministrator|nd',
      'maskinporten-administrator|Maskinporten administrator|Maskinporten-administrator|nd',
    ],
  },
  jordbruk_skogbruk_jakt_fiske_og_akvakultur: {
    id: 'fc93d25e-80bc-469a-aa43-a6cee80eb3e2',
    group: 'Industry',
    name: ['Jordbruk, skogbruk, jakt, fiske og akvakultur', 'Agriculture, Forestry, Hunting, Fishing and Aquaculture'],
    packages: [
      'jordbruk|Agriculture',
      'dyrehold|Animal husbandry',
      'akvakultur|Aquaculture',
      'fiske|Fishing',
      'skogbruk|Forestry',
      'jakt-og-viltstell|Hunting and wildlife management',
      'reindrift|Reindeer herding',
    ],
  },
  bygg_anlegg_og_eiendom: {
    id: '536b317c-ef85-45d4-9b48-6511578e1952',
    group: 'Industry',
    name: ['Bygg, anlegg og eiendom', 'Construction, Infrastructure and Real Estate'],
    packages: [
      'byggesoknad|Building application',
      'kjop-og-salg-eiendom|Buying and selling real estate',
      'oppforing-bygg-anlegg|Construction of buildings and facilities',
      'plansak|Planning case',
      'tinglysing-eiendom|Property registration',
      'eiendomsmegler|Real estate agent',
      'utleie-eiendom|Real estate rental',
      'motta-nabo-og-planvarsel|Receive neighbor and planning notifications',
    ],
  },
  transport_og_lagring: {
    id: '6ff90072-566b-4acd-baac-ec477534e712',
    group: 'Industry',
    name: ['Transport og lagring', 'Transport and Storage'],
    packages: [
      'lufttransport|Air transport',
      'sjofart|Maritime transport',
      'transport-i-ror|Pipeline transport',
      'jernbanetransport|Railway transport',
      'kjoretoy|Vehicles',
      'omregistrering|Registration transfer of vehicles',
      'forstegangsregistrering|First-time vehicle registration',
      'trafikant|Road users',
      'veitransport|Road transport',
      'lagring-og-andre-tjenester-tilknyttet-transport|Storage and other transport-related services',
    ],
  },
  helse_pleie_omsorg_og_vern: {
    id: 'eab59b26-833f-40ca-9e27-72107e8f1908',
    group: 'Industry',
    name: ['Helse, pleie, omsorg og vern', 'Health, Care and Protection'],
    packages: [
      'pleie-omsorgstjenester-i-institusjon|Care services in institutions',
      'barnevern|Child protection services',
      'familievern|Family counseling',
      'helsetjenester|Health services',
      'helsetjenester-personopplysninger-saerlig-kategori|Health services with personal data of special category',
      'kommuneoverlege|Municipal chief medical officer',
      'sosiale-omsorgstjenester-uten-botilbud-og-flyktningemottak|Social care services without housing and refugee reception',
    ],
  },
  oppvekst_og_utdanning: {
    id: '7326614f-cf7c-492e-8e7f-d74e6e4a8970',
    group: 'Industry',
    name: ['Oppvekst og utdanning', 'Childhood and Education'],
    packages: [
      'sfo-leder|After-school program leader',
      'godkjenning-av-utdanningsvirksomhet|Educational institution approval',
      'statsforvalter-barnehage|County governor - kindergarten',
      'statsforvalter-skole-og-opplearing|County governor - school and education',
      'hoyere-utdanning-og-hoyere-yrkesfaglig-utdanning|Higher education and higher vocational education',
      'barnehagemyndighet|Kindergarten authority',
      'barnehageleder|Kindergarten leader',
      'barnehageeier|Kindergarten owner',
      'opplaeringskontorleder|Training office leader',
      'ppt-leder|Educational-psychological service leader',
      'godkjenning-av-personell|Personnel approval',
      'skoleleder|School leader',
      'skoleeier|School owner',
    ],
  },
  energi_vann_avlop_og_avfall: {
    id: '6e152c10-0f63-4060-9b14-66808e7ac320',
    group: 'Industry',
    name: ['Energi, vann, avløp og avfall', 'Energy, Water, Sewage and Waste'],
    packages: [
      'miljorydding-rensing|Environmental remediation, cleaning and similar activities',
      'elektrisitet-produsere-overfore-distrubere|Electricity - production, transmission and distribution',
      'utvinning-raaolje-naturgass-kull|Extraction of crude oil, natural gas and coal',
      'samle-behandle-avlopsvann|Sewage collection and treatment',
      'damp-varmtvann|Steam and hot water',
      'avfall-behandle-gjenvinne|Waste - collection, treatment, use and recycling',
      'vann-kilde-rense-distrubere|Water - source extraction, treatment and distribution',
    ],
  },
  industrier: {
    id: '10c2dd29-5ab3-4a26-900e-8e2326150353',
    group: 'Industry',
    name: ['Industrier', 'Industries'],
    packages: [
      'naeringsmidler-drikkevarer-og-tobakk|Food, beverages and tobacco',
      'mobler-og-annen-industri|Furniture and other manufacturing',
      'trelast-trevarer-papirvarer|Lumber, wood products and paper goods',
      'metallvarer-elektrisk-utstyr-og-maskiner|Metal products, electrical equipment and machinery',
      'metaller-og-mineraler|Metals and minerals',
      'bergverk|Mining',
      'oljeraffinering-kjemisk-farmasoytisk-industri|Oil refining, chemical and pharmaceutical industry',
      'trykkerier-reproduksjon-opptak|Printing and reproduction of recorded media',
      'reparasjon-og-installasjon-av-maskiner-og-utstyr|Repair and installation of machinery and equipment',
      'gummi-plast-og-ikkemetallholdige-mineralprodukter|Rubber, plastic and non-metallic mineral products',
      'verft-og-andre-transportmidler|Shipyards and other transport vehicles',
      'tekstiler-klaer-laervarer|Textiles, clothing and leather goods',
    ],
  },
  kultur_og_frivillighet: {
    id: '5996ba37-6db0-4391-8918-b1b0bd4b394b',
    group: 'Industry',
    name: ['Kultur og frivillighet', 'Culture and Volunteering'],
    packages: [
      'kunst-og-underholdning|Arts and entertainment',
      'fornoyelser|Amusements',
      'biblioteker-museer-arkiver-og-annen-kultur|Libraries, museums, archives and other culture',
      'lotteri-og-spill|Lottery and games',
      'politikk|Politics',
      'sport-og-fritid|Sports and recreation',
    ],
  },
  handel_overnatting_og_servering: {
    id: '3797e9f0-dd83-404c-9897-e356c32ef600',
    group: 'Industry',
    name: ['Handel, overnatting og servering', 'Commerce, Accommodation and Catering'],
    packages: ['overnatting|Accommodation', 'servering|Catering', 'varehandel|Retail trade'],
  },
  andre_tjenesteytende_naeringer: {
    id: 'e31169f6-d4c7-4e45-93c7-f90bc285b639',
    group: 'Industry',
    name: ['Andre tjenesteytende næringer', 'Other Service Industries'],
    packages: [
      'finansiering-og-forsikring|Financing and insurance',
      'informasjon-og-kommunikasjon|Information and communication',
      'elektronisk-kommunikasjon|Electronic communication',
      'annen-tjenesteyting|Other services',
      'posttjenester|Postal services',
      'tjenester-nuf|Services NUF',
    ],
  },
  fullmakter_for_regnskapsforer: {
    id: '64cbcdc8-01c9-448c-b3d2-eb9582beb3c2',
    group: 'Special',
    name: ['Fullmakter for regnskapsfører', 'Authorizations for Accountants'],
    packages: [
      'regnskapsforer-med-signeringsrettighet|Accountant with signing rights|Regnskapsfører med signeringsrettighet|na',
      'regnskapsforer-lonn|Accountant salary|Regnskapsfører lønn|na',
      'regnskapsforer-uten-signeringsrettighet|Accountant without signing rights|Regnskapsfører uten signeringsrettighet|na',
    ],
  },
  fullmakter_for_revisor: {
    id: '7df15290-f43c-4831-a1b4-3edfa43e526d',
    group: 'Special',
    name: ['Fullmakter for revisor', 'Authorizations for Auditors'],
    packages: ['revisormedarbeider|Assistant auditor|Revisormedarbeider|na', 'ansvarlig-revisor|Auditor in charge|Ansvarlig revisor|na'],
  },
  fullmakter_for_konkursbo: {
    id: 'f3daddb7-6e21-455e-b6d2-65a281375b6b',
    group: 'Special',
    name: ['Fullmakter for konkursbo', 'Authorizations for Bankruptcy Estates'],
    packages: ['konkursbo-skrivetilgang|Bankruptcy estate write access|Konkursbo skrivetilgang', 'konkursbo-lesetilgang|Bankruptcy estate read access|Konkursbo lesetilgang'],
  },
  fullmakter_for_forretningsforer: {
    id: '0195efb8-7c80-76b3-bb86-ae9dfd74bca2',
    group: 'Special',
    // "Bussineses" is the platform's own spelling.
    name: ['Fullmakter for forretningsfører', 'Authorizations for Bussineses'],
    packages: [
      'forretningsforer-eiendom|Business manager real estate|Forretningsfører eiendom|na',
      'ffor-tilgangsstyrer-nuf|Business manager-Access manager NUF|Forretningsfører tilgangsstyrer NUF|nd',
    ],
  },
};

export const PACKAGE_URN_PREFIX = 'urn:altinn:accesspackage:';

const FLAGS = new Set(['nd', 'na']);

function parsePackage(entry: string, area: string): AccessPackage {
  const [code, en, ...rest] = entry.split('|') as [string, string, ...string[]];
  const flags = rest.filter((f) => FLAGS.has(f));
  const nb = rest.find((f) => !FLAGS.has(f)) ?? en;
  return {
    code,
    urn: PACKAGE_URN_PREFIX + code,
    id: KNOWN_IDS[code] ?? stableUuid(`accesspackage:${code}`),
    area,
    name: { nb, en },
    delegable: !flags.includes('nd'),
    assignable: !flags.includes('na'),
  };
}

/** The areas in catalogue order, each with its packages (the metadata API's export). */
export const AREA_LIST: PackageArea[] = Object.entries(AREAS).map(([code, a]) => {
  const urn = `accesspackage:area:${code}`;
  return { code, urn, id: a.id, group: a.group, name: { nb: a.name[0], en: a.name[1] }, packages: a.packages.map((p) => parsePackage(p, urn)) };
});

export const PACKAGES: AccessPackage[] = AREA_LIST.flatMap((a) => a.packages);

const areaByUrn = new Map(AREA_LIST.map((a) => [a.urn, a]));
export const areaOf = (p: AccessPackage): PackageArea => areaByUrn.get(p.area)!;

const byCode = new Map(PACKAGES.map((p) => [p.code, p]));
const byId = new Map(PACKAGES.map((p) => [p.id, p]));

export const findPackageById = (id: string): AccessPackage | undefined => byId.get(id.toLowerCase());

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
