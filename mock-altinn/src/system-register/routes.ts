// `authentication/api/v1/systemregister`: the vendor API (own systems, or any with the admin scope)
// and the portal's reads of visible systems. Handlers bind and answer; register.ts decides.
import express, { type Response, type Router } from 'express';
import { authOf } from '../auth/verify.js';
import type { AltinnDeps } from '../deps.js';
import { bindBody, fromBody, queryBool, routeValue, trimStrings } from '../model-binding.js';
import { PlainResult } from '../problems.js';
import { SCOPE, SYSTEM_REGISTER_SCOPES } from '../scopes.js';
import {
  changeLog,
  checkNewSystem,
  deleteSystem,
  findSystem,
  insertSystem,
  replaceAccessPackages,
  replaceRights,
  replaceSystem,
  systemForVendor,
  type Caller,
} from './register.js';
import { ACCESS_PACKAGES, REGISTER_SYSTEM, RIGHTS } from './schemas.js';
import { toSystemDto, toSystemResponse, withOldAppFormat } from './views.js';


function callerOf(res: Response): Caller {
  const auth = authOf(res);
  const clientId = auth.claims.client_id;
  return {
    ...(auth.consumerOrgNo ? { orgNo: auth.consumerOrgNo } : {}),
    admin: auth.scopes.has(SCOPE.systemRegisterAdmin),
    ...(typeof clientId === 'string' ? { clientId } : {}),
  };
}

const succeeded = { succeeded: true };

export function systemRegisterRoutes({ ctx, verifier }: AltinnDeps): Router {
  const router = express.Router();
  const vendor = verifier.require({ anyScope: SYSTEM_REGISTER_SCOPES });
  const portal = verifier.require({ anyScope: [SCOPE.portal] });
  const now = () => ctx.clock.date().toISOString();

  router.get('/vendor', vendor, async (_req, res) => {
    const { orgNo } = callerOf(res);
    if (!orgNo) throw new PlainResult(403);
    const systems = await ctx.store.read((s) => s.systems.filter((sys) => !sys.isDeleted && sys.vendorOrgNo === orgNo));
    res.json(systems.map(toSystemDto));
  });

  router.post('/vendor', vendor, fromBody, async (req, res) => {
    const body = trimStrings(bindBody(req.body, REGISTER_SYSTEM));
    const caller = callerOf(res);
    await ctx.store.read((s) => checkNewSystem(s, body, caller));
    res.json(await ctx.store.update((s) => insertSystem(s, body, caller, now())));
  });

  router.get('/vendor/:systemId', vendor, async (req, res) => {
    res.json(toSystemResponse(await ctx.store.read((s) => systemForVendor(s, routeValue(req, 'systemId'), callerOf(res)))));
  });

  router.put('/vendor/:systemId', vendor, fromBody, async (req, res) => {
    const body = trimStrings(bindBody(req.body, REGISTER_SYSTEM));
    await ctx.store.update((s) => replaceSystem(s, routeValue(req, 'systemId'), body, callerOf(res), now()));
    res.json(succeeded);
  });

  router.put('/vendor/:systemId/rights', vendor, fromBody, async (req, res) => {
    const rights = bindBody(req.body, RIGHTS);
    await ctx.store.update((s) => replaceRights(s, routeValue(req, 'systemId'), rights, callerOf(res), now()));
    res.json(succeeded);
  });

  router.put('/vendor/:systemId/accesspackages', vendor, fromBody, async (req, res) => {
    const packages = bindBody(req.body, ACCESS_PACKAGES);
    await ctx.store.update((s) => replaceAccessPackages(s, routeValue(req, 'systemId'), packages, callerOf(res), now()));
    res.json(succeeded);
  });

  router.delete('/vendor/:systemId', vendor, async (req, res) => {
    await ctx.store.update((s) => deleteSystem(s, routeValue(req, 'systemId'), callerOf(res), now()));
    res.json(succeeded);
  });

  router.get('/vendor/:systemId/changelog', vendor, async (req, res) => {
    res.json(await ctx.store.read((s) => changeLog(s, routeValue(req, 'systemId'), callerOf(res))));
  });

  // The portal: the "create system access" dropdown lists visible systems only.
  router.get('/', portal, async (_req, res) => {
    const systems = await ctx.store.read((s) => s.systems.filter((sys) => !sys.isDeleted && sys.isVisible));
    res.json(systems.map(toSystemDto));
  });

  // Unknown systems: the real rights and access-package reads have no null check; 404 here.
  const portalSystem = (systemId: string) =>
    ctx.store.read((s) => {
      const system = findSystem(s, systemId);
      if (!system) throw new PlainResult(404);
      return system;
    });

  router.get('/:systemId', portal, async (req, res) => {
    res.json(toSystemDto(await portalSystem(routeValue(req, 'systemId'))));
  });

  router.get('/:systemId/rights', portal, async (req, res) => {
    const oldFormat = queryBool(req, 'useOldFormatForApp');
    const { rights } = await portalSystem(routeValue(req, 'systemId'));
    res.json(oldFormat ? rights.map(withOldAppFormat) : rights);
  });

  router.get('/:systemId/accesspackages', portal, async (req, res) => {
    res.json((await portalSystem(routeValue(req, 'systemId'))).accessPackages);
  });

  return express.Router().use('/authentication/api/v1/systemregister', router);
}
