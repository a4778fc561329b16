// The self-service API under /api/v1 (reference §9), as at api.test.samarbeid.digdir.no.
import express, { type Router } from 'express';
import type { MaskinportenContext } from '../state.js';
import { accessRoutes } from './access.js';
import type { SelfServiceAuth } from './auth.js';
import { clientRoutes } from './clients.js';
import { scopeRoutes } from './scopes.js';

export function selfServiceApi(ctx: MaskinportenContext, auth: SelfServiceAuth): Router {
  const router = express.Router();
  clientRoutes(router, ctx, auth);
  accessRoutes(router, ctx, auth);
  scopeRoutes(router, ctx, auth);
  return router;
}
