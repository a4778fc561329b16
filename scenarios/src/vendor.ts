// A vendor as a CI pipeline plays one: SmartCloud AS with a client and a system of its own for
// scenarios (so scenarios never touch SmartRegnskap's), set up through the public APIs only.
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
const CLIENT_NAME = 'Scenario vendor';
const VENDOR_SCOPES = ['altinn:authentication/systemregister.write', 'altinn:authentication/systemuser.request.read', 'altinn:authentication/systemuser.request.write'];
const KRAV_SCOPE = 'skatteetaten:kravogbetalinger';

export interface Vendor {
  client: MaskinportenClient;
  systemId: string;
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
  const [adminKeys, clientKeys] = await Promise.all([
    KeyRing.open(config.dataDir, 'scenario-vendor-admin', { bits: 2048, now: () => clock.now() }),
    KeyRing.open(config.dataDir, 'scenario-vendor-client', { bits: 2048, now: () => clock.now() }),
  ]);
  const admin = await onboard(fetch, config.urls.maskinporten, config.adminToken, { orgno: ORG.smartcloud, client_name: 'Scenario admin', scopes: VENDOR_SCOPES }, adminKeys);
  const adminClient = new MaskinportenClient({ maskinportenUrl: config.urls.maskinporten, clientId: admin.client_id, keys: adminKeys, fetch, clock });
  const dcr = (await adminClient.token({ scope: 'idporten:dcr.read idporten:dcr.write idporten:dcr.modify' })).access_token;
  const api = (path: string, method = 'GET', body?: unknown) =>
    fetch(`${config.urls.maskinporten}/api/v1/${path}`, {
      method,
      headers: { authorization: `Bearer ${dcr}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  const clients = await json<{ client_id: string; client_name: string }[]>(await api('clients'), 'list clients');
  const spec = {
    integration_type: 'maskinporten',
    client_name: CLIENT_NAME,
    description: 'Client used by the test-bed scenarios',
    token_endpoint_auth_method: 'private_key_jwt',
    grant_types: ['urn:ietf:params:oauth:grant-type:jwt-bearer'],
    scopes: [KRAV_SCOPE, ...VENDOR_SCOPES],
  };
  const existing = clients.find((c) => c.client_name === CLIENT_NAME);
  const created = existing
    ? await json<{ client_id: string }>(await api(`clients/${existing.client_id}`, 'PUT', spec), 'update client')
    : await json<{ client_id: string }>(await api('clients', 'POST', spec), 'create client');
  await json(await api(`clients/${created.client_id}/jwks`, 'POST', clientKeys.jwks(0)), 'upload keys');
  const client = new MaskinportenClient({ maskinportenUrl: config.urls.maskinporten, clientId: created.client_id, keys: clientKeys, fetch, clock });
  const vendorToken = async () => (await client.token({ scope: VENDOR_SCOPES.join(' ') })).access_token;

  const system = {
    id: SCENARIO_SYSTEM,
    vendor: iso6523(ORG.smartcloud),
    name: { nb: 'SmartRegnskap scenario', nn: 'SmartRegnskap scenario', en: 'SmartRegnskap scenario' },
    description: { nb: 'System for testmiljøets scenarier', nn: 'System for testmiljøet sine scenario', en: "The test-bed's scenario system" },
    rights: [{ resource: [{ id: 'urn:altinn:resource', value: 'ske-krav-og-betalinger' }] }],
    clientId: [created.client_id],
    isVisible: true,
    allowedRedirectUrls: [`${config.urls.smartregnskap}/scenario/return`],
  };
  const base = `${config.urls.altinn}/authentication/api/v1/systemregister/vendor`;
  const headers = async () => ({ authorization: `Bearer ${await vendorToken()}`, 'content-type': 'application/json' });
  const found = await fetch(`${base}/${SCENARIO_SYSTEM}`, { headers: await headers() });
  const write = found.ok
    ? await fetch(`${base}/${SCENARIO_SYSTEM}`, { method: 'PUT', headers: await headers(), body: JSON.stringify(system) })
    : await fetch(base, { method: 'POST', headers: await headers(), body: JSON.stringify(system) });
  if (!write.ok) throw new Error(`register ${SCENARIO_SYSTEM}: HTTP ${write.status} ${await write.text()}`);
  return { client, systemId: SCENARIO_SYSTEM, fetch, vendorToken };
}
