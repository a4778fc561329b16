// System-user requests created by vendors (standard, agent) and change requests
// (altinn-authentication.md §3, §4, §7). Statuses are stored as the platform writes them; whether a
// request has timed out is worked out from `created` on the mock clock (status.ts).
import type { Right } from '../system-register/model.js';

export type RequestStatus = 'New' | 'Accepted' | 'Rejected' | 'Denied' | 'Timedout';
export type ChangeRequestStatus = RequestStatus | 'NoChangeNeeded';
export type RequestKind = 'standard' | 'agent';

/** Who approved or rejected, when. */
export interface Decision {
  pid: string;
  at: string;
}

export interface SystemUserRequest {
  /** Becomes the system user's id on approval. */
  id: string;
  kind: RequestKind;
  /** The vendor that created it (token consumer). */
  vendorOrgNo: string;
  systemId: string;
  /** The customer (standard) or the facilitator (agent). */
  partyOrgNo: string;
  /** Defaults to `partyOrgNo`. */
  externalRef: string;
  /** Defaults to the system's `name.nb`. */
  integrationTitle?: string;
  /** Always empty for agent requests. */
  rights: Right[];
  accessPackages: { urn: string }[];
  status: RequestStatus;
  redirectUrl?: string;
  escalated: boolean;
  created: string;
  isDeleted: boolean;
  decidedBy?: Decision;
}

export interface ChangeRequest {
  /** The vendor's correlation id. */
  id: string;
  vendorOrgNo: string;
  systemId: string;
  systemUserId: string;
  partyOrgNo: string;
  externalRef: string;
  requiredRights: Right[];
  unwantedRights: Right[];
  requiredAccessPackages: { urn: string }[];
  unwantedAccessPackages: { urn: string }[];
  status: ChangeRequestStatus;
  redirectUrl?: string;
  created: string;
  isDeleted: boolean;
  decidedBy?: Decision;
}

export interface RequestState {
  requests: SystemUserRequest[];
  changeRequests: ChangeRequest[];
}
