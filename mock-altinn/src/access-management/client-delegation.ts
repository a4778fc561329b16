// Client delegation to agent system users (authorization.md §4): the facilitator (the accounting
// firm that owns the agent) hands a client's packages on to its agent system user. A client is an
// organisation that gave the facilitator packages through an ER role (REGN → regnskapsfører,
// REVI → revisor) or a delegation (rettighetshaver). Pure functions over state.
import { randomUUID } from 'node:crypto';
import { AltinnProblem } from '../problems.js';
import type { OrgParty } from '../register/model.js';
import { orgByNo, partyByUuid } from '../register/parties.js';
import type { AltinnState } from '../state.js';
import { findPackage, PACKAGE_URN_PREFIX } from './packages.js';
import { CLIENT_ROLES, ROLE_PACKAGES, ROLE_URN_CODE } from './roles.js';

type State = Readonly<AltinnState>;

export interface ClientInfo {
  partyUuid: string;
  orgNo: string;
  name: string;
  /** Package URNs: the ones asked about that the client gave (available), or that were delegated. */
  packages: string[];
  /** Altinn 3 role codes the packages came through (`regnskapsforer`, `rettighetshaver`). */
  roles: string[];
}

const codeOf = (p: string) => findPackage(p)?.code ?? p;
const urnOf = (code: string) => PACKAGE_URN_PREFIX + code;

/** Package code → the client role it came through, for everything the client gave the facilitator. */
function givenByClient(s: State, facilitator: OrgParty, client: OrgParty): Map<string, string> {
  const given = new Map<string, string>();
  for (const r of s.erRoles) {
    if (r.org !== client.orgNo || r.holder !== facilitator.orgNo) continue;
    const role = ROLE_URN_CODE[r.role];
    if (!CLIENT_ROLES.has(role)) continue;
    for (const code of ROLE_PACKAGES[r.role].packages) if (!given.has(code)) given.set(code, role);
  }
  for (const d of s.packageDelegations) {
    if (d.role === 'rettighetshaver' && d.from === client.partyUuid && d.to === facilitator.partyUuid && !given.has(d.package)) given.set(d.package, 'rettighetshaver');
  }
  return given;
}

const info = (client: OrgParty, packages: Map<string, string>): ClientInfo => ({
  partyUuid: client.partyUuid,
  orgNo: client.orgNo,
  name: client.name,
  packages: [...packages.keys()].map(urnOf),
  roles: [...new Set(packages.values())],
});

const orgs = (s: State) => s.parties.filter((p): p is OrgParty => p.type === 'Organisation');

/** Clients of the facilitator that gave it ANY of `packages` (URNs or codes) via client roles or rettighetshaver delegations. */
export function availableClients(s: State, facilitatorOrgNo: string, packages: string[]): ClientInfo[] {
  const facilitator = orgByNo(s, facilitatorOrgNo);
  if (!facilitator) return [];
  const wanted = new Set(packages.map(codeOf));
  return orgs(s).flatMap((client) => {
    const relevant = new Map([...givenByClient(s, facilitator, client)].filter(([code]) => wanted.has(code)));
    return relevant.size ? [info(client, relevant)] : [];
  });
}

/** Clients already delegated to the agent, with the packages delegated from each. */
export function delegatedClients(s: State, agentId: string): ClientInfo[] {
  const to = agentId.toLowerCase();
  const byClient = new Map<string, Map<string, string>>();
  for (const d of s.packageDelegations) {
    if (d.role !== 'agent' || d.to !== to) continue;
    const packages = byClient.get(d.from) ?? new Map<string, string>();
    packages.set(d.package, d.facilitatorRole ?? 'agent');
    byClient.set(d.from, packages);
  }
  return [...byClient].flatMap(([uuid, packages]) => {
    const client = partyByUuid(s, uuid);
    return client?.type === 'Organisation' ? [info(client, packages)] : [];
  });
}

/**
 * Adds a client: it must be among availableClients (else AUTH-00079) and have given ALL the
 * agent's packages (else AUTH-00080, `MissingPackages` listing the ones it lacks). Creates
 * `role: 'agent'` PackageDelegations from the client to the agent; adding again changes nothing.
 */
export function addClient(s: AltinnState, agent: { id: string; facilitatorOrgNo: string; packages: string[] }, clientPartyUuid: string, now: string): void {
  const facilitator = orgByNo(s, agent.facilitatorOrgNo);
  const available = availableClients(s, agent.facilitatorOrgNo, agent.packages).find((c) => c.partyUuid.toLowerCase() === clientPartyUuid.toLowerCase());
  const client = available && partyByUuid(s, available.partyUuid);
  if (!facilitator || client?.type !== 'Organisation') throw new AltinnProblem('AUTH-00079', {}, `${clientPartyUuid} is not a client of ${agent.facilitatorOrgNo} for these access packages.`);
  const given = givenByClient(s, facilitator, client);
  const codes = [...new Set(agent.packages.map(codeOf))];
  const missing = codes.filter((code) => !given.has(code));
  if (missing.length) {
    throw new AltinnProblem('AUTH-00080', { MissingPackages: missing.map(urnOf).join(', ') }, `${client.name} has not given ${agent.facilitatorOrgNo} every access package of the system user.`);
  }
  const to = agent.id.toLowerCase();
  for (const code of codes) {
    if (s.packageDelegations.some((d) => d.role === 'agent' && d.from === client.partyUuid && d.to === to && d.package === code)) continue;
    s.packageDelegations.push({
      id: randomUUID(),
      from: client.partyUuid,
      to,
      package: code,
      role: 'agent',
      facilitator: facilitator.partyUuid,
      facilitatorRole: given.get(code)!,
      created: now,
    });
  }
}

/** Removes the client's delegations to the agent; false when there were none. */
export function removeClient(s: AltinnState, agentId: string, clientPartyUuid: string): boolean {
  const to = agentId.toLowerCase();
  const from = clientPartyUuid.toLowerCase();
  const before = s.packageDelegations.length;
  s.packageDelegations = s.packageDelegations.filter((d) => !(d.role === 'agent' && d.to === to && d.from.toLowerCase() === from));
  return s.packageDelegations.length !== before;
}
