// Skatteetaten's setup as Skatteetaten would do it, through public APIs only: its Maskinporten
// client, the API scope with access for SmartCloud, and the Altinn resource with its policy.
// Idempotent: what is already in place is read, compared and left alone.
import { randomUUID } from 'node:crypto';
import { Clock } from '@testbed/common/clock';
import type { TestbedConfig } from '@testbed/common/config';
import { withCorrelationId } from '@testbed/common/correlation';
import { createServiceFetch, type ServiceFetch } from '@testbed/common/http-client';
import { Journal } from '@testbed/common/journal';
import { AltinnTokenSource } from '../auth/altinn-token.js';
import { ensureClient, RESOURCE_WRITE_SCOPE, SCOPES_WRITE_SCOPE } from './client.js';
import { ensureResource } from './resource.js';
import { ensureScope } from './scope.js';

export interface SetupOptions {
  /** Outgoing HTTP; by default a client of its own, journalled as `skatteetaten`. */
  fetch?: ServiceFetch;
  clock?: Clock;
  /** Told each change as it is made. */
  log?: (line: string) => void;
}

export interface SetupResult {
  clientId: string;
  /** What this run changed; empty when everything was already in place. */
  changes: string[];
}

export function setupSkatteetaten(config: TestbedConfig, options: SetupOptions = {}): Promise<SetupResult> {
  const clock = options.clock ?? new Clock();
  const fetch = options.fetch ?? createServiceFetch({ service: 'skatteetaten', journal: new Journal('skatteetaten'), knownServices: config.urls });
  const changes: string[] = [];
  const record = (made: string[]) => {
    for (const change of made) options.log?.(change);
    changes.push(...made);
  };

  // One correlation id for the whole setup, so its calls read as one journey in the journals.
  return withCorrelationId(`skatteetaten-setup-${randomUUID()}`, async () => {
    const { client, changes: clientChanges } = await ensureClient(config, fetch, clock);
    record(clientChanges);

    const scopesToken = await client.token({ scope: SCOPES_WRITE_SCOPE });
    record(await ensureScope(fetch, config.urls.maskinporten, scopesToken.access_token));

    const registryToken = new AltinnTokenSource({ scope: RESOURCE_WRITE_SCOPE, client: async () => client, fetch, altinnUrl: config.urls.altinn, clock });
    record(await ensureResource(fetch, config.urls.altinn, await registryToken.token()));

    return { clientId: client.clientId, changes };
  });
}
