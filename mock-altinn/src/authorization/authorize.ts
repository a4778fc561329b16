// The external PDP, `POST /authorization/api/v1/authorize` (authorization.md §1). Needs an Altinn
// token (a Maskinporten token must be exchanged first) with `altinn:authorization/authorize` or
// `…authorize.admin`. The `Ocp-Apim-Subscription-Key` header that Altinn's API gateway requires
// is accepted with any value or none: the test-bed has no gateway.
import express, { type Router } from 'express';
import type { AltinnDeps } from '../deps.js';
import { fromBody } from '../model-binding.js';
import { decide } from './decide.js';
import { decisionRequests } from './request.js';

const AUTHORIZE_SCOPES = ['altinn:authorization/authorize', 'altinn:authorization/authorize.admin'];

export function authorizeRoutes({ ctx, verifier }: AltinnDeps): Router {
  const router = express.Router();
  router.post(
    '/authorization/api/v1/authorize',
    verifier.require({ anyScope: AUTHORIZE_SCOPES, sources: ['altinn'] }),
    fromBody,
    async (req, res) => {
      const requests = decisionRequests(req.body);
      const response = await ctx.store.read((s) => requests.map((r) => decide(s, r)));
      res.json({ response });
    },
  );
  return router;
}
