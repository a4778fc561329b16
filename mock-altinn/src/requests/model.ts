// System-user requests created by vendors (standard, agent) and change requests
// (altinn-authentication.md §3, §4, §7).
import type { Right } from '../system-register/model.js';

export type RequestStatus = 'New' | 'Accepted' | 'Rejected' | 'Denied' | 'Timedout';
export type ChangeRequestStatus = RequestStatus | 'NoChangeNeeded';

export interface SystemUserRequest {
  id: string;
  kind: 'standard' | 'agent';
  /** The vendor that created it (token consumer). */
  vendorOrgNo: string;
  systemId: string;
  partyOrgNo: string;
  externalRef: string;
  integrationTitle: string;
  rights: Right[];
  accessPackages: { urn: string }[];
  status: RequestStatus;
  redirectUrl?: string;
  escalated: boolean;
  created: string;
  isDeleted: boolean;
  /** Who approved or rejected, when. */
  decidedBy?: { pid: string; at: string };
}

export interface ChangeRequest {
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
  decidedBy?: { pid: string; at: string };
}

export interface RequestState {
  requests: SystemUserRequest[];
  changeRequests: ChangeRequest[];
}
