// Which steps of the direct-customer journey are done, read from the services' state dumps and
// journals through their control planes. Read defensively: a service that is down or a field that
// is missing makes a step "not done", never a broken console.
import { z } from 'zod';
import type { JournalEntry } from '@testbed/common/journal';
import { ORG } from '@testbed/common/world';
import type { Peers } from './peers.js';

export const SYSTEM_ID = `${ORG.smartcloud}_smartregnskap`;
export const RESOURCE_ID = 'ske-krav-og-betalinger';
export const SCOPE = 'skatteetaten:kravogbetalinger';

export type StepState = 'done' | 'active' | 'waiting';

export interface JourneyStep {
  id: string;
  state: StepState;
  /** Message keys of the step's title and what it checks. */
  title: string;
  detail: string;
}

const maskinportenState = z.object({
  scopes: z.array(z.object({ name: z.string() }).loose()).default([]),
  clients: z.array(z.object({ client_orgno: z.string().optional(), scopes: z.array(z.string()).default([]), active: z.boolean().default(true) }).loose()).default([]),
});

const altinnState = z.object({
  resources: z.array(z.object({ identifier: z.string() }).loose()).default([]),
  policies: z.array(z.object({ resourceId: z.string() }).loose()).default([]),
  systems: z.array(z.object({ id: z.string(), isDeleted: z.boolean().default(false), clientId: z.array(z.string()).default([]) }).loose()).default([]),
  requests: z.array(z.object({ systemId: z.string(), partyOrgNo: z.string(), status: z.string(), created: z.string().optional() }).loose()).default([]),
  systemUsers: z
    .array(z.object({ id: z.string(), systemId: z.string(), reporteeOrgNo: z.string(), isDeleted: z.boolean().default(false), lastChanged: z.string().optional() }).loose())
    .default([]),
});

const journal = z.object({ entries: z.array(z.custom<JournalEntry>()) });

async function read<T>(peers: Peers, name: Parameters<Peers['get']>[0], path: string, schema: z.ZodType<T>): Promise<T | null> {
  const raw = await peers.get<unknown>(name, path);
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** The steps of the journey for Rør og Vann AS (the seed's direct customer). */
export async function journeyStatus(peers: Peers, customer: string = ORG.rorOgVann): Promise<JourneyStep[]> {
  const [mp, altinn, ske, mpJournal] = await Promise.all([
    read(peers, 'maskinporten', '/state', maskinportenState),
    read(peers, 'altinn', '/state', altinnState),
    read(peers, 'skatteetaten', '/journal', journal),
    read(peers, 'maskinporten', '/journal', journal),
  ]);
  const scopeCreated = !!mp?.scopes.some((s) => s.name === SCOPE);
  const resourceRegistered = !!altinn?.resources.some((r) => r.identifier === RESOURCE_ID) && !!altinn?.policies.some((p) => p.resourceId === RESOURCE_ID);
  const clientCreated = !!mp?.clients.some((c) => c.client_orgno === ORG.smartcloud && c.active && c.scopes.includes(SCOPE));
  const systemRegistered = !!altinn?.systems.some((s) => s.id === SYSTEM_ID && !s.isDeleted && s.clientId.length > 0);
  const requests = altinn?.requests.filter((r) => r.systemId === SYSTEM_ID && r.partyOrgNo === customer) ?? [];
  const users = altinn?.systemUsers.filter((u) => u.systemId === SYSTEM_ID && u.reporteeOrgNo === customer) ?? [];
  const approved = users.length > 0;
  const activeUser = users.some((u) => !u.isDeleted);
  const withdrawnAt = users.filter((u) => u.isDeleted).map((u) => u.lastChanged ?? '').sort().pop();
  const claimsServed = !!ske?.entries.some((e) => e.direction === 'in' && e.status === 200 && e.path.startsWith(`/v1/regnskapssystem/${customer}/`));
  const refusedAfterWithdrawal =
    !!withdrawnAt && !!mpJournal?.entries.some((e) => e.direction === 'in' && e.path === '/token' && e.status >= 400 && e.at >= withdrawnAt);

  const steps: [string, boolean, boolean][] = [
    ['skatteetaten-scope', scopeCreated, true],
    ['skatteetaten-resource', resourceRegistered, true],
    ['smartcloud-client', clientCreated, true],
    ['smartcloud-system', systemRegistered, true],
    ['pia-request', requests.length > 0, true],
    ['pia-approves', approved, requests.length > 0],
    ['operation', claimsServed && approved, activeUser],
    ['withdrawal', !!withdrawnAt && !activeUser, approved],
    ['refused', refusedAfterWithdrawal && !activeUser, !!withdrawnAt],
  ];
  let firstOpen = true;
  return steps.map(([id, done, reachable]) => {
    let state: StepState = 'waiting';
    if (done) state = 'done';
    else if (reachable && firstOpen) {
      state = 'active';
      firstOpen = false;
    }
    return { id, state, title: `step.${id}`, detail: `step.${id}.detail` };
  });
}
