// The checks a request's contents get against its system (altinn-authentication.md §3.4 step 5,
// §4.2, §7.3), shared by create, change requests and the re-validation at approval. Each throws
// the AUTH problem the real service answers.
import { findPackage } from '../access-management/packages.js';
import { AltinnProblem } from '../problems.js';
import type { OrgParty } from '../register/model.js';
import { orgByNo } from '../register/parties.js';
import type { AltinnState } from '../state.js';
import type { RegisteredSystem, Right } from '../system-register/model.js';
import { findSystem } from '../system-register/register.js';
import { rightKey } from '../system-register/validation.js';

/** The vendor's own, non-deleted system; AUTH-00011 otherwise, so another vendor's system is not revealed. */
export function vendorSystem(s: Readonly<AltinnState>, systemId: string, vendorOrgNo: string): RegisteredSystem {
  const system = findSystem(s, systemId);
  if (!system || system.isDeleted || system.vendorOrgNo !== vendorOrgNo) throw new AltinnProblem('AUTH-00011');
  return system;
}

/** The customer (or facilitator) in the register; AUTH-00000 otherwise. */
export function customer(s: Readonly<AltinnState>, orgNo: string): OrgParty {
  const org = orgByNo(s, orgNo);
  if (!org) throw new AltinnProblem('AUTH-00000', {}, `No organisation ${orgNo} in the register.`);
  return org;
}

/** Scheme, host, port and path; the query is the vendor's own state and is not compared. */
function withoutQuery(url: string): string | undefined {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return undefined;
  }
}

/** An empty redirect URL is no redirect URL; otherwise it must be one of the system's (AUTH-00026, AUTH-00021). */
export function checkRedirectUrl(system: RegisteredSystem, redirectUrl: string | undefined): void {
  if (!redirectUrl) return;
  if (system.allowedRedirectUrls.length === 0) throw new AltinnProblem('AUTH-00026');
  const wanted = withoutQuery(redirectUrl);
  if (!wanted || !system.allowedRedirectUrls.some((allowed) => withoutQuery(allowed) === wanted)) throw new AltinnProblem('AUTH-00021');
}

/** Every right must be one of the system's exactly: the same action and the same attribute pairs (AUTH-00001). */
export function checkRights(system: RegisteredSystem, rights: Right[]): void {
  const offered = new Set(system.rights.map(rightKey));
  if (!rights.every((r) => offered.has(rightKey(r)))) throw new AltinnProblem('AUTH-00001');
}

const notOffered = (system: RegisteredSystem, packages: { urn: string }[]) =>
  packages.filter((p) => !system.accessPackages.some((offered) => offered.urn === p.urn)).map((p) => p.urn);

/** Standard: packages among the system's (AUTH-00063) and assignable (AUTH-00064). */
export function checkStandardPackages(system: RegisteredSystem, packages: { urn: string }[]): void {
  const missing = notOffered(system, packages);
  if (missing.length) throw new AltinnProblem('AUTH-00063', { NotFoundPackages: missing.join(', ') });
  const notAssignable = packages.filter((p) => {
    const pkg = findPackage(p.urn);
    return !pkg?.delegable || !pkg.assignable;
  });
  if (notAssignable.length) throw new AltinnProblem('AUTH-00064', { NotDelegablePackages: notAssignable.map((p) => p.urn).join(', ') });
}

/** Agent: at least one package (AUTH-00058), among the system's (AUTH-00063), delegable (AUTH-00065). */
export function checkAgentPackages(system: RegisteredSystem, packages: { urn: string }[]): void {
  if (packages.length === 0) throw new AltinnProblem('AUTH-00058');
  const missing = notOffered(system, packages);
  if (missing.length) throw new AltinnProblem('AUTH-00063', { NotFoundPackages: missing.join(', ') });
  if (packages.some((p) => !findPackage(p.urn)?.delegable)) throw new AltinnProblem('AUTH-00065');
}

/** The key of the uniqueness rule: system, party, external reference (defaulting to the party's org number). */
export interface ExternalRequestId {
  systemId: string;
  partyOrgNo: string;
  externalRef: string;
}

export const sameKey = (a: ExternalRequestId, b: ExternalRequestId) =>
  a.systemId === b.systemId && a.partyOrgNo === b.partyOrgNo && a.externalRef === b.externalRef;

/** A non-deleted system user with the key (standard or agent). */
export const liveSystemUser = (s: Readonly<AltinnState>, key: ExternalRequestId) =>
  s.systemUsers.find((u) => !u.isDeleted && sameKey({ systemId: u.systemId, partyOrgNo: u.reporteeOrgNo, externalRef: u.externalRef }, key));
