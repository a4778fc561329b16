// System users (altinn-authentication.md §6): created on approval with id = request id, removed
// only by a soft delete (withdrawal in the portal, or the test-bed's control plane).

export interface SystemUser {
  id: string;
  /** Monotonic sequence, the continuation key of paginated lists. */
  sequenceNo: number;
  integrationTitle: string;
  systemId: string;
  systemInternalId: string;
  /** Owner: the customer, or the facilitator (accounting firm) for an agent. */
  reporteeOrgNo: string;
  /** The owner's party uuid. */
  partyUuid: string;
  /** The vendor (the system's owner). */
  supplierOrgNo: string;
  externalRef: string;
  userType: 'standard' | 'agent';
  /** Agent system users keep their packages here; clients are delegated later. Empty for standard ones. */
  accessPackages: { urn: string }[];
  created: string;
  lastChanged: string;
  isDeleted: boolean;
}

export interface SystemUserState {
  systemUsers: SystemUser[];
  systemUserSequence: number;
}
