// mock-altinn: the Altinn platform — register, access management, resource registry, PDP, token
// exchange, system register, system-user requests and system users, and the approval pages.
// This file wires areas to routes, nothing else.
import type { TestbedConfig } from '@testbed/common/config';
import { createServiceContext } from '@testbed/common/context';
import type { ServiceInstance } from '@testbed/common/service';
import { createServiceApp } from '@testbed/common/service-app';
import { AltinnTokenIssuer } from './auth/issuer.js';
import { openidRoutes } from './auth/openid.js';
import { TokenVerifier } from './auth/verify.js';
import type { AltinnDeps } from './deps.js';
import { altinnErrorFormat } from './problems.js';
import { seedAltinn } from './seed.js';

export async function createAltinn(config: TestbedConfig): Promise<ServiceInstance> {
  const ctx = await createServiceContext('altinn', config, seedAltinn);
  const issuer = await AltinnTokenIssuer.open(config, ctx.clock);
  const deps: AltinnDeps = { ctx, issuer, verifier: new TokenVerifier(ctx, issuer) };
  const app = createServiceApp(ctx, {
    errors: altinnErrorFormat,
    routes: (app) => {
      app.use(openidRoutes(deps));
    },
  });
  return { name: 'altinn', handler: app, close: () => ctx.store.close() };
}
