// What request endpoints answer (altinn-authentication.md §3.3, §4.2, §7.2): the vendor's
// RequestSystemResponse (agent: without `rights`), the portal's internal variant with party ids,
// and the change-request response. `confirmUrl` is rebuilt on every vendor response; absent
// members are left out, never null.
import type { OrgParty } from '../register/model.js';
import type { ChangeRequest, SystemUserRequest } from './model.js';
import { isTimedOut, statusOf, type RequestTime } from './status.js';

export type ApprovalPage = 'request' | 'agentrequest' | 'changerequest';

/** The approval page a vendor sends the customer to. */
export const confirmUrl = (altinnUrl: string, page: ApprovalPage, id: string) =>
  `${altinnUrl}/accessmanagement/ui/systemuser/${page}?id=${id}&DONTCHOOSEREPORTEE=true`;

const common = (r: SystemUserRequest) => ({
  id: r.id,
  integrationTitle: r.integrationTitle,
  externalRef: r.externalRef,
  systemId: r.systemId,
  partyOrgNo: r.partyOrgNo,
});

const state = (r: SystemUserRequest, t: RequestTime) => ({
  status: statusOf(r, t),
  redirectUrl: r.redirectUrl,
});

/** RequestSystemResponse; `confirm` is absent on the portal's reads. */
export function requestResponse(r: SystemUserRequest, t: RequestTime, confirm?: string) {
  return {
    ...common(r),
    rights: r.rights,
    accessPackages: r.accessPackages,
    ...state(r, t),
    confirmUrl: confirm,
    escalated: r.escalated,
    created: r.created,
    timedOut: isTimedOut(r.created, t),
  };
}

/** AgentRequestSystemResponse: the standard response without `rights`. */
export function agentRequestResponse(r: SystemUserRequest, t: RequestTime, confirm?: string) {
  const { rights: _rights, ...rest } = requestResponse(r, t, confirm);
  return rest;
}

/** RequestSystemResponseInternal: for the approval page, with the party and what the person may do. */
export function internalRequestResponse(r: SystemUserRequest, party: OrgParty, mayOnlyEscalate: boolean, t: RequestTime) {
  return {
    ...common(r),
    partyId: party.partyId,
    partyUuid: party.partyUuid,
    rights: r.rights,
    accessPackages: r.accessPackages,
    ...state(r, t),
    escalated: r.escalated,
    created: r.created,
    timedOut: isTimedOut(r.created, t),
    userMayEscalateButNotApprove: mayOnlyEscalate,
    systemUserType: r.kind,
  };
}

/** ChangeRequestResponse; `confirmUrl` is "" for a NoChangeNeeded answer. */
export function changeRequestResponse(cr: ChangeRequest, t: RequestTime, confirm: string | undefined) {
  return {
    id: cr.id,
    externalRef: cr.externalRef,
    systemId: cr.systemId,
    systemUserId: cr.systemUserId,
    partyOrgNo: cr.partyOrgNo,
    requiredRights: cr.requiredRights,
    unwantedRights: cr.unwantedRights,
    requiredAccessPackages: cr.requiredAccessPackages,
    unwantedAccessPackages: cr.unwantedAccessPackages,
    status: statusOf(cr, t),
    redirectUrl: cr.redirectUrl,
    confirmUrl: cr.status === 'NoChangeNeeded' ? '' : confirm,
    created: cr.created,
    timedOut: isTimedOut(cr.created, t),
  };
}

/** ChangeRequestResponseInternal: for the approval page, with the party id (a string there). */
export function internalChangeRequestResponse(cr: ChangeRequest, party: OrgParty, t: RequestTime) {
  const { confirmUrl: _confirm, timedOut: _timedOut, created: _created, ...rest } = changeRequestResponse(cr, t, undefined);
  return { ...rest, partyId: String(party.partyId) };
}
