// What an ER role gives (authorization.md §3.3): key roles such as daglig leder hold most business
// packages and may hand them on; REGN/REVI give the accountant/auditor packages for that client
// only to use, never to delegate.
import type { ErRoleCode } from '@testbed/common/world';
import { PACKAGES } from './packages.js';

export interface RolePackages {
  packages: string[];
  canDelegate: boolean;
}

/** Key roles (nøkkelroller): may manage access for the organisation. */
export const KEY_ROLES: ReadonlySet<ErRoleCode> = new Set<ErRoleCode>(['DAGL', 'LEDE', 'INNH']);

const GENERAL_AREAS = new Set([
  'accesspackage:area:skatt_avgift_regnskap_og_toll',
  'accesspackage:area:personale',
  'accesspackage:area:miljo_ulykke_og_sikkerhet',
  'accesspackage:area:post_og_arkiv',
  'accesspackage:area:forhold_ved_virksomheten',
]);

const keyRolePackages: RolePackages = {
  packages: [
    ...PACKAGES.filter((p) => GENERAL_AREAS.has(p.area) && p.delegable && p.assignable).map((p) => p.code),
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

/** The ER role's name in Altinn 3 (`urn:altinn:external-role:ccr:<code>`), used for client delegation. */
export const ROLE_URN_CODE: Record<ErRoleCode, string> = {
  DAGL: 'daglig-leder',
  LEDE: 'styreleder',
  INNH: 'innehaver',
  REGN: 'regnskapsforer',
  REVI: 'revisor',
};
