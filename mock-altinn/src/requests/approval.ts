// A person decides on a system-user request (altinn-authentication.md §3.6, §4.3, §5): read it,
// approve, reject or escalate. Plain functions over the state, for the portal API and the approval
// pages alike; run the mutating ones inside `ctx.store.update`. The checks come in the platform's
// order: the person's access to the party (403), the request (404), the party match (403), the
// status (409), then the contents again and the delegation check as that person.
import { mayManageAccess, relationTo } from '../access-management/access.js';
import { checkDelegation, delegateToSystemUser } from '../access-management/delegation.js';
import { AltinnProblem, PlainResult, type AuthCode } from '../problems.js';
import type { OrgParty } from '../register/model.js';
import { orgByNo, partyById } from '../register/parties.js';
import type { AltinnState } from '../state.js';
import type { SystemUser } from '../system-users/model.js';
import type { RequestKind, SystemUserRequest } from './model.js';
import { statusOf, type RequestTime } from './status.js';
import { checkAgentPackages, checkRights, checkStandardPackages, liveSystemUser, vendorSystem } from './validation.js';
import { internalRequestResponse } from './views.js';

/** A person acting on a request for a party (`partyId` as in the portal's routes). */
export interface Decider {
  requestId: string;
  partyId: number;
  pid: string;
  kind: RequestKind;
}

const CODES: Record<RequestKind, { notFound: AuthCode; partyMismatch: AuthCode }> = {
  standard: { notFound: 'AUTH-00010', partyMismatch: 'AUTH-00041' },
  agent: { notFound: 'AUTH-00030', partyMismatch: 'AUTH-00042' },
};

/**
 * The organisation behind a party id, when the person may act for it: `manage` needs the right to
 * manage access (access management's write policy, 403 empty), `relate` any relation (AUTH-00066).
 */
export function partyFor(s: Readonly<AltinnState>, partyId: number, pid: string, need: 'manage' | 'relate'): OrgParty {
  const party = partyById(s, partyId);
  const org = party?.type === 'Organisation' ? party : undefined;
  const allowed = org && (need === 'manage' ? mayManageAccess(s, pid, org.orgNo) : relationTo(s, pid, org.orgNo) !== 'none');
  if (!org || !allowed) throw need === 'manage' ? new PlainResult(403) : new AltinnProblem('AUTH-00066');
  return org;
}

/** A non-deleted request of the kind; an agent route on a standard request is AUTH-00025. */
export function findRequest(s: Readonly<AltinnState>, requestId: string, kind: RequestKind): SystemUserRequest {
  const request = s.requests.find((r) => r.id === requestId.toLowerCase() && !r.isDeleted);
  if (request && kind === 'agent' && request.kind === 'standard') throw new AltinnProblem('AUTH-00025');
  if (!request || request.kind !== kind) throw new AltinnProblem(CODES[kind].notFound);
  return request;
}

/** The request a person may decide on now, for the party. */
function pendingFor(s: Readonly<AltinnState>, d: Decider, party: OrgParty, t: RequestTime): SystemUserRequest {
  const request = findRequest(s, d.requestId, d.kind);
  if (request.partyOrgNo !== party.orgNo) throw new AltinnProblem(CODES[d.kind].partyMismatch);
  if (statusOf(request, t) !== 'New') throw new AltinnProblem('AUTH-00013');
  return request;
}

/**
 * `GET systemuser/request/{id}` (and `…/agent/{id}`) for a logged-in person: the request with its
 * party ids and whether the person can only escalate; 403 AUTH-00066 without any relation.
 */
export function requestForPerson(s: Readonly<AltinnState>, requestId: string, pid: string, kind: RequestKind, t: RequestTime) {
  const request = findRequest(s, requestId, kind);
  const party = orgByNo(s, request.partyOrgNo);
  if (!party) throw new AltinnProblem('AUTH-00000');
  const relation = relationTo(s, pid, party.orgNo);
  if (relation === 'none') throw new AltinnProblem('AUTH-00066');
  return internalRequestResponse(request, party, relation === 'related', t);
}

