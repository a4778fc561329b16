// SmartCloud AS prepares SmartRegnskap for system users, through public APIs only, as a vendor does
// (design.md journey step 2; peers.md §2): its first Maskinporten client from onboarding, then
// SmartRegnskap's own clients through the self-service API with keys SmartRegnskap made itself,
// then the systems in Altinn's system register. Every step finds what an earlier run made and
// brings it up to date, so running it again changes nothing that is already right.
import type { Clock } from '@testbed/common/clock';
import type { TestbedConfig } from '@testbed/common/config';
import type { Stored } from '@testbed/common/context';
import { UpstreamError, type ServiceFetch } from '@testbed/common/http-client';
import { KeyRing } from '@testbed/common/keys';
import { MaskinportenClient, MaskinportenError } from '@testbed/common/maskinporten-client';
import { onboard } from '@testbed/common/onboarding';
import type { StateStore } from '@testbed/common/store';
import { AltinnVendorApi, VENDOR_SCOPES, type RegisterSystemRequest, type RegisteredSystemDetails } from '../altinn-client.js';
import { KRAV_SCOPE } from '../maskinporten.js';
import type { SetupRecord, SmartRegnskapState } from '../state.js';
import { UpstreamAnswer } from '../upstream.js';
import { DCR_SCOPES, SelfServiceApi, type ClientSpec, type RegisteredClient } from './self-service.js';
import { VENDOR_ORG, agentSystem, standardSystem } from './systems.js';

export interface SetupDeps {
  config: TestbedConfig;
  fetch: ServiceFetch;
  clock: Clock;
  store: StateStore<Stored<SmartRegnskapState>>;
}

/** A setup step failed; the message says which step and what the platform answered. */
export class SetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SetupError';
  }
}

const KEY_NAMES = { admin: 'smartcloud-admin', standard: 'smartregnskap', agent: 'smartregnskap-klient' } as const;

/** Opens (or makes) one of SmartCloud's key rings in the data folder; private keys never leave it. */
export const openVendorKeys = (config: TestbedConfig, clock: Clock, name: keyof typeof KEY_NAMES) =>
  KeyRing.open(config.dataDir, KEY_NAMES[name], { bits: config.rsaBits, now: () => clock.now(), publish: { use: 'sig' } });

const STANDARD_CLIENT: ClientSpec = {
  client_name: 'SmartRegnskap',
  description: 'SmartRegnskap: system-user tokens for direct customers and the Altinn vendor API',
  scopes: [KRAV_SCOPE, ...VENDOR_SCOPES],
};

const AGENT_CLIENT: ClientSpec = {
  client_name: 'SmartRegnskap klientsystem',
  description: 'SmartRegnskap for accounting firms: agent system-user tokens',
  scopes: [KRAV_SCOPE],
};

const kravAccessMissing = () =>
  new SetupError(
    `Skatteetaten has not granted SmartCloud AS (${VENDOR_ORG}) access to the scope ${KRAV_SCOPE}. ` +
      "Run Skatteetaten's setup first (npm run setup -w demo-skatteetaten-api), then this one again.",
  );

function describe(err: unknown): string | null {
  if (err instanceof UpstreamAnswer) {
    return `${err.service} answered ${err.method} ${err.url} with HTTP ${err.status}: ${typeof err.body === 'string' ? err.body : JSON.stringify(err.body)}`;
  }
  if (err instanceof MaskinportenError) return `Maskinporten refused a token: ${err.message}`;
  if (err instanceof UpstreamError) return `no answer: ${err.message}`;
  return null;
}

async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof SetupError) throw err;
    const why = describe(err);
    if (why === null) throw err;
    throw new SetupError(`SmartRegnskap setup, step "${name}": ${why}`);
  }
}

