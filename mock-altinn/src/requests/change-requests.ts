// Change requests: a vendor asks to add or remove rights and packages on an existing standard
// system user (altinn-authentication.md §7). The vendor's correlation id becomes the id; nothing to
// change answers NoChangeNeeded without storing anything; approval applies only the difference
// between what is asked and what is delegated now. Plain functions over the state, like approval.ts.
import { packagesFrom, rightsFrom, type Holder } from '../access-management/access.js';
import { checkDelegation, delegateToSystemUser, revokeFromSystemUser, type DelegationRequest } from '../access-management/delegation.js';
import { findPackage } from '../access-management/packages.js';
import { AltinnProblem, PlainResult } from '../problems.js';
import { orgByNo } from '../register/parties.js';
import type { AltinnState } from '../state.js';
import type { Right } from '../system-register/model.js';
import { RESOURCE_ATTRIBUTE } from '../system-register/validation.js';
import { partyFor } from './approval.js';
import type { ChangeRequest } from './model.js';
import { statusOf, type RequestTime } from './status.js';
import { checkRedirectUrl, checkRights, checkStandardPackages, customer, vendorSystem } from './validation.js';

/** ChangeRequestSystemUser after binding: every list defaults to empty. */
export interface ChangeRequestBody {
  requiredRights: Right[];
  unwantedRights: Right[];
  requiredAccessPackages: { urn: string }[];
  unwantedAccessPackages: { urn: string }[];
  redirectUrl?: string;
}

export interface ChangeRequestInput {
  correlationId: string;
  systemUserId: string;
  vendorOrgNo?: string;
  body: ChangeRequestBody;
}

export interface ChangeOutcome {
  /** true: stored as New (201); false: NoChangeNeeded or the existing one (200). */
  created: boolean;
  changeRequest: ChangeRequest;
}

/** Creates a change request, in the order of §7.3 (after the correlation-id checks of the route). */
export function createChangeRequest(s: AltinnState, input: ChangeRequestInput, t: RequestTime): ChangeOutcome {
  const { correlationId: id, body, vendorOrgNo } = input;
  if (!vendorOrgNo) throw new PlainResult(401);
  const systemUser = s.systemUsers.find((u) => u.id === input.systemUserId && !u.isDeleted);
  if (!systemUser) throw new AltinnProblem('AUTH-00015');
  if (systemUser.supplierOrgNo !== vendorOrgNo) throw new PlainResult(401);
  const changeRequest: ChangeRequest = {
    id,
    vendorOrgNo,
    systemId: systemUser.systemId,
    systemUserId: systemUser.id,
    partyOrgNo: systemUser.reporteeOrgNo,
    externalRef: systemUser.externalRef,
    ...body,
    status: 'New',
    created: t.now.toISOString(),
    isDeleted: false,
  };
  const lists = [body.requiredRights, body.unwantedRights, body.requiredAccessPackages, body.unwantedAccessPackages];
  if (lists.every((l) => l.length === 0)) return { created: false, changeRequest: { ...changeRequest, status: 'NoChangeNeeded' } };
  const existing = s.changeRequests.find((cr) => cr.id === id);
  if (existing && !existing.isDeleted && existing.vendorOrgNo === vendorOrgNo) return { created: false, changeRequest: existing };
  // The id is another vendor's or a deleted change request's: the real insert hits the primary key.
  if (existing) throw new AltinnProblem('AUTH-00061');
  if (systemUser.userType === 'agent') throw new AltinnProblem('AUTH-00015');
  const system = vendorSystem(s, systemUser.systemId, vendorOrgNo);
  customer(s, systemUser.reporteeOrgNo);
  checkRedirectUrl(system, body.redirectUrl);
  checkRights(system, body.requiredRights);
  checkStandardPackages(system, body.requiredAccessPackages);
  s.changeRequests.push(changeRequest);
  return { created: true, changeRequest };
}

export const findChangeRequest = (s: Readonly<AltinnState>, id: string): ChangeRequest => {
  const changeRequest = s.changeRequests.find((cr) => cr.id === id.toLowerCase() && !cr.isDeleted);
  if (!changeRequest) throw new AltinnProblem('AUTH-00010');
  return changeRequest;
};

