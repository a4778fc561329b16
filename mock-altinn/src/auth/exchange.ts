// `GET /authentication/api/v1/exchange/{tokenProvider}` (maskinporten.md §10): a Maskinporten or
// ID-porten token in, an Altinn token out as plain text. Every failure to read or trust the token
// is 401 with an empty body, as the real controller catches everything into Unauthorized().
import { randomUUID } from 'node:crypto';
import express, { type Router } from 'express';
import { decodeJwt } from 'jose';
import { UpstreamError } from '@testbed/common/http-client';
import { bearerToken, TokenError } from '@testbed/common/jwt';
import type { AltinnDeps } from '../deps.js';
import { queryBool, routeValue } from '../model-binding.js';
import { PlainResult, traceId } from '../problems.js';
import { orgByNo, personByPid } from '../register/parties.js';
import { idportenExchangeClaims, maskinportenExchangeClaims } from './exchange-claims.js';
import type { AuthContext, TokenSource } from './verify.js';

const ENTERPRISE_USER_HEADER = 'X-Altinn-EnterpriseUser-Authentication';

export function exchangeRoutes({ ctx, issuer, verifier }: AltinnDeps): Router {
  const router = express.Router();

  /** The token verified as one from `source`; anything else is Unauthorized(). */
  async function trusted(token: string, source: TokenSource): Promise<AuthContext> {
    try {
      const auth = await verifier.verify(token);
      if (auth.source === source && typeof auth.claims.exp === 'number') return auth;
    } catch (err) {
      if (!(err instanceof TokenError || err instanceof UpstreamError)) throw err;
    }
    throw new PlainResult(401);
  }

  const issue = () => ({ iss: issuer.issuer, jti: randomUUID(), nowSeconds: ctx.clock.nowSeconds() });

  router.get('/authentication/api/v1/exchange/:tokenProvider', async (req, res) => {
    const test = queryBool(req, 'test');
    const token = bearerToken(req.get('authorization'));
    if (!token) throw new PlainResult(401);
    try {
      decodeJwt(token);
    } catch {
      throw new PlainResult(401);
    }
    const provider = routeValue(req, 'tokenProvider');
    let claims: Record<string, unknown>;
    switch (provider.toLowerCase()) {
      case 'maskinporten': {
        const auth = await trusted(token, 'maskinporten');
        const orgNo = auth.consumerOrgNo;
        if (!orgNo) throw new PlainResult(401);
        if (req.get(ENTERPRISE_USER_HEADER) !== undefined) {
          res.status(410).type('application/problem+json').json({
            type: 'https://tools.ietf.org/html/rfc9110#section-15.5.11',
            title: 'Gone',
            status: 410,
            detail: 'Enterprise user authentication (virksomhetsbruker) has been removed. Use a system user.',
            traceId: traceId(),
          });
          return;
        }
        const scope = typeof auth.claims.scope === 'string' ? auth.claims.scope : '';
        // A substring test, as the real one: `altinn:serviceowner/instances.read` counts.
        const orgCode = scope.includes('altinn:serviceowner') ? await ctx.store.read((s) => orgByNo(s, orgNo)?.orgCode) : undefined;
        const serviceOwner = orgCode === 'digdir' && test ? 'ttd' : orgCode;
        claims = maskinportenExchangeClaims(auth.claims, { orgNo, ...(serviceOwner ? { serviceOwner } : {}) }, issue());
        break;
      }
      case 'id-porten': {
        const auth = await trusted(token, 'idporten');
        const scopes = [...auth.scopes];
        if (!scopes.some((s) => s.startsWith('altinn:'))) throw new PlainResult(403);
        const acr = auth.claims.acr;
        const person = auth.pid ? await ctx.store.read((s) => personByPid(s, auth.pid!)) : undefined;
        if (!person || typeof acr !== 'string' || !acr) throw new PlainResult(401);
        claims = idportenExchangeClaims(auth.claims, person, issue());
        break;
      }
      case 'altinnstudio':
        // Altinn Studio's own tokens do not exist in the test-bed, so none can be trusted.
        throw new PlainResult(401);
      default:
        throw new PlainResult(400, `Invalid token provider: ${provider}. Trusted token providers are 'Maskinporten', 'Id-porten' and 'AltinnStudio'.`);
    }
    res.type('text/plain').send(await issuer.sign(claims));
  });

  return router;
}
