// demo-skatteetaten-api: Skatteetaten's "Krav og betalinger" for system users. This file wires
// modules to routes, nothing else.
import type { TestbedConfig } from '@testbed/common/config';
import { maskinportenIssuer } from '@testbed/common/config';
import { createServiceContext } from '@testbed/common/context';
import { remoteKeys } from '@testbed/common/jwt';
import type { ServiceInstance } from '@testbed/common/service';
import { createServiceApp } from '@testbed/common/service-app';
import { kravOgBetalingerRoutes } from './api/routes.js';
import { AltinnTokenSource } from './auth/altinn-token.js';
import { AUTHORIZE_SCOPE, Pdp } from './auth/pdp.js';
import { jwksFetch, maskinportenTokenCheck } from './auth/token.js';
import { feilFormat } from './errors.js';
import { registeredClient } from './own-client.js';
import { setupSkatteetaten } from './setup/index.js';

/** Any value passes the test-bed's APIM; set one to see it in Altinn's journal. */
const subscriptionKey = () => process.env.SKATTEETATEN_APIM_SUBSCRIPTION_KEY || 'testbed-skatteetaten';

export async function createSkatteetaten(config: TestbedConfig): Promise<ServiceInstance> {
  // The ledgers are generated from the org number and the clock, so the state holds only the
  // control plane's settings.
  const ctx = await createServiceContext('skatteetaten', config, () => ({}));
  const authenticate = maskinportenTokenCheck({
    keys: remoteKeys(`${config.urls.maskinporten}/jwk`, jwksFetch(ctx.fetch)),
    issuer: maskinportenIssuer(config),
    clock: ctx.clock,
  });
  const altinnToken = new AltinnTokenSource({
    scope: AUTHORIZE_SCOPE,
    client: registeredClient(config, ctx.fetch, ctx.clock),
    fetch: ctx.fetch,
    altinnUrl: config.urls.altinn,
    clock: ctx.clock,
  });
  const pdp = new Pdp({ altinnUrl: config.urls.altinn, fetch: ctx.fetch, token: altinnToken, subscriptionKey: subscriptionKey() });

  const app = createServiceApp(ctx, {
    errors: feilFormat(config),
    controlPlane: {
      onReset: () => altinnToken.clear(),
      // `npm start` and the console run Skatteetaten's setup here, inside the service that owns its keys.
      extend: (router) =>
        router.post('/setup', async (_req, res) => {
          res.json(await setupSkatteetaten(config, { fetch: ctx.fetch, clock: ctx.clock }));
        }),
    },
    routes: (app) => app.use(kravOgBetalingerRoutes({ authenticate, pdp, clock: ctx.clock })),
  });
  return { name: 'skatteetaten', handler: app, close: () => ctx.store.close() };
}
