// Step 1: Skatteetaten's first Maskinporten client, as Digdir's onboarding hands it out, with its
// own key. A client registered by an earlier run is kept as long as Maskinporten still issues
// tokens to it; after a reset of Maskinporten it is onboarded again.
import type { Clock } from '@testbed/common/clock';
import type { TestbedConfig } from '@testbed/common/config';
import type { ServiceFetch } from '@testbed/common/http-client';
import { MaskinportenClient, MaskinportenError } from '@testbed/common/maskinporten-client';
import { onboard } from '@testbed/common/onboarding';
import { AUTHORIZE_SCOPE } from '../auth/pdp.js';
import { openClientKeys, readRegistration, saveRegistration, SKATTEETATEN_ORGNO } from '../own-client.js';

export const CLIENT_NAME = 'Skatteetaten – Krav og betalinger';
export const SCOPES_WRITE_SCOPE = 'idporten:scopes.write';
export const RESOURCE_WRITE_SCOPE = 'altinn:resourceregistry/resource.write';

export async function ensureClient(config: TestbedConfig, fetch: ServiceFetch, clock: Clock): Promise<{ client: MaskinportenClient; changes: string[] }> {
  const keys = await openClientKeys(config, clock);
  const clientFor = (clientId: string) => new MaskinportenClient({ maskinportenUrl: config.urls.maskinporten, clientId, keys, fetch, clock });

  const registered = await readRegistration(config.dataDir);
  if (registered) {
    const client = clientFor(registered.client_id);
    try {
      await client.token({ scope: SCOPES_WRITE_SCOPE });
      return { client, changes: [] };
    } catch (err) {
      if (!(err instanceof MaskinportenError)) throw err;
    }
  }
  const onboarded = await onboard(
    fetch,
    config.urls.maskinporten,
    config.adminToken,
    { orgno: SKATTEETATEN_ORGNO, client_name: CLIENT_NAME, scopes: [AUTHORIZE_SCOPE, RESOURCE_WRITE_SCOPE] },
    keys,
  );
  await saveRegistration(config.dataDir, onboarded);
  return { client: clientFor(onboarded.client_id), changes: [`onboarded Maskinporten client ${onboarded.client_id}`] };
}
