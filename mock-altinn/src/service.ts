// mock-altinn: the Altinn platform — register, access management, resource registry, PDP, token
// exchange, system register, system-user requests and system users, and the approval pages.
// This file wires areas to routes, nothing else.
import type { TestbedConfig } from '@testbed/common/config';
import { createServiceContext } from '@testbed/common/context';
import type { ServiceInstance } from '@testbed/common/service';
import { createServiceApp } from '@testbed/common/service-app';
import { accessManagementRoutes } from './access-management/routes.js';
import { AltinnTokenIssuer } from './auth/issuer.js';
import { exchangeRoutes } from './auth/exchange.js';
import { openidRoutes } from './auth/openid.js';
import { TokenVerifier } from './auth/verify.js';
import { authorizeRoutes } from './authorization/authorize.js';
import { clientDelegationRoutes } from './client-delegation/routes.js';
import type { AltinnDeps } from './deps.js';
import { authenticationControlPlane } from './fixtures.js';
import { altinnPages } from './pages/index.js';
import { altinnErrorFormat } from './problems.js';
import { resourceRegistryRoutes } from './resource-registry/routes.js';
import { changeRequestRoutes } from './requests/change-request-routes.js';
import { portalRequestRoutes } from './requests/portal-routes.js';
import { vendorRequestRoutes } from './requests/vendor-routes.js';
import { seedAltinn } from './seed.js';
import { systemRegisterRoutes } from './system-register/routes.js';
import { systemUserRoutes } from './system-users/routes.js';

export async function createAltinn(config: TestbedConfig): Promise<ServiceInstance> {
  const ctx = await createServiceContext('altinn', config, seedAltinn);
  const issuer = await AltinnTokenIssuer.open(config, ctx.clock);
  const deps: AltinnDeps = { ctx, issuer, verifier: new TokenVerifier(ctx, issuer) };
  const pages = await altinnPages(deps);
  const app = createServiceApp(ctx, {
    errors: altinnErrorFormat,
    controlPlane: authenticationControlPlane(deps),
    routes: (app) => {
      app.use(openidRoutes(deps));
      app.use(resourceRegistryRoutes(deps));
      app.use(accessManagementRoutes(deps));
      app.use(authorizeRoutes(deps));
      app.use(exchangeRoutes(deps));
      app.use(systemRegisterRoutes(deps));
      // Vendor routes before the portal's: `request/vendor/{id}` would otherwise bind as `{party}/{requestId}`.
      app.use(vendorRequestRoutes(deps));
      app.use(portalRequestRoutes(deps));
      app.use(changeRequestRoutes(deps));
      app.use(systemUserRoutes(deps));
      app.use(clientDelegationRoutes(deps));
      // Last: the pages answer only what no API route does.
      app.use(pages);
    },
  });
  return { name: 'altinn', handler: app, close: () => ctx.store.close() };
}
