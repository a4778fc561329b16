// `authentication/api/v1/systemuser/request/vendor…`: vendors create, read, list and delete
// standard and agent requests (altinn-authentication.md §3.1, §4.2). The vendor is the token's
// `consumer`; reads without one are 401 with an empty body.
import express, { type Request, type Response, type Router } from 'express';
import { isUuid } from '@testbed/common/identifiers';
import type { StateStore } from '@testbed/common/store';
import { authOf } from '../auth/verify.js';
import type { AltinnDeps } from '../deps.js';
import { bindBody, fromBody, guidValue, routeValue, trimStrings } from '../model-binding.js';
import { continuationKey, paginated, takePage } from '../pagination.js';
import { AltinnProblem, PlainResult } from '../problems.js';
import { SCOPE } from '../scopes.js';
import type { AltinnState } from '../state.js';
import { findSystem } from '../system-register/register.js';
import { createRequest, keyOf, type RequestBody } from './create.js';
import type { RequestKind, SystemUserRequest } from './model.js';
import { CREATE_AGENT_REQUEST, CREATE_REQUEST } from './schemas.js';
import { requestTime, type RequestTime } from './status.js';
import { sameKey } from './validation.js';
import { agentRequestResponse, confirmUrl, requestResponse } from './views.js';

export const REQUEST_BASE = '/authentication/api/v1/systemuser/request';

/** The vendor of a read: the token's consumer, else 401 empty. */
export function vendorOf(res: Response): string {
  const orgNo = authOf(res).consumerOrgNo;
  if (!orgNo) throw new PlainResult(401);
  return orgNo;
}

/** The system must be the vendor's (deleted ones too, as the lookup ignores `is_deleted`); AUTH-00011. */
export function requireOwnSystem(s: Readonly<AltinnState>, systemId: string, vendorOrgNo: string): void {
  if (findSystem(s, systemId)?.vendorOrgNo !== vendorOrgNo) throw new AltinnProblem('AUTH-00011');
}

/**
 * A vendor's read of a request or change request: 401 empty without a vendor, AUTH-00010 when
 * `find` finds nothing, AUTH-00011 when it belongs to another vendor's system.
 */
export function vendorRead<T extends { systemId: string }>(store: StateStore<AltinnState>, res: Response, find: (s: Readonly<AltinnState>) => T | undefined): Promise<T> {
  const vendorOrgNo = vendorOf(res);
  return store.read((s) => {
    const found = find(s);
    if (!found) throw new AltinnProblem('AUTH-00010');
    requireOwnSystem(s, found.systemId, vendorOrgNo);
    return found;
  });
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function vendorRequestRoutes({ ctx, verifier }: AltinnDeps): Router {
  const router = express.Router();
  const write = verifier.require({ anyScope: [SCOPE.requestWrite] });
  const read = verifier.require({ anyScope: [SCOPE.requestRead] });
  const altinnUrl = ctx.config.urls.altinn;

  const view = (kind: RequestKind, r: SystemUserRequest, t: RequestTime) =>
    kind === 'agent' ? agentRequestResponse(r, t, confirmUrl(altinnUrl, 'agentrequest', r.id)) : requestResponse(r, t, confirmUrl(altinnUrl, 'request', r.id));

  const create = (kind: RequestKind, model: typeof CREATE_REQUEST) => async (req: Request, res: Response) => {
    const body: RequestBody = trimStrings(bindBody(req.body, model));
    const t = requestTime(ctx);
    const { created, request } = await ctx.store.update((s) => createRequest(s, kind, body, authOf(res).consumerOrgNo, t));
    // The Location is the portal's route, not the vendor's GET.
    if (created) res.status(201).location(`${altinnUrl}${REQUEST_BASE}/${request.id}`);
    res.json(view(kind, request, t));
  };
  router.post('/vendor', write, fromBody, create('standard', CREATE_REQUEST));
  router.post('/vendor/agent', write, fromBody, create('agent', CREATE_AGENT_REQUEST));

  /**
   * Every non-deleted request of the kind for the vendor's system, by id. With the quirk (default)
   * the next page starts after the continuation id, so the first item of every next page is lost,
   * as in the real repository; without it the next page starts at that item.
   */
  const bySystem = (kind: RequestKind) => async (req: Request, res: Response) => {
    const vendorOrgNo = vendorOf(res);
    const systemId = routeValue(req, 'systemId');
    const from = continuationKey(req, isUuid);
    const t = requestTime(ctx);
    const requests = await ctx.store.read((s) => {
      requireOwnSystem(s, systemId, vendorOrgNo);
      return s.requests.filter((r) => !r.isDeleted && r.kind === kind && r.systemId === systemId).sort(byId);
    });
    const skipBoundary = ctx.config.altinn.paginationQuirk;
    const startsHere = (r: SystemUserRequest) => from === undefined || (skipBoundary ? r.id > from : r.id >= from);
    const page = takePage(requests, startsHere, ctx.config.altinn.pageSize, (r) => r.id);
    res.json(paginated(req, altinnUrl, page, page.items.map((r) => view(kind, r, t))));
  };
  router.get('/vendor/bysystem/:systemId', read, bySystem('standard'));
  router.get('/vendor/agent/bysystem/:systemId', read, bySystem('agent'));

  /** The newest non-deleted request of the kind with the key. */
  const byExternalRef = (kind: RequestKind) => async (req: Request, res: Response) => {
    const key = keyOf({ systemId: routeValue(req, 'systemId'), partyOrgNo: routeValue(req, 'orgNo'), externalRef: routeValue(req, 'externalRef') });
    const request = await vendorRead(ctx.store, res, (s) => s.requests.filter((r) => !r.isDeleted && r.kind === kind && sameKey(r, key)).at(-1));
    res.json(view(kind, request, requestTime(ctx)));
  };
  router.get('/vendor/byexternalref/:systemId/:orgNo/:externalRef', read, byExternalRef('standard'));
  router.get('/vendor/agent/byexternalref/:systemId/:orgNo/:externalRef', read, byExternalRef('agent'));

  /** The standard GET does not filter on the kind: agent requests come back in the standard shape. */
  const byGuid = (kind: RequestKind) => async (req: Request, res: Response) => {
    const id = guidValue('requestId', routeValue(req, 'requestId'));
    const request = await vendorRead(ctx.store, res, (s) => s.requests.find((r) => r.id === id && !r.isDeleted && (kind === 'standard' || r.kind === 'agent')));
    res.json(view(kind, request, requestTime(ctx)));
  };
  router.get('/vendor/agent/:requestId', read, byGuid('agent'));
  router.get('/vendor/:requestId', read, byGuid('standard'));

  /** Soft delete; the real endpoint does not check that the caller owns the request's system. */
  router.delete('/vendor/:requestId', write, async (req, res) => {
    const id = guidValue('requestId', routeValue(req, 'requestId'));
    await ctx.store.update((s) => {
      const request = s.requests.find((r) => r.id === id && !r.isDeleted);
      if (!request) throw new AltinnProblem('AUTH-00010');
      request.isDeleted = true;
    });
    res.status(202).end();
  });

  return express.Router().use(REQUEST_BASE, router);
}
