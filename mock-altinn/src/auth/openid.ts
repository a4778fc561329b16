// Altinn's OpenID metadata and JWKS, so resource servers (the PDP, API providers) can verify
// exchanged tokens the way they verify the real ones.
import express, { type Router } from 'express';
import type { AltinnDeps } from '../deps.js';
import { OPENID_BASE } from './issuer.js';

export function openidRoutes({ issuer }: AltinnDeps): Router {
  const router = express.Router();
  router.get(`${OPENID_BASE}/.well-known/openid-configuration`, (_req, res) => {
    res.json(issuer.openidConfiguration());
  });
  router.get(`${OPENID_BASE}/.well-known/openid-configuration/jwks`, (_req, res) => {
    res.json(issuer.jwks());
  });
  return router;
}
