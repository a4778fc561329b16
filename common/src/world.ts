// The seeded world: the cast of the Digdir presentation plus the people and organisations the
// negative paths need. Static data shared by every service's seed; never read as another service's state.
import { stableUuid } from './identifiers.js';

export type UnitType = 'AS' | 'ENK' | 'ORGL' | 'NUF' | 'BRL';

export interface WorldOrg {
  orgNo: string;
  name: string;
  unitType: UnitType;
  partyId: number;
  partyUuid: string;
  /** Service-owner code (Altinn `urn:altinn:org`), for the few orgs that own services. */
  orgCode?: string;
  /** Why this org is in the world, shown on the console's cast page. */
  note: string;
}

export interface WorldPerson {
  pid: string;
  name: string;
  partyId: number;
  partyUuid: string;
  userId: number;
  note: string;
}

/** ER role codes used in the world (Enhetsregisteret). */
export type ErRoleCode = 'DAGL' | 'LEDE' | 'INNH' | 'REGN' | 'REVI';

/** A role in Enhetsregisteret: `holder` (person pid or org number) has `role` for `org`. */
export interface WorldErRole {
  org: string;
  holder: string;
  role: ErRoleCode;
}

/** An Altinn delegation (role "rettighetshaver") of access packages from an org to a person or org. */
export interface WorldDelegation {
  from: string;
  to: string;
  packages: string[];
}

export interface World {
  orgs: WorldOrg[];
  persons: WorldPerson[];
  erRoles: WorldErRole[];
  delegations: WorldDelegation[];
}

export const ORG = {
  skatteetaten: '974761076',
  digdir: '991825827',
  smartcloud: '310000027',
  rorOgVann: '310000019',
  tallmakerne: '310000035',
  fjellbekk: '312000008',
  nordlys: '313000001',
  solbaer: '310000051',
  revisjonshuset: '310000078',
  utenRegnskapsforer: '310000043',
} as const;

export const PERSON = {
  pia: '12837849150',
  tone: '05918531043',
  kasper: '23869042080',
  emil: '02817224000',
  tina: '17898815013',
  ola: '30849547026',
  sindre: '09888133019',
  berit: '14826921081',
} as const;

/** Skatteetaten's fixed test ENKs for "Krav og betalinger" (krav-og-betalinger.md §7). */
export const KRAV_OG_BETALINGER_TEST_ENKS = ['313367002', '311851381', '314961900', '314055403', '212201782'] as const;

const org = (orgNo: string, name: string, unitType: UnitType, index: number, note: string, orgCode?: string): WorldOrg => ({
  orgNo,
  name,
  unitType,
  partyId: 50100001 + index,
  partyUuid: stableUuid(`party:${orgNo}`),
  note,
  ...(orgCode ? { orgCode } : {}),
});

const person = (pid: string, name: string, index: number, note: string): WorldPerson => ({
  pid,
  name,
  partyId: 50200001 + index,
  partyUuid: stableUuid(`party:${pid}`),
  userId: 20000001 + index,
  note,
});

export const WORLD: World = {
  orgs: [
    org(ORG.skatteetaten, 'Skatteetaten', 'ORGL', 0, 'Service owner of "Krav og betalinger"', 'skd'),
    org(ORG.digdir, 'Digitaliseringsdirektoratet', 'ORGL', 1, 'Runs Maskinporten, ID-porten and Altinn', 'digdir'),
    org(ORG.smartcloud, 'SmartCloud AS', 'AS', 2, 'Vendor of the accounting system SmartRegnskap'),
    org(ORG.rorOgVann, 'Rør og Vann AS', 'AS', 3, 'Direct customer; Pia is daglig leder'),
    org(ORG.tallmakerne, 'Tallmakerne AS', 'AS', 4, 'Accounting firm (REGN) for Rør og Vann AS and other clients'),
    org(ORG.fjellbekk, 'Fjellbekk Bakeri AS', 'AS', 5, 'Client of Tallmakerne (REGN)'),
    org(ORG.nordlys, 'Nordlys Transport AS', 'AS', 6, 'Client of Tallmakerne (REGN)'),
    org(ORG.solbaer, 'Solbær Design AS', 'AS', 7, 'Gave Tallmakerne only the salary package: lacks packages for an agent'),
    org(ORG.revisjonshuset, 'Revisjonshuset AS', 'AS', 8, 'Auditor (REVI) for Rør og Vann AS'),
    org(ORG.utenRegnskapsforer, 'Ensom Sag AS', 'AS', 9, 'Has no accountant and no daglig leder in the register'),
    org('313367002', 'LYSTIG KLAM KATT TUSJ', 'ENK', 10, 'Skatteetaten test ENK'),
    org('311851381', 'BERIKENDE EVIG KATT HANKATT', 'ENK', 11, 'Skatteetaten test ENK'),
    org('314961900', 'OVERFØLSOM GLAD TIGER', 'ENK', 12, 'Skatteetaten test ENK'),
    org('314055403', 'TILFELDIG SUBTIL APE', 'ENK', 13, 'Skatteetaten test ENK'),
    org('212201782', 'AUTORISERT VEIK TIGER', 'ENK', 14, 'Skatteetaten test ENK'),
  ],
  persons: [
    person(PERSON.pia, 'Pia Vannli', 0, 'Daglig leder of Rør og Vann AS: may approve'),
    person(PERSON.tone, 'Tone Tallberg', 1, 'Daglig leder of Tallmakerne AS: approves agent system users'),
    person(PERSON.kasper, 'Kasper Klientsen', 2, 'Client administrator at Tallmakerne AS'),
    person(PERSON.emil, 'Emil Lærling', 3, 'Employee of Rør og Vann AS with one package: can only escalate'),
    person(PERSON.tina, 'Tina Tilgang', 4, 'Access manager (tilgangsstyrer) of Rør og Vann AS'),
    person(PERSON.ola, 'Ola Uten Rolle', 5, 'No role anywhere: refused'),
    person(PERSON.sindre, 'Sindre Sky', 6, 'Daglig leder of SmartCloud AS'),
    person(PERSON.berit, 'Berit Baker', 7, 'Daglig leder of Fjellbekk Bakeri AS'),
  ],
  erRoles: [
    { org: ORG.rorOgVann, holder: PERSON.pia, role: 'DAGL' },
    { org: ORG.rorOgVann, holder: ORG.tallmakerne, role: 'REGN' },
    { org: ORG.rorOgVann, holder: ORG.revisjonshuset, role: 'REVI' },
    { org: ORG.tallmakerne, holder: PERSON.tone, role: 'DAGL' },
    { org: ORG.fjellbekk, holder: PERSON.berit, role: 'DAGL' },
    { org: ORG.fjellbekk, holder: ORG.tallmakerne, role: 'REGN' },
    { org: ORG.nordlys, holder: ORG.tallmakerne, role: 'REGN' },
    { org: ORG.smartcloud, holder: PERSON.sindre, role: 'DAGL' },
  ],
  delegations: [
    { from: ORG.rorOgVann, to: PERSON.tina, packages: ['tilgangsstyrer'] },
    { from: ORG.rorOgVann, to: PERSON.emil, packages: ['regnskap-okonomi-rapport'] },
    { from: ORG.tallmakerne, to: PERSON.kasper, packages: ['klientadministrator'] },
    { from: ORG.solbaer, to: ORG.tallmakerne, packages: ['regnskapsforer-lonn'] },
  ],
};

export const findOrg = (orgNo: string, world: World = WORLD) => world.orgs.find((o) => o.orgNo === orgNo);
export const findPerson = (pid: string, world: World = WORLD) => world.persons.find((p) => p.pid === pid);
