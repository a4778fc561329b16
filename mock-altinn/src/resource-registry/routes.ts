// The resource registry's HTTP surface: resources, their policies and access lists.
import express, { type Router } from 'express';
import type { AltinnDeps } from '../deps.js';
import { accessListRoutes } from './access-lists.js';
import { policyRoutes } from './policies.js';
import { resourceRoutes } from './resources.js';
import { malformedRouteValue } from './route-values.js';

export function resourceRegistryRoutes(deps: AltinnDeps): Router {
  const router = express.Router();
  router.use(resourceRoutes(deps));
  router.use(policyRoutes(deps));
  router.use(accessListRoutes(deps));
  router.use(malformedRouteValue);
  return router;
}
