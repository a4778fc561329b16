// POST /token: a form-encoded JWT-bearer grant in, an access token out (reference §2, §5).
import type { Express, NextFunction, Request, Response } from 'express';
import type { KeyRing } from '@testbed/common/keys';
import { formBody } from '@testbed/common/service-app';
import { OAuthError } from '../errors.js';
import { JWT_BEARER } from '../state.js';
import { GRANT } from './errors.js';
import { decodeGrant, validateGrant, type GrantContext } from './grant-checks.js';
import { issueAccessToken } from './issue.js';
import type { TokenStats } from './stats.js';

export interface TokenEndpointContext extends GrantContext {
  keys: KeyRing;
  stats: TokenStats;
}

/** A JSON body is the usual mistake (the Altinn usetoken guide shows one); say what is expected. */
function requireForm(req: Request, _res: Response, next: NextFunction): void {
  if (req.is('application/x-www-form-urlencoded')) return next();
  const got = req.get('content-type') ?? 'no Content-Type';
  const hint = req.is('application/json')
    ? 'the body is JSON; send the grant form-encoded: grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<signed JWT> (the JSON in the Altinn usetoken guide is the grant\'s claim set, not the request body)'
    : `got ${got}`;
  throw new OAuthError(GRANT.notForm, hint);
}

function formParameter(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (Array.isArray(value)) throw new OAuthError({ error: 'invalid_request', description: `Parameter ${name} is given more than once` });
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function tokenEndpoint(app: Express, t: TokenEndpointContext): void {
  app.post('/token', requireForm, formBody(), async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const grantType = formParameter(body, 'grant_type');
    if (!grantType) throw new OAuthError(GRANT.missingGrantType, 'grant_type is missing from the form body');
    if (grantType !== JWT_BEARER) throw new OAuthError(GRANT.unsupportedGrantType, `grant_type is ${JSON.stringify(grantType)}`);
    const assertion = formParameter(body, 'assertion');
    if (!assertion) throw new OAuthError(GRANT.missingAssertion, 'assertion (the signed JWT grant) is missing from the form body');

    const grant = decodeGrant(assertion);
    const clientId = typeof grant.claims.iss === 'string' ? grant.claims.iss.slice(0, 128) : '(no iss)';
    try {
      const { subject, used } = await validateGrant(grant, t);
      const [response] = await Promise.all([issueAccessToken(t.keys, t.issuer, subject, t.ctx.clock.nowSeconds()), used]);
      t.stats.record(clientId);
      res.set('Cache-Control', 'no-store').set('Pragma', 'no-cache').json(response);
    } catch (err) {
      t.stats.record(clientId, err instanceof OAuthError ? (err.problem.code ?? err.problem.error) : 'server_error');
      throw err;
    }
  });
}
