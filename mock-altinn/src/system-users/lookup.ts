// Finding system users (altinn-authentication.md §6.2): Maskinporten's lookup by client id, the
// vendor's lookup by system, org and external reference, and an owner's list.
import type { AltinnState } from '../state.js';
import { findSystem } from '../system-register/register.js';
import type { SystemUser } from './model.js';

const live = (s: Readonly<AltinnState>) => s.systemUsers.filter((u) => !u.isDeleted);

export interface ExternalIdQuery {
  clientId: string;
  systemProviderOrgNo: string;
  systemUserOwnerOrgNo: string;
  /** Defaults to the owner's org number. */
  externalRef?: string;
}

/**
 * `byExternalId`: a live system user on a live system that lists the client id (any case), made
 * by the given vendor, owned by the given org, with the external reference.
 */
export function byExternalId(s: Readonly<AltinnState>, q: ExternalIdQuery): SystemUser | undefined {
  const externalRef = q.externalRef || q.systemUserOwnerOrgNo;
  const clientId = q.clientId.toLowerCase();
  return live(s).find((u) => {
    const system = findSystem(s, u.systemId);
    return (
      !!system &&
      !system.isDeleted &&
      system.vendorOrgNo === q.systemProviderOrgNo &&
      system.clientId.some((c) => c.toLowerCase() === clientId) &&
      u.reporteeOrgNo === q.systemUserOwnerOrgNo &&
      u.externalRef === externalRef
    );
  });
}

/** `vendor/byquery`: the vendor's live system user for system, org and external reference (default the org). */
export function byQuery(s: Readonly<AltinnState>, vendorOrgNo: string, systemId: string, orgNo: string, externalRef?: string): SystemUser | undefined {
  const ref = externalRef || orgNo;
  return live(s).find((u) => u.systemId === systemId && u.reporteeOrgNo === orgNo && u.externalRef === ref && findSystem(s, systemId)?.vendorOrgNo === vendorOrgNo);
}

/** Live system users of a system, in sequence order (the vendor's paginated list). */
export const bySystem = (s: Readonly<AltinnState>, systemId: string): SystemUser[] =>
  live(s)
    .filter((u) => u.systemId === systemId)
    .sort((a, b) => a.sequenceNo - b.sequenceNo);

/** Live system users an organisation owns. */
export const ownedBy = (s: Readonly<AltinnState>, orgNo: string): SystemUser[] => live(s).filter((u) => u.reporteeOrgNo === orgNo);

export const findSystemUser = (s: Readonly<AltinnState>, id: string): SystemUser | undefined =>
  live(s).find((u) => u.id === id.toLowerCase());
