// Delegation to a standard system user: the check made as the approving person, the delegation
// itself, and revoking it (altinn-authentication.md §5 step 5). Pure functions over state, so
// approval can run them inside one `store.update`.
//
// The check, per right (resource + action; no action = every action of the policy):
//   AUTH-00001  the right names no resource, or the resource, its policy or the action is unknown
//   AUTH-00071  the resource is a Maskinporten schema (delegated in Maskinporten, not here)
//   AUTH-00070  the resource is not delegable
//   AUTH-00069  the resource requires an access list and the organisation is not on one
//   AUTH-00018  the person has the right only through something delegated to them (a package or a
//               single right), which they may not hand on
//   AUTH-00016  otherwise, when no Permit rule matches a key ER role (`urn:altinn:rolecode`) of
//               theirs or a package they hold with the right to delegate it
// and per access package:
//   AUTH-00064  unknown, not delegable, or a client package (those arise from ER roles and go to
//               agent system users only)
//   AUTH-00053  the person does not hold the package with the right to delegate it
import { randomUUID } from 'node:crypto';
import { evaluate, policyActions, type Attributes, type Policy } from '../authorization/policy.js';
import { RESOURCE_ID } from '../authorization/xacml.js';
import { AltinnProblem, type AuthCode } from '../problems.js';
import type { OrgParty } from '../register/model.js';
import { orgByNo } from '../register/parties.js';
import { onAccessList, requiresAccessList } from '../resource-registry/access-list-authorization.js';
import { policyOf, resourceById } from '../resource-registry/lookup.js';
import type { AltinnState } from '../state.js';
import type { Right } from '../system-register/model.js';
import { erRolesFor, packagesFrom, rightsFrom, type HeldPackage, type Holder } from './access.js';
import { ACCESS_PACKAGE, ROLE_CODE } from './attributes.js';
import { findPackage } from './packages.js';
import { KEY_ROLES } from './roles.js';

export interface DelegationRequest {
  rights: Right[];
  accessPackages: { urn: string }[];
}

export interface DelegationFailure {
  code: AuthCode;
  resource?: string;
  package?: string;
  detail: string;
}

const resourceOfRight = (right: Right) => right.resource.find((r) => r.id === RESOURCE_ID)?.value;

function resourceAttributes(resourceId: string, org: OrgParty | undefined): Attributes {
  const attrs: Attributes = new Map([[RESOURCE_ID, [resourceId]]]);
  if (org) {
    attrs.set('urn:altinn:partyid', [String(org.partyId)]);
    attrs.set('urn:altinn:party:uuid', [org.partyUuid]);
    attrs.set('urn:altinn:organization:identifier-no', [org.orgNo]);
  }
  return attrs;
}

const subjectAttributes = (roles: string[], packages: HeldPackage[]): Attributes =>
  new Map([
    [ROLE_CODE, roles],
    [ACCESS_PACKAGE, packages.map((p) => p.code)],
  ]);

/** Why the person may not delegate `action` on the resource, or null when they may. */
function actionFailure(s: Readonly<AltinnState>, person: Holder, orgNo: string, resourceId: string, policy: Policy, action: string): AuthCode | null {
  const resource = resourceAttributes(resourceId, orgByNo(s, orgNo));
  const held = packagesFrom(s, person, orgNo);
  const keyRoles = erRolesFor(s, person, orgNo).filter((r) => KEY_ROLES.has(r));
  const delegable = subjectAttributes(keyRoles, held.filter((p) => p.canDelegate));
  if (evaluate(policy, delegable, resource, action) === 'Permit') return null;
  const throughDelegation = subjectAttributes([], held.filter((p) => !p.via.startsWith('role:')));
  const delegatedRight = rightsFrom(s, person, orgNo).some((r) => r.resource === resourceId && r.actions.includes(action));
  return delegatedRight || evaluate(policy, throughDelegation, resource, action) === 'Permit' ? 'AUTH-00018' : 'AUTH-00016';
}

function checkRight(s: Readonly<AltinnState>, person: Holder, orgNo: string, right: Right): DelegationFailure[] {
  const resourceId = resourceOfRight(right);
  if (!resourceId) return [{ code: 'AUTH-00001', detail: `The right names no ${RESOURCE_ID}.` }];
  const resource = resourceById(s, resourceId);
  const stored = policyOf(s, resourceId);
  const fail = (code: AuthCode, detail: string): DelegationFailure[] => [{ code, resource: resourceId, detail }];
  if (!resource) return fail('AUTH-00001', `The resource ${resourceId} is not in the resource registry.`);
  if (!stored) return fail('AUTH-00001', `The resource ${resourceId} has no policy.`);
  if (resource.resourceType === 'MaskinportenSchema') return fail('AUTH-00071', `${resourceId} is a Maskinporten schema; its scope is delegated in Maskinporten.`);
  if (!resource.delegable) return fail('AUTH-00070', `${resourceId} cannot be delegated.`);
  if (requiresAccessList(resource) && !onAccessList(s, resourceId, orgNo)) {
    return fail('AUTH-00069', `${resourceId} is only for organisations on the service owner's access list, and ${orgNo} is not on it.`);
  }
  const known = policyActions(stored.policy);
  if (right.action !== undefined && !known.includes(right.action)) return fail('AUTH-00001', `The policy of ${resourceId} has no action "${right.action}".`);
  return (right.action !== undefined ? [right.action] : known).flatMap((action) => {
    const code = actionFailure(s, person, orgNo, resourceId, stored.policy, action);
    if (!code) return [];
    const why =
      code === 'AUTH-00018'
        ? `has "${action}" on ${resourceId} only through a delegation, which cannot be passed on`
        : `has no role or access package that gives "${action}" on ${resourceId} and may be delegated`;
    return fail(code, `The person ${why}.`);
  });
}

