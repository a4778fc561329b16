// A vendor creates a system-user request (altinn-authentication.md §3.4, §4.2), in the real order:
// the vendor from the token, an existing system user with the key (AUTH-00004), an existing
// request with the key (200 with it, whatever its status), then validation, then a new request.
import { randomUUID } from 'node:crypto';
import { AltinnProblem } from '../problems.js';
import type { AltinnState } from '../state.js';
import type { Right } from '../system-register/model.js';
import { findSystem } from '../system-register/register.js';
import type { RequestKind, SystemUserRequest } from './model.js';
import { statusOf, type RequestTime } from './status.js';
import {
  checkAgentPackages,
  checkRedirectUrl,
  checkRights,
  checkStandardPackages,
  customer,
  liveSystemUser,
  sameKey,
  vendorSystem,
  type ExternalRequestId,
} from './validation.js';

/** CreateRequestSystemUser / CreateAgentRequestSystemUser after binding (agent requests have no rights). */
export interface RequestBody {
  systemId: string;
  partyOrgNo: string;
  externalRef?: string;
  integrationTitle?: string;
  rights?: Right[] | null;
  accessPackages?: { urn: string }[] | null;
  redirectUrl?: string;
}

export interface CreateOutcome {
  /** false: an existing request with the key was returned (200), true: a new one (201). */
  created: boolean;
  request: SystemUserRequest;
}

export const keyOf = (body: { systemId: string; partyOrgNo: string; externalRef?: string | undefined }): ExternalRequestId => ({
  systemId: body.systemId,
  partyOrgNo: body.partyOrgNo,
  externalRef: body.externalRef || body.partyOrgNo,
});

/** The vendor's non-deleted request of this kind with the key that is still pending in the platform's eyes. */
function existingRequest(s: Readonly<AltinnState>, kind: RequestKind, key: ExternalRequestId, vendorOrgNo: string, t: RequestTime) {
  return s.requests.find(
    (r) =>
      !r.isDeleted &&
      r.kind === kind &&
      sameKey(r, key) &&
      findSystem(s, r.systemId)?.vendorOrgNo === vendorOrgNo &&
      statusOf(r, t) !== 'Timedout',
  );
}

/** Standard: rights and packages both null → AUTH-00001, both empty → AUTH-00059, then each checked against the system. */
function checkStandardContents(s: Readonly<AltinnState>, body: RequestBody, vendorOrgNo: string) {
  const system = vendorSystem(s, body.systemId, vendorOrgNo);
  customer(s, body.partyOrgNo);
  checkRedirectUrl(system, body.redirectUrl);
  if (body.rights == null && body.accessPackages == null) throw new AltinnProblem('AUTH-00001');
  const rights = body.rights ?? [];
  const accessPackages = body.accessPackages ?? [];
  if (rights.length === 0 && accessPackages.length === 0) throw new AltinnProblem('AUTH-00059');
  checkRights(system, rights);
  checkStandardPackages(system, accessPackages);
  return { system, rights, accessPackages };
}

function checkAgentContents(s: Readonly<AltinnState>, body: RequestBody, vendorOrgNo: string) {
  const system = vendorSystem(s, body.systemId, vendorOrgNo);
  customer(s, body.partyOrgNo);
  checkRedirectUrl(system, body.redirectUrl);
  const accessPackages = body.accessPackages ?? [];
  checkAgentPackages(system, accessPackages);
  return { system, rights: [], accessPackages };
}

/** Creates a request of `kind`, or finds the existing one; throws the AUTH problem otherwise. */
export function createRequest(s: AltinnState, kind: RequestKind, body: RequestBody, vendorOrgNo: string | undefined, t: RequestTime): CreateOutcome {
  if (!vendorOrgNo) throw new AltinnProblem('AUTH-00023');
  const key = keyOf(body);
  if (liveSystemUser(s, key)) throw new AltinnProblem('AUTH-00004');
  const existing = existingRequest(s, kind, key, vendorOrgNo, t);
  if (existing) return { created: false, request: existing };
  const { system, rights, accessPackages } = kind === 'agent' ? checkAgentContents(s, body, vendorOrgNo) : checkStandardContents(s, body, vendorOrgNo);
  const integrationTitle = body.integrationTitle || system.name.nb;
  const request: SystemUserRequest = {
    id: randomUUID(),
    kind,
    vendorOrgNo,
    systemId: body.systemId,
    partyOrgNo: body.partyOrgNo,
    externalRef: key.externalRef,
    ...(integrationTitle ? { integrationTitle } : {}),
    rights,
    accessPackages,
    status: 'New',
    ...(body.redirectUrl ? { redirectUrl: body.redirectUrl } : {}),
    escalated: false,
    created: t.now.toISOString(),
    isDeleted: false,
  };
  s.requests.push(request);
  return { created: true, request };
}
