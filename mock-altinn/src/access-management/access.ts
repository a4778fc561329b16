// Who holds what for an organisation, computed from the register and access management's records:
// packages through ER roles and delegations, single rights, and whether a person may manage access.
// Pure functions over state, so approval, the PDP and the pages all reason the same way.
import type { ErRoleCode } from '@testbed/common/world';
import type { RegisterState } from '../register/model.js';
import { orgByNo, partyKey } from '../register/parties.js';
import type { AccessState } from './model.js';
import { KEY_ROLES, ROLE_PACKAGES } from './roles.js';

type State = Readonly<RegisterState & AccessState>;

/** A person, an organisation, or a system user (by id), as a holder of access. */
export type Holder = { kind: 'person'; pid: string } | { kind: 'org'; orgNo: string } | { kind: 'systemUser'; id: string };

export interface HeldPackage {
  code: string;
  canDelegate: boolean;
  /** How it is held: `role:DAGL`, `delegation`, `client:regnskapsforer`. */
  via: string;
}

const holderKey = (h: Holder) => (h.kind === 'person' ? h.pid : h.kind === 'org' ? h.orgNo : h.id);

function holderUuid(s: State, h: Holder): string | undefined {
  if (h.kind === 'systemUser') return h.id;
  return s.parties.find((p) => partyKey(p) === holderKey(h))?.partyUuid;
}

/** ER roles the holder has for the org. System users never have ER roles. */
export function erRolesFor(s: State, holder: Holder, orgNo: string): ErRoleCode[] {
  if (holder.kind === 'systemUser') return [];
  return s.erRoles.filter((r) => r.org === orgNo && r.holder === holderKey(holder)).map((r) => r.role);
}

/** Packages the holder has from the org: through ER roles, delegations, or client delegations. */
export function packagesFrom(s: State, holder: Holder, orgNo: string): HeldPackage[] {
  const org = orgByNo(s, orgNo);
  if (!org) return [];
  const held = new Map<string, HeldPackage>();
  const add = (p: HeldPackage) => {
    const existing = held.get(p.code);
    if (!existing || (p.canDelegate && !existing.canDelegate)) held.set(p.code, p);
  };
  for (const role of erRolesFor(s, holder, orgNo)) {
    const { packages, canDelegate } = ROLE_PACKAGES[role];
    for (const code of packages) add({ code, canDelegate, via: `role:${role}` });
  }
  const to = holderUuid(s, holder);
  if (to) {
    for (const d of s.packageDelegations) {
      if (d.from !== org.partyUuid || d.to !== to) continue;
      add({ code: d.package, canDelegate: false, via: d.role === 'agent' ? `client:${d.facilitatorRole ?? 'agent'}` : 'delegation' });
    }
  }
  return [...held.values()];
}

/** Resources and actions delegated directly to the holder by the org. */
export function rightsFrom(s: State, holder: Holder, orgNo: string): { resource: string; actions: string[] }[] {
  const org = orgByNo(s, orgNo);
  const to = holderUuid(s, holder);
  if (!org || !to) return [];
  return s.rightDelegations.filter((d) => d.from === org.partyUuid && d.to === to).map((d) => ({ resource: d.resource, actions: d.actions }));
}

/**
 * May the person manage access for the org (approve system users)? Daglig leder and the other key
 * roles, a main administrator, or an access manager (tilgangsstyrer).
 */
export function mayManageAccess(s: State, pid: string, orgNo: string): boolean {
  const person: Holder = { kind: 'person', pid };
  if (erRolesFor(s, person, orgNo).some((r) => KEY_ROLES.has(r))) return true;
  return packagesFrom(s, person, orgNo).some((p) => p.code === 'tilgangsstyrer' || p.code === 'hovedadministrator');
}

/** How the person relates to the org: may manage access, has some relation (may escalate), or none. */
export function relationTo(s: State, pid: string, orgNo: string): 'manager' | 'related' | 'none' {
  if (mayManageAccess(s, pid, orgNo)) return 'manager';
  const person: Holder = { kind: 'person', pid };
  return erRolesFor(s, person, orgNo).length > 0 || packagesFrom(s, person, orgNo).length > 0 ? 'related' : 'none';
}

/** Organisations the person may manage access for (for the "system accesses" pages). */
export function orgsManagedBy(s: State, pid: string): string[] {
  const orgs = s.parties.filter((p) => p.type === 'Organisation').map((p) => partyKey(p));
  return orgs.filter((orgNo) => mayManageAccess(s, pid, orgNo));
}
