// The portal's request endpoints (altinn-authentication.md §3.6, §4.3): what the approval page's
// backend calls with the logged-in person's Altinn token (exchanged from ID-porten, scope
// `altinn:portal/enduser`). Thin: approval.ts decides.
import express, { type Request, type Response, type Router } from 'express';
import { authOf } from '../auth/verify.js';
import type { AltinnDeps } from '../deps.js';
import { guidValue, intValue, routeValue } from '../model-binding.js';
import { PlainResult } from '../problems.js';
import { SCOPE } from '../scopes.js';
import type { AltinnState } from '../state.js';
import { approveRequest, escalateRequest, pendingRequests, rejectRequest, requestForParty, requestForPerson, type Decider } from './approval.js';
import type { RequestKind } from './model.js';
import { requestTime, type RequestTime } from './status.js';
import { REQUEST_BASE } from './vendor-routes.js';
import { agentRequestResponse, requestResponse } from './views.js';

/** The logged-in person (`pid` of a person token); a token without one may not use the portal: 403. */
export function personOf(res: Response): string {
  const pid = authOf(res).pid;
  if (!pid) throw new PlainResult(403);
  return pid;
}

export const partyValue = (req: Request) => intValue('party', routeValue(req, 'party'));

export function portalRequestRoutes({ ctx, verifier }: AltinnDeps): Router {
  const router = express.Router();
  const portal = verifier.require({ anyScope: [SCOPE.portal] });

  const decider = (req: Request, res: Response, kind: RequestKind): Decider => ({
    partyId: partyValue(req),
    requestId: guidValue('requestId', routeValue(req, 'requestId')),
    pid: personOf(res),
    kind,
  });

  for (const kind of ['agent', 'standard'] as const) {
    const prefix = kind === 'agent' ? '/agent' : '';
    const view = kind === 'agent' ? agentRequestResponse : requestResponse;

    router.get(`${prefix}/:party/:orgno/pending`, portal, async (req, res) => {
      const partyId = partyValue(req);
      const t = requestTime(ctx);
      const requests = await ctx.store.read((s) => pendingRequests(s, partyId, routeValue(req, 'orgno'), personOf(res), kind, t));
      res.json(requests.map((r) => view(r, t)));
    });

    router.get(`${prefix}/:requestId`, portal, async (req, res) => {
      const id = guidValue('requestId', routeValue(req, 'requestId'));
      res.json(await ctx.store.read((s) => requestForPerson(s, id, personOf(res), kind, requestTime(ctx))));
    });

    router.get(`${prefix}/:party/:requestId`, portal, async (req, res) => {
      const d = decider(req, res, kind);
      res.json(view(await ctx.store.read((s) => requestForParty(s, d)), requestTime(ctx)));
    });

    const decide = (action: (s: AltinnState, d: Decider, t: RequestTime) => unknown) => async (req: Request, res: Response) => {
      const d = decider(req, res, kind);
      await ctx.store.update((s) => action(s, d, requestTime(ctx)));
      res.json(true);
    };
    router.post(`${prefix}/:party/:requestId/approve`, portal, decide(approveRequest));
    router.post(`${prefix}/:party/:requestId/reject`, portal, decide(rejectRequest));
    router.post(`${prefix}/:party/:requestId/escalate`, portal, decide(escalateRequest));
  }

  return express.Router().use(REQUEST_BASE, router);
}
