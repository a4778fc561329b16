// `authentication/api/v1/systemuser/changerequest`: vendors create, read, list and delete change
// requests; the portal reads, approves and rejects them (altinn-authentication.md §7.1).
import express, { type Request, type Response, type Router } from 'express';
import { isUuid } from '@testbed/common/identifiers';
import { authOf } from '../auth/verify.js';
import type { AltinnDeps } from '../deps.js';
import { bindBody, fromBody, guidValue, queryString, routeValue } from '../model-binding.js';
import { continuationKey, paginated, takePage } from '../pagination.js';
import { PlainResult } from '../problems.js';
import { SCOPE } from '../scopes.js';
import type { AltinnState } from '../state.js';
import {
  approveChangeRequest,
  changeRequestForParty,
  changeRequestForPerson,
  createChangeRequest,
  findChangeRequest,
  rejectChangeRequest,
  type ChangeDecider,
} from './change-requests.js';
import type { ChangeRequest } from './model.js';
import { partyValue, personOf } from './portal-routes.js';
import { CHANGE_REQUEST } from './schemas.js';
import { requestTime, type RequestTime } from './status.js';
import { requireOwnSystem, vendorOf, vendorRead } from './vendor-routes.js';
import { changeRequestResponse, confirmUrl, internalChangeRequestResponse } from './views.js';

const BASE = '/authentication/api/v1/systemuser/changerequest';
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** The two ids of a create: plain-text 400s as the real controller writes them, binding errors for non-GUIDs. */
function createIds(req: Request): { correlationId: string; systemUserId: string } {
  const rawCorrelation = queryString(req, 'correlation-id');
  const rawSystemUser = queryString(req, 'system-user-id');
  const correlationId = rawCorrelation === undefined ? NIL_UUID : guidValue('correlation-id', rawCorrelation);
  const systemUserId = rawSystemUser === undefined ? NIL_UUID : guidValue('system-user-id', rawSystemUser);
  if (correlationId === NIL_UUID) {
    throw new PlainResult(400, 'The correlation-id query parameter is required: send a fresh RFC 4122 UUID for each new change request.');
  }
  if (correlationId === systemUserId) throw new PlainResult(400, 'The correlation-id must not be the same as the system-user-id.');
  return { correlationId, systemUserId };
}

export function changeRequestRoutes({ ctx, verifier }: AltinnDeps): Router {
  const router = express.Router();
  const write = verifier.require({ anyScope: [SCOPE.requestWrite] });
  const read = verifier.require({ anyScope: [SCOPE.requestRead] });
  const portal = verifier.require({ anyScope: [SCOPE.portal] });
  const altinnUrl = ctx.config.urls.altinn;
  const view = (cr: ChangeRequest, t: RequestTime) => changeRequestResponse(cr, t, confirmUrl(altinnUrl, 'changerequest', cr.id));

  router.post('/vendor', write, fromBody, async (req, res) => {
    const body = bindBody(req.body, CHANGE_REQUEST);
    const ids = createIds(req);
    const t = requestTime(ctx);
    const { created, changeRequest } = await ctx.store.update((s) => createChangeRequest(s, { ...ids, vendorOrgNo: authOf(res).consumerOrgNo, body }, t));
    if (created) res.status(201).location(`${altinnUrl}${BASE}/${changeRequest.id}`);
    res.json(view(changeRequest, t));
  });

  // Quirk copied: this lookup answers the first match, with empty access-package lists.
  router.get('/vendor/byexternalref/:systemId/:orgNo/:externalRef', read, async (req, res) => {
    const [systemId, orgNo, externalRef] = ['systemId', 'orgNo', 'externalRef'].map((n) => routeValue(req, n));
    const found = await vendorRead(ctx.store, res, (s) =>
      s.changeRequests.find((cr) => !cr.isDeleted && cr.systemId === systemId && cr.partyOrgNo === orgNo && cr.externalRef === externalRef),
    );
    res.json(view({ ...found, requiredAccessPackages: [], unwantedAccessPackages: [] }, requestTime(ctx)));
  });

  /** Quirk copied: the token is read but ignored, so every call answers the first page. */
  router.get('/vendor/bysystem/:systemId', read, async (req, res) => {
    const vendorOrgNo = vendorOf(res);
    continuationKey(req, isUuid);
    const systemId = routeValue(req, 'systemId');
    const t = requestTime(ctx);
    const list = await ctx.store.read((s) => {
      requireOwnSystem(s, systemId, vendorOrgNo);
      return s.changeRequests.filter((cr) => !cr.isDeleted && cr.systemId === systemId);
    });
    const page = takePage(list, () => true, ctx.config.altinn.pageSize, (cr) => cr.id);
    res.json(paginated(req, altinnUrl, page, page.items.map((cr) => view(cr, t))));
  });

  router.get('/vendor/:requestId', read, async (req, res) => {
    const id = guidValue('requestId', routeValue(req, 'requestId'));
    res.json(view(await vendorRead(ctx.store, res, (s) => findChangeRequest(s, id)), requestTime(ctx)));
  });

  router.delete('/vendor/:requestId', write, async (req, res) => {
    const id = guidValue('requestId', routeValue(req, 'requestId'));
    await ctx.store.update((s) => {
      findChangeRequest(s, id).isDeleted = true;
    });
    res.status(202).end();
  });

  // The portal.
  const decider = (req: Request, res: Response): ChangeDecider => ({
    partyId: partyValue(req),
    changeRequestId: guidValue('requestId', routeValue(req, 'requestId')),
    pid: personOf(res),
  });

  router.get('/:requestId', portal, async (req, res) => {
    const id = guidValue('requestId', routeValue(req, 'requestId'));
    const { changeRequest, party } = await ctx.store.read((s) => changeRequestForPerson(s, id));
    res.json(internalChangeRequestResponse(changeRequest, party, requestTime(ctx)));
  });

  router.get('/:party/:requestId', portal, async (req, res) => {
    const d = decider(req, res);
    const { changeRequest, party } = await ctx.store.read((s) => changeRequestForParty(s, d));
    res.json(internalChangeRequestResponse(changeRequest, party, requestTime(ctx)));
  });

  const decide = (action: (s: AltinnState, d: ChangeDecider, t: RequestTime) => void) => async (req: Request, res: Response) => {
    const d = decider(req, res);
    await ctx.store.update((s) => action(s, d, requestTime(ctx)));
    res.json(true);
  };
  router.post('/:party/:requestId/approve', portal, decide(approveChangeRequest));
  router.post('/:party/:requestId/reject', portal, decide(rejectChangeRequest));

  return express.Router().use(BASE, router);
}
