// What an ER role gives (authorization.md §3.3): key roles such as daglig leder hold most business
// packages and may hand them on; REGN/REVI give the accountant/auditor packages for that client
// only to use, never to delegate. Also the roles' metadata (fixed ids, Altinn 3 codes and names).
import type { ErRoleCode } from '@testbed/common/world';
import { areaOf, PACKAGES } from './packages.js';

export interface RolePackages {
  packages: string[];
  canDelegate: boolean;
}

/** Key roles (nøkkelroller): may manage access for the organisation. */
export const KEY_ROLES: ReadonlySet<ErRoleCode> = new Set<ErRoleCode>(['DAGL', 'LEDE', 'INNH']);

/**
 * Every delegable, assignable package of the General and Industry areas (about 130, as daglig
 * leder holds in production), plus the administration packages a key role may hand on.
 */
const keyRolePackages: RolePackages = {
  packages: [
    ...PACKAGES.filter((p) => areaOf(p).group !== 'Special' && p.delegable && p.assignable).map((p) => p.code),
    'tilgangsstyrer',
    'klientadministrator',
    'maskinporten-administrator',
  ],
  canDelegate: true,
};

export const ROLE_PACKAGES: Record<ErRoleCode, RolePackages> = {
  DAGL: keyRolePackages,
  LEDE: keyRolePackages,
  INNH: keyRolePackages,
  REGN: {
    packages: ['regnskapsforer-med-signeringsrettighet', 'regnskapsforer-uten-signeringsrettighet', 'regnskapsforer-lonn'],
    canDelegate: false,
  },
  REVI: { packages: ['ansvarlig-revisor', 'revisormedarbeider'], canDelegate: false },
};

export interface RoleInfo {
  id: string;
  /** Altinn 3 code (`daglig-leder`); the URN is built from it and the provider. */
  code: string;
  urn: string;
  /** The ER code (`DAGL`) for Enhetsregisteret roles; absent for Altinn's own roles. */
  erCode?: ErRoleCode;
  name: { nb: string; en: string };
  description: { nb: string; en: string };
  isKeyRole: boolean;
  provider: { name: string; code: string };
}

const CCR = { name: 'Enhetsregisteret', code: 'sys-ccr' };
const ALTINN3 = { name: 'Altinn 3', code: 'sys-altinn3' };

/** An Enhetsregisteret role when `erCode` is given, else one of Altinn's own. */
const role = (id: string, code: string, name: [nb: string, en: string], description: [nb: string, en: string], erCode?: ErRoleCode): RoleInfo => ({
  id,
  code,
  urn: erCode ? `urn:altinn:external-role:ccr:${code}` : `urn:altinn:role:${code}`,
  ...(erCode ? { erCode } : {}),
  name: { nb: name[0], en: name[1] },
  description: { nb: description[0], en: description[1] },
  isKeyRole: erCode !== undefined && KEY_ROLES.has(erCode),
  provider: erCode ? CCR : ALTINN3,
});

/** The roles of the seeded world and Altinn's delegation roles, with their fixed ids (authorization.md §3.3). */
export const ROLES: RoleInfo[] = [
  role('55bd7d4d-08dd-46ee-ac8e-3a44d800d752', 'daglig-leder', ['Daglig leder', 'Managing Director'], [
    'Fysisk- eller juridisk person som har ansvaret for den daglige driften i en virksomhet',
    'An individual or legal entity responsible for the daily operations of a business',
  ], 'DAGL'),
  role('9e5d3acf-cef7-4bbe-b101-8e9ab7b8b3e4', 'styreleder', ['Styrets leder', 'Chair of the Board'], [
    'Fysisk- eller juridisk person som er styremedlem og leder et styre',
    'An individual or legal entity who is a board member and chairs the board',
  ], 'LEDE'),
  role('2651ed07-f31b-4bc1-87bd-4d270742a19d', 'innehaver', ['Innehaver', 'Owner'], [
    'Fysisk person som er eier av et enkeltpersonforetak',
    'An individual who is the owner of a sole proprietorship',
  ], 'INNH'),
  role('46e27685-b3ba-423e-8b42-faab54de5817', 'regnskapsforer', ['Regnskapsfører', 'Accountant'], [
    'Fysisk- eller juridisk person som fører regnskapet for en virksomhet',
    'An individual or legal entity who keeps the accounts of a business',
  ], 'REGN'),
  role('f76b997a-9bd8-4f7b-899f-fcd85d35669f', 'revisor', ['Revisor', 'Auditor'], [
    'Fysisk- eller juridisk person som er revisor for en virksomhet',
    'An individual or legal entity who audits a business',
  ], 'REVI'),
  role('42cae370-2dc1-4fdc-9c67-c2f4b0f0f829', 'rettighetshaver', ['Rettighetshaver', 'Rightholder'], [
    'Har fått tilgang delegert i Altinn',
    'Has been given access by delegation in Altinn',
  ]),
  role('ff4c33f5-03f7-4445-85ed-1e60b8aafb30', 'agent', ['Agent', 'Agent'], [
    'Har fått klienttilgang fra en tjenestetilbyder',
    'Has been given client access by a service provider',
  ]),
];

export const roleByErCode = (code: ErRoleCode): RoleInfo => ROLES.find((r) => r.erCode === code)!;

/** The ER role's name in Altinn 3 (`urn:altinn:external-role:ccr:<code>`), used for client delegation. */
export const ROLE_URN_CODE = Object.fromEntries(
  ROLES.filter((r) => r.erCode).map((r) => [r.erCode, r.code]),
) as Record<ErRoleCode, string>;

/**
 * Roles through which a facilitator may hand a client's packages to an agent system user
 * (authentication's `validClientRoles`); the ones the seeded world has are REGN, REVI and delegations.
 */
export const CLIENT_ROLES: ReadonlySet<string> = new Set([
  'regnskapsforer',
  'revisor',
  'forretningsforer',
  'rettighetshaver',
  'deltaker-delt-ansvar',
  'deltaker-fullt-ansvar',
]);
