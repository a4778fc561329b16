// Withdrawing a system user (altinn-authentication.md §6.2): only the owner's access manager in the
// portal can, never the vendor. It revokes everything delegated to the system user and soft-deletes
// its request, so the vendor may ask again for the same system, org and external reference.
import { revokeFromSystemUser } from '../access-management/delegation.js';
import { AltinnProblem } from '../problems.js';
import type { AltinnState } from '../state.js';
import { partyFor } from '../requests/approval.js';
import { findSystemUser } from './lookup.js';
import type { SystemUser } from './model.js';

/** Soft-deletes the system user, its delegations (client delegations too) and its request. */
export function retireSystemUser(s: AltinnState, systemUser: SystemUser, now: string): void {
  revokeFromSystemUser(s, systemUser.id);
  systemUser.isDeleted = true;
  systemUser.lastChanged = now;
  const request = s.requests.find((r) => r.id === systemUser.id);
  if (request) request.isDeleted = true;
}

export interface Withdrawal {
  partyId: number;
  systemUserId: string;
  pid: string;
}

/**
 * `DELETE systemuser/{party}/{systemUserId}` by a person who may manage access for the party:
 * false when there is no such system user (404 `0`); AUTH-00024 when another org owns it;
 * AUTH-00036 for an agent (those have their own delete).
 */
export function withdrawSystemUser(s: AltinnState, w: Withdrawal, now: string): boolean {
  const party = partyFor(s, w.partyId, w.pid, 'manage');
  const systemUser = findSystemUser(s, w.systemUserId);
  if (!systemUser) return false;
  if (systemUser.reporteeOrgNo !== party.orgNo) throw new AltinnProblem('AUTH-00024');
  if (systemUser.userType === 'agent') throw new AltinnProblem('AUTH-00036');
  retireSystemUser(s, systemUser, now);
  return true;
}
