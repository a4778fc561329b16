// A vendor as a CI pipeline plays one: SmartCloud AS with clients and systems of its own for
// scenarios (so scenarios never touch SmartRegnskap's), set up through the public APIs only: a
// standard system (the right "Krav og betalinger" and the package krav-og-utlegg) and an agent
// system for accounting firms (the accountant packages). A client id belongs to one system only,
// so each system has its own Maskinporten client.
import { Clock } from '@testbed/common/clock';
import type { TestbedConfig } from '@testbed/common/config';
import { createServiceFetch, type ServiceFetch } from '@testbed/common/http-client';
import { iso6523 } from '@testbed/common/identifiers';
import { Journal } from '@testbed/common/journal';
import { KeyRing } from '@testbed/common/keys';
import { MaskinportenClient } from '@testbed/common/maskinporten-client';
import { onboard } from '@testbed/common/onboarding';
import { ORG } from '@testbed/common/world';

export const SCENARIO_SYSTEM = `${ORG.smartcloud}_scenario`;
export const SCENARIO_AGENT_SYSTEM = `${ORG.smartcloud}_scenario_klient`;
export const AGENT_PACKAGES = ['regnskapsforer-med-signeringsrettighet', 'regnskapsforer-lonn'].map((code) => ({ urn: `urn:altinn:accesspackage:${code}` }));
export const KRAV_RIGHT = { resource: [{ id: 'urn:altinn:resource', value: 'ske-krav-og-betalinger' }] };
const VENDOR_SCOPES = ['altinn:authentication/systemregister.write', 'altinn:authentication/systemuser.request.read', 'altinn:authentication/systemuser.request.write'];
const KRAV_SCOPE = 'skatteetaten:kravogbetalinger';

export interface Vendor {
  /** The standard system's client, and the agent system's. */
  client: MaskinportenClient;
  agentClient: MaskinportenClient;
  systemId: string;
  agentSystemId: string;
  fetch: ServiceFetch;
  /** A token for the vendor APIs of Altinn. */
  vendorToken(): Promise<string>;
}

async function json<T>(res: Response, what: string): Promise<T> {
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Onboards SmartCloud's scenario admin client, creates the scenario client and registers the system. */
export async function prepareVendor(config: TestbedConfig): Promise<Vendor> {
  const clock = new Clock();
  const fetch = createServiceFetch({ service: 'scenario', journal: new Journal('scenario'), knownServices: config.urls });
  const keyRing = (name: string) => KeyRing.open(config.dataDir, name, { bits: 2048, now: () => clock.now() });
  const adminKeys = await keyRing('scenario-vendor-admin');
  const admin = await onboard(fetch, config.urls.maskinporten, config.adminToken, { orgno: ORG.smartcloud, client_name: 'Scenario admin', scopes: VENDOR_SCOPES }, adminKeys);
  const adminClient = new MaskinportenClient({ maskinportenUrl: config.urls.maskinporten, clientId: admin.client_id, keys: adminKeys, fetch, clock });
  const dcr = (await adminClient.token({ scope: 'idporten:dcr.read idporten:dcr.write idporten:dcr.modify' })).access_token;
  const api = (path: string, method = 'GET', body?: unknown) =>
    fetch(`${config.urls.maskinporten}/api/v1/${path}`, {
      method,
      headers: { authorization: `Bearer ${dcr}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  const existing = await json<{ client_id: string; client_name: string }[]>(await api('clients'), 'list clients');

  /** Creates or updates a client by name and uploads a key of its own; returns a client for it. */
  const ensureClient = async (clientName: string, keysName: string): Promise<MaskinportenClient> => {
    const keys = await keyRing(keysName);
    const spec = {
      integration_type: 'maskinporten',
      client_name: clientName,
      description: 'Client used by the test-bed scenarios',
      token_endpoint_auth_method: 'private_key_jwt',
      grant_types: ['urn:ietf:params:oauth:grant-type:jwt-bearer'],
      scopes: [KRAV_SCOPE, ...VENDOR_SCOPES],
    };
    const found = existing.find((c) => c.client_name === clientName);
    const made = found
      ? await json<{ client_id: string }>(await api(`clients/${found.client_id}`, 'PUT', spec), 'update client')
      : await json<{ client_id: string }>(await api('clients', 'POST', spec), 'create client');
    await json(await api(`clients/${made.client_id}/jwks`, 'POST', keys.jwks(0)), 'upload keys');
    return new MaskinportenClient({ maskinportenUrl: config.urls.maskinporten, clientId: made.client_id, keys, fetch, clock });
  };
  const client = await ensureClient('Scenario vendor', 'scenario-vendor-client');
  const agentClient = await ensureClient('Scenario vendor klientsystem', 'scenario-vendor-agent-client');
  const vendorToken = async () => (await client.token({ scope: VENDOR_SCOPES.join(' ') })).access_token;

  const base = `${config.urls.altinn}/authentication/api/v1/systemregister/vendor`;
  /** Registers the system, or replaces it when it exists (PUT is a whole replace). */
  const ensureSystem = async (system: { id: string } & Record<string, unknown>) => {
    const headers = { authorization: `Bearer ${await vendorToken()}`, 'content-type': 'application/json' };
    const found = await fetch(`${base}/${system.id}`, { headers });
    const write = found.ok
      ? await fetch(`${base}/${system.id}`, { method: 'PUT', headers, body: JSON.stringify(system) })
      : await fetch(base, { method: 'POST', headers, body: JSON.stringify(system) });
    if (!write.ok) throw new Error(`register ${system.id}: HTTP ${write.status} ${await write.text()}`);
  };
  const text = (nb: string, en: string) => ({ nb, nn: nb, en });
  await ensureSystem({
    id: SCENARIO_SYSTEM,
    vendor: iso6523(ORG.smartcloud),
    name: text('SmartRegnskap scenario', 'SmartRegnskap scenario'),
    description: text('System for testmiljøets scenarier', "The test-bed's scenario system"),
    rights: [KRAV_RIGHT],
    accessPackages: [{ urn: 'urn:altinn:accesspackage:krav-og-utlegg' }],
    clientId: [client.clientId],
    isVisible: true,
    allowedRedirectUrls: [`${config.urls.smartregnskap}/scenario/return`],
  });
  // Accountant packages arise from ER roles and cannot be picked by customers: the system is hidden.
  await ensureSystem({
    id: SCENARIO_AGENT_SYSTEM,
    vendor: iso6523(ORG.smartcloud),
    name: text('SmartRegnskap scenario for regnskapsførere', 'SmartRegnskap scenario for accountants'),
    description: text('Klientsystem for testmiljøets scenarier', "The test-bed's scenario client system"),
    accessPackages: AGENT_PACKAGES,
    clientId: [agentClient.clientId],
    isVisible: false,
    allowedRedirectUrls: [`${config.urls.smartregnskap}/scenario/return`],
  });
  return { client, agentClient, systemId: SCENARIO_SYSTEM, agentSystemId: SCENARIO_AGENT_SYSTEM, fetch, vendorToken };
}