export async function runSetup(deps: SetupDeps): Promise<SetupRecord> {
  const { config, fetch, clock } = deps;
  const client = (clientId: string, keys: KeyRing) =>
    new MaskinportenClient({ maskinportenUrl: config.urls.maskinporten, clientId, keys, fetch, clock });
  const [adminKeys, standardKeys, agentKeys] = await Promise.all([
    openVendorKeys(config, clock, 'admin'),
    openVendorKeys(config, clock, 'standard'),
    openVendorKeys(config, clock, 'agent'),
  ]);
  const previous = await deps.store.read((s) => s.setup);

  const admin = await step('onboarding of SmartCloud AS', () => adminClient(deps, adminKeys, previous?.adminClientId));
  const selfService = new SelfServiceApi(fetch, config.urls.maskinporten, async () => (await admin.token({ scope: DCR_SCOPES.join(' ') })).access_token);
  const existing = await step('list Maskinporten clients', () => selfService.listClients());
  const standardClientId = await step('SmartRegnskap client', () => ensureClient(selfService, existing, STANDARD_CLIENT, standardKeys));
  const agentClientId = await step('SmartRegnskap client for accounting firms', () => ensureClient(selfService, existing, AGENT_CLIENT, agentKeys));
  await step('access to Krav og betalinger', () => checkKravAccess(client(standardClientId, standardKeys)));

  const altinn = new AltinnVendorApi(
    fetch,
    config.urls.altinn,
    async () => (await admin.token({ scope: 'altinn:authentication/systemregister.write' })).access_token,
  );
  const standard = standardSystem(config, standardClientId);
  const agent = agentSystem(config, agentClientId);
  await step(`system ${standard.id}`, () => ensureSystem(altinn, standard));
  await step(`system ${agent.id}`, () => ensureSystem(altinn, agent));

  const record: SetupRecord = {
    adminClientId: admin.clientId,
    standardClientId,
    agentClientId,
    standardSystemId: standard.id,
    agentSystemId: agent.id,
    completedAt: clock.date().toISOString(),
  };
  await deps.store.update((s) => {
    s.setup = record;
  });
  return record;
}

/** The admin client from an earlier run while Maskinporten still accepts it; else onboarding. */
async function adminClient(deps: SetupDeps, keys: KeyRing, knownId: string | undefined): Promise<MaskinportenClient> {
  const { config, fetch, clock } = deps;
  const make = (clientId: string) => new MaskinportenClient({ maskinportenUrl: config.urls.maskinporten, clientId, keys, fetch, clock });
  if (knownId) {
    const known = make(knownId);
    try {
      await known.token({ scope: DCR_SCOPES.join(' ') });
      return known;
    } catch (err) {
      // invalid_grant: the client or its key is gone (Maskinporten was reset); onboard again.
      if (!(err instanceof MaskinportenError && err.body.error === 'invalid_grant')) throw err;
    }
  }
  const onboarded = await onboard(
    fetch,
    config.urls.maskinporten,
    config.adminToken,
    { orgno: VENDOR_ORG, client_name: 'SmartCloud AS administrasjon', scopes: [...VENDOR_SCOPES] },
    keys,
  );
  return make(onboarded.client_id);
}

const sameScopes = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join(' ') === [...b].sort().join(' ');

async function ensureClient(api: SelfServiceApi, existing: RegisteredClient[], spec: ClientSpec, keys: KeyRing): Promise<string> {
  const found = existing.find((c) => c.client_name === spec.client_name && c.active !== false);
  let clientId: string;
  try {
    if (!found) clientId = (await api.createClient(spec)).client_id;
    else {
      clientId = found.client_id;
      if (!sameScopes(found.scopes ?? [], spec.scopes) || found.description !== spec.description) await api.updateClient(clientId, spec);
    }
  } catch (err) {
    if (err instanceof UpstreamAnswer && JSON.stringify(err.body).includes(KRAV_SCOPE)) throw kravAccessMissing();
    throw err;
  }
  await api.uploadKeys(clientId, keys.jwks(0).keys);
  return clientId;
}

/** A plain token for the scope proves Skatteetaten granted it (MP-250 when not). */
async function checkKravAccess(client: MaskinportenClient): Promise<void> {
  try {
    await client.token({ scope: KRAV_SCOPE });
  } catch (err) {
    if (err instanceof MaskinportenError && (err.code === 'MP-250' || err.code === 'MP-200')) throw kravAccessMissing();
    throw err;
  }
}

const SYSTEM_FIELDS = ['name', 'description', 'rights', 'accessPackages', 'clientId', 'allowedRedirectUrls', 'isVisible'] as const;

const sameSystem = (current: RegisteredSystemDetails, wanted: RegisterSystemRequest) =>
  SYSTEM_FIELDS.every((f) => JSON.stringify(current[f] ?? null) === JSON.stringify(wanted[f]));

async function ensureSystem(altinn: AltinnVendorApi, system: RegisterSystemRequest): Promise<void> {
  const current = await altinn.getSystem(system.id).catch((err: unknown) => {
    if (err instanceof UpstreamAnswer && err.status === 404) return null;
    throw err;
  });
  if (!current) return altinn.registerSystem(system);
  if (current.isDeleted) {
    throw new SetupError(`The system ${system.id} is marked as deleted in Altinn, and system ids are never reused. Reset Altinn to register it again.`);
  }
  if (!sameSystem(current, system)) await altinn.updateSystem(system);
}
