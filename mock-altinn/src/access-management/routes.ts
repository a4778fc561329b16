// Access management's HTTP surface in the test-bed: the metadata API and authorized parties.
import express, { type Router } from 'express';
import type { AltinnDeps } from '../deps.js';
import { malformedRouteValue } from '../resource-registry/route-values.js';
import { authorizedPartiesRoutes } from './authorized-parties.js';
import { metadataRoutes } from './metadata.js';

export function accessManagementRoutes(deps: AltinnDeps): Router {
  const router = express.Router();
  router.use(metadataRoutes(deps));
  router.use(authorizedPartiesRoutes(deps));
  router.use(malformedRouteValue);
  return router;
}