/** A person acting on a change request for a party. */
export interface ChangeDecider {
  changeRequestId: string;
  partyId: number;
  pid: string;
}

function pendingChange(s: Readonly<AltinnState>, d: ChangeDecider, t: RequestTime) {
  const party = partyFor(s, d.partyId, d.pid, 'manage');
  const changeRequest = findChangeRequest(s, d.changeRequestId);
  if (changeRequest.partyOrgNo !== party.orgNo) throw new AltinnProblem('AUTH-00041');
  if (statusOf(changeRequest, t) !== 'New') throw new AltinnProblem('AUTH-00013');
  return { party, changeRequest };
}

const resourceOf = (r: Right) => r.resource.find((p) => p.id === RESOURCE_ATTRIBUTE)?.value;

/** What the change request would add and remove, given what the system user holds now. */
export function changeDifference(s: Readonly<AltinnState>, cr: ChangeRequest): { add: DelegationRequest; remove: DelegationRequest } {
  const holder: Holder = { kind: 'systemUser', id: cr.systemUserId };
  const rights = rightsFrom(s, holder, cr.partyOrgNo);
  const packages = new Set(packagesFrom(s, holder, cr.partyOrgNo).map((p) => p.code));
  const delegated = (r: Right) => rights.some((d) => d.resource === resourceOf(r) && (r.action === undefined || d.actions.includes(r.action)));
  const held = (p: { urn: string }) => packages.has(findPackage(p.urn)?.code ?? p.urn);
  return {
    add: { rights: cr.requiredRights.filter((r) => !delegated(r)), accessPackages: cr.requiredAccessPackages.filter((p) => !held(p)) },
    remove: { rights: cr.unwantedRights.filter(delegated), accessPackages: cr.unwantedAccessPackages.filter(held) },
  };
}

/**
 * Approves: the rights and packages to add must pass the delegation check as the person (AUTH-00001,
 * all failures in `failures`); adding what is there and removing what is not are no-ops.
 */
export function approveChangeRequest(s: AltinnState, d: ChangeDecider, t: RequestTime): void {
  const { party, changeRequest } = pendingChange(s, d, t);
  if (!s.systemUsers.some((u) => u.id === changeRequest.systemUserId && !u.isDeleted)) throw new AltinnProblem('AUTH-00015');
  const { add, remove } = changeDifference(s, changeRequest);
  const failures = checkDelegation(s, d.pid, party.orgNo, add);
  if (failures.length) throw new AltinnProblem('AUTH-00001', { failures }, failures[0]!.detail);
  const now = t.now.toISOString();
  delegateToSystemUser(s, party.orgNo, changeRequest.systemUserId, add, now);
  revokeFromSystemUser(s, changeRequest.systemUserId, remove);
  changeRequest.status = 'Accepted';
  changeRequest.decidedBy = { pid: d.pid, at: now };
}

export function rejectChangeRequest(s: AltinnState, d: ChangeDecider, t: RequestTime): void {
  const { changeRequest } = pendingChange(s, d, t);
  changeRequest.status = 'Rejected';
  changeRequest.decidedBy = { pid: d.pid, at: t.now.toISOString() };
}

/** `GET changerequest/{id}` for the approval page: any logged-in person may read it. */
export function changeRequestForPerson(s: Readonly<AltinnState>, id: string) {
  const changeRequest = findChangeRequest(s, id);
  const party = orgByNo(s, changeRequest.partyOrgNo);
  if (!party) throw new AltinnProblem('AUTH-00000');
  return { changeRequest, party };
}

/** `GET changerequest/{party}/{id}`: the change request when it is the party's. */
export function changeRequestForParty(s: Readonly<AltinnState>, d: ChangeDecider) {
  const party = partyFor(s, d.partyId, d.pid, 'relate');
  const changeRequest = findChangeRequest(s, d.changeRequestId);
  if (changeRequest.partyOrgNo !== party.orgNo) throw new AltinnProblem('AUTH-00010');
  return { changeRequest, party };
}