function checkPackage(s: Readonly<AltinnState>, person: Holder, orgNo: string, urn: string): DelegationFailure | null {
  const pkg = findPackage(urn);
  if (!pkg) return { code: 'AUTH-00064', package: urn, detail: `${urn} is not an access package.` };
  if (!pkg.delegable) return { code: 'AUTH-00064', package: pkg.urn, detail: `${pkg.name.en} cannot be delegated.` };
  if (!pkg.assignable) return { code: 'AUTH-00064', package: pkg.urn, detail: `${pkg.name.en} is for client relationships and goes to agent system users only.` };
  const held = packagesFrom(s, person, orgNo).find((p) => p.code === pkg.code);
  if (held?.canDelegate) return null;
  return {
    code: 'AUTH-00053',
    package: pkg.urn,
    detail: held ? `The person has ${pkg.name.en} but may not delegate it.` : `The person does not have ${pkg.name.en} for ${orgNo}.`,
  };
}

/** The delegation check as the approving person: every right and package must be delegable by them (AND). [] = ok. */
export function checkDelegation(s: Readonly<AltinnState>, pid: string, orgNo: string, request: DelegationRequest): DelegationFailure[] {
  const person: Holder = { kind: 'person', pid };
  return [
    ...request.rights.flatMap((right) => checkRight(s, person, orgNo, right)),
    ...request.accessPackages.flatMap(({ urn }) => checkPackage(s, person, orgNo, urn) ?? []),
  ];
}

/** Delegates the request's rights (resource + actions; no action = every action of the resource's policy) and packages from the org to the system user. */
export function delegateToSystemUser(s: AltinnState, orgNo: string, systemUserId: string, request: DelegationRequest, now: string): void {
  // Everything is resolved before anything is written: a throw must leave the state untouched.
  const org = orgByNo(s, orgNo);
  if (!org) throw new AltinnProblem('AUTH-00000', {}, `No organisation ${orgNo} in the register.`);
  const rights = request.rights.map((right) => {
    const resourceId = resourceOfRight(right);
    const stored = resourceId === undefined ? undefined : policyOf(s, resourceId);
    if (!resourceId || !stored) throw new AltinnProblem('AUTH-00001', {}, `No policy for the resource ${resourceId ?? '(none)'}.`);
    return { resource: resourceId, actions: right.action !== undefined ? [right.action] : policyActions(stored.policy) };
  });
  const packages = request.accessPackages.map(({ urn }) => findPackage(urn) ?? urn);
  const unknown = packages.filter((p) => typeof p === 'string');
  if (unknown.length) throw new AltinnProblem('AUTH-00064', { NotDelegablePackages: unknown.join(', ') });

  const to = systemUserId.toLowerCase();
  for (const { resource, actions } of rights) {
    const existing = s.rightDelegations.find((d) => d.from === org.partyUuid && d.to === to && d.resource === resource);
    if (existing) existing.actions = [...new Set([...existing.actions, ...actions])];
    else s.rightDelegations.push({ id: randomUUID(), from: org.partyUuid, to, resource, actions, created: now });
  }
  for (const pkg of packages) {
    if (typeof pkg === 'string') continue;
    if (s.packageDelegations.some((d) => d.from === org.partyUuid && d.to === to && d.package === pkg.code)) continue;
    s.packageDelegations.push({ id: randomUUID(), from: org.partyUuid, to, package: pkg.code, role: 'rettighetshaver', created: now });
  }
}

/** Revokes what was delegated to the system user: everything, or only the given rights/packages. */
export function revokeFromSystemUser(s: AltinnState, systemUserId: string, request?: DelegationRequest): void {
  const to = systemUserId.toLowerCase();
  if (!request) {
    s.packageDelegations = s.packageDelegations.filter((d) => d.to !== to);
    s.rightDelegations = s.rightDelegations.filter((d) => d.to !== to);
    return;
  }
  const codes = new Set(request.accessPackages.map(({ urn }) => findPackage(urn)?.code ?? urn));
  s.packageDelegations = s.packageDelegations.filter((d) => d.to !== to || !codes.has(d.package));
  for (const right of request.rights) {
    const resource = resourceOfRight(right);
    for (const d of s.rightDelegations) {
      if (d.to !== to || d.resource !== resource) continue;
      d.actions = right.action === undefined ? [] : d.actions.filter((a) => a !== right.action);
    }
  }
  s.rightDelegations = s.rightDelegations.filter((d) => d.actions.length > 0);
}
