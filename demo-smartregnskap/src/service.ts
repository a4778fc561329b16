// demo-smartregnskap: SmartCloud AS's accounting app SmartRegnskap — the vendor setup, customer
// onboarding through Altinn, the claims dashboard, the accounting firm's client view and the vendor
// page. This file wires areas to routes, nothing else.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestbedConfig } from '@testbed/common/config';
import { createServiceContext } from '@testbed/common/context';
import { problem } from '@testbed/common/control-plane';
import { setupPages } from '@testbed/common/pages';
import type { ServiceInstance } from '@testbed/common/service';
import { createServiceApp } from '@testbed/common/service-app';
import { sessionMiddleware } from '@testbed/common/session';
import { AltinnVendorApi } from './altinn-client.js';
import { ClientDelegationApi } from './clients/facade.js';
import { IdportenLogin } from './clients/login.js';
import { clientRoutes } from './clients/routes.js';
import { dashboardRoutes } from './dashboard/routes.js';
import type { SmartRegnskapDeps } from './deps.js';
import { TokenBroker } from './maskinporten.js';
import { MESSAGES, SITE_NAME } from './messages.js';
import { AccessRequests } from './onboarding/access-request.js';
import { onboardingRoutes } from './onboarding/routes.js';
import { setupRunner } from './setup/index.js';
import { openVendorKeys, SetupError } from './setup/setup.js';
import { KravOgBetalingerApi } from './skatteetaten-client.js';
import { seedSmartRegnskap } from './state.js';
import { vendorAdminRoutes } from './vendor-admin/routes.js';
import { pageErrors, pageLocals } from './web.js';

const viewsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'views');

export async function createSmartRegnskap(config: TestbedConfig): Promise<ServiceInstance> {
  const ctx = await createServiceContext('smartregnskap', config, seedSmartRegnskap);
  const [standardKeys, agentKeys] = await Promise.all([openVendorKeys(config, ctx.clock, 'standard'), openVendorKeys(config, ctx.clock, 'agent')]);
  const setup = () => ctx.store.read((s) => s.setup);
  const tokens = new TokenBroker({ config, fetch: ctx.fetch, clock: ctx.clock, keys: { standard: standardKeys, agent: agentKeys }, setup });
  const altinn = new AltinnVendorApi(ctx.fetch, config.urls.altinn, () => tokens.vendorToken());
  const login = new IdportenLogin(ctx);
  const deps: SmartRegnskapDeps = {
    ctx,
    tokens,
    altinn,
    krav: new KravOgBetalingerApi(ctx.fetch, config.urls.skatteetaten),
    requests: new AccessRequests({ ctx, altinn, setup }),
    login,
    facade: new ClientDelegationApi(ctx.fetch, config.urls.altinn),
    setup,
    // The clients may be new after a setup: tokens of the old ones must not be used again.
    runSetup: setupRunner(ctx, () => tokens.clear()),
  };
  const session = await sessionMiddleware(config.dataDir, 'smartregnskap', config.urls.smartregnskap.startsWith('https:'));

  const app = createServiceApp(ctx, {
    errors: pageErrors(config),
    controlPlane: {
      onReset: () => {
        tokens.clear();
        login.clear();
      },
      extend: (router) => {
        router.post('/setup', async (_req, res) => {
          try {
            res.json(await deps.runSetup());
          } catch (err) {
            if (!(err instanceof SetupError)) throw err;
            problem(res, 502, 'SmartRegnskap setup failed', err.message);
          }
        });
      },
    },
    routes: (app) => {
      setupPages(app, { viewsDir, theme: 'portal', messages: MESSAGES, siteName: SITE_NAME });
      app.use(session);
      app.use(pageLocals(ctx.clock));
      app.use(onboardingRoutes(deps));
      app.use(dashboardRoutes(deps));
      app.use(clientRoutes(deps));
      app.use(vendorAdminRoutes(deps));
    },
  });
  return { name: 'smartregnskap', handler: app, close: () => ctx.store.close() };
}
