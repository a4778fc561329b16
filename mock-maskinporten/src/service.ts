// mock-maskinporten: Maskinporten (token endpoint, discovery, JWKS, self-service API) and
// ID-porten (an OIDC provider under /idporten). This file wires modules to routes, nothing else.
import { maskinportenIssuer, type TestbedConfig } from '@testbed/common/config';
import { createServiceContext } from '@testbed/common/context';
import { KeyRing } from '@testbed/common/keys';
import type { ServiceInstance } from '@testbed/common/service';
import { createServiceApp } from '@testbed/common/service-app';
import { certificateRoutes, TestCa } from './certificates.js';
import { operatorRoutes } from './control-plane.js';
import { delegationRoutes } from './delegations.js';
import { discovery } from './discovery.js';
import { maskinportenErrors } from './errors.js';
import { createIdporten } from './idporten/provider.js';
import { onboardingRoutes } from './onboarding.js';
import { samarbeidPage } from './samarbeid/page.js';
import { seed } from './seed.js';
import { selfServiceApi } from './self-service/api.js';
import { SelfServiceAuth } from './self-service/auth.js';
import { testTokenRoutes } from './test-tokens.js';
import { ReplayCache } from './token/replay-cache.js';
import { TokenStats } from './token/stats.js';
import { SystemUserLookup } from './token/system-user.js';
import { tokenEndpoint } from './token/token-endpoint.js';

export async function createMaskinporten(config: TestbedConfig): Promise<ServiceInstance> {
  const ctx = await createServiceContext('maskinporten', config, seed);
  const issuer = maskinportenIssuer(config);
  const keys = await KeyRing.open(config.dataDir, 'maskinporten', { bits: config.rsaBits, now: () => ctx.clock.now() });
  const replay = await ReplayCache.open(config.dataDir, 'maskinporten', () => ctx.clock.nowSeconds());
  const ca = TestCa.at(config.dataDir, config.rsaBits, () => ctx.clock.now());
  const stats = new TokenStats(() => ctx.clock.date());
  const systemUsers = new SystemUserLookup(ctx, keys, issuer);
  const keyCache = new Map<string, CryptoKey>();
  const auth = new SelfServiceAuth(config, keys, issuer, ctx.clock);
  const samarbeid = await samarbeidPage(ctx);
  const idporten = await createIdporten({ config, logger: ctx.logger });

  const app = createServiceApp(ctx, {
    errors: maskinportenErrors(config),
    controlPlane: {
      onReset: async () => {
        await replay.clear();
        stats.clear();
        keyCache.clear();
        systemUsers.forgetToken();
        await idporten.reset();
      },
      extend: (router) => {
        onboardingRoutes(router, ctx);
        testTokenRoutes(router, ctx, keys, issuer);
        delegationRoutes(router, ctx);
        certificateRoutes(router, ca);
        operatorRoutes(router, { config, keys, stats, rotated: () => systemUsers.forgetToken() });
      },
    },
    routes: (app) => {
      // Before any body parser: oidc-provider reads its own bodies.
      app.use('/idporten', idporten.handler);
      discovery(app, config, issuer, keys);
      tokenEndpoint(app, { ctx, issuer, keys, replay, ca, systemUsers, keyCache, stats });
      app.use('/api/v1', selfServiceApi(ctx, auth));
      app.use('/samarbeid', samarbeid);
    },
  });

  return {
    name: 'maskinporten',
    handler: app,
    close: async () => {
      await replay.close();
      await idporten.close();
      await ctx.store.close();
    },
  };
}