/** `GET systemuser/request/{party}/{id}`: the request when it is the party's (AUTH-00010/-00030 otherwise). */
export function requestForParty(s: Readonly<AltinnState>, d: Decider): SystemUserRequest {
  const party = partyFor(s, d.partyId, d.pid, 'relate');
  const request = findRequest(s, d.requestId, d.kind);
  if (request.partyOrgNo !== party.orgNo) throw new AltinnProblem(CODES[d.kind].notFound);
  return request;
}

/**
 * Approves: re-validates the contents against the system, checks that the person may delegate
 * every right and package (standard; the first failure's code, all failures in `failures`),
 * creates the system user with id = request id, delegates to it, and marks the request Accepted.
 * An agent system user keeps its packages; clients are added afterwards.
 */
export function approveRequest(s: AltinnState, d: Decider, t: RequestTime): SystemUser {
  const party = partyFor(s, d.partyId, d.pid, 'manage');
  const request = pendingFor(s, d, party, t);
  const system = vendorSystem(s, request.systemId, request.vendorOrgNo);
  const systemName = system.name.nb;
  if (!systemName) throw new AltinnProblem('AUTH-00017');
  if (liveSystemUser(s, request)) throw new AltinnProblem('AUTH-00004');
  const now = t.now.toISOString();
  if (request.kind === 'agent') {
    checkAgentPackages(system, request.accessPackages);
  } else {
    checkRights(system, request.rights);
    checkStandardPackages(system, request.accessPackages);
    const failures = checkDelegation(s, d.pid, party.orgNo, request);
    if (failures.length) throw new AltinnProblem(failures[0]!.code, { failures }, failures[0]!.detail);
    delegateToSystemUser(s, party.orgNo, request.id, request, now);
  }
  s.systemUserSequence += 1;
  const systemUser: SystemUser = {
    id: request.id,
    sequenceNo: s.systemUserSequence,
    integrationTitle: request.integrationTitle ?? systemName,
    systemId: system.id,
    systemInternalId: system.internalId,
    reporteeOrgNo: party.orgNo,
    partyUuid: party.partyUuid,
    supplierOrgNo: system.vendorOrgNo,
    externalRef: request.externalRef,
    userType: request.kind,
    accessPackages: request.kind === 'agent' ? request.accessPackages : [],
    created: now,
    lastChanged: now,
    isDeleted: false,
  };
  s.systemUsers.push(systemUser);
  request.status = 'Accepted';
  request.decidedBy = { pid: d.pid, at: now };
  return systemUser;
}

/** Rejects: status Rejected; re-posting the request then returns it as Rejected (§3.4). */
export function rejectRequest(s: AltinnState, d: Decider, t: RequestTime): void {
  const party = partyFor(s, d.partyId, d.pid, 'manage');
  const request = pendingFor(s, d, party, t);
  request.status = 'Rejected';
  request.decidedBy = { pid: d.pid, at: t.now.toISOString() };
}

/** Escalates: a person with some relation but no right to approve hands it to the access managers. */
export function escalateRequest(s: AltinnState, d: Decider, t: RequestTime): void {
  const party = partyFor(s, d.partyId, d.pid, 'relate');
  pendingFor(s, d, party, t).escalated = true;
}

/** `GET systemuser/request/{party}/{orgno}/pending`: the org's pending requests of the kind, for an access manager. */
export function pendingRequests(s: Readonly<AltinnState>, partyId: number, orgNo: string, pid: string, kind: RequestKind, t: RequestTime): SystemUserRequest[] {
  const party = partyFor(s, partyId, pid, 'manage');
  if (party.orgNo !== orgNo) throw new AltinnProblem(CODES[kind].partyMismatch);
  return s.requests.filter((r) => !r.isDeleted && r.kind === kind && r.partyOrgNo === orgNo && statusOf(r, t) === 'New');
}
