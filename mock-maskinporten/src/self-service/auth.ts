// The self-service API is protected by Maskinporten itself: a Maskinporten token of the calling
// organisation (`consumer`) with the right scope. The mock checks its own signature, issuer and
// expiry on the test-bed clock, with its own public keys (no HTTP round trip to itself).
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { createLocalJWKSet, type JWTVerifyGetKey } from 'jose';
import type { TestbedConfig } from '@testbed/common/config';
import { orgNoFromIso6523 } from '@testbed/common/identifiers';
import { bearerToken, TokenError, verifyToken } from '@testbed/common/jwt';
import type { KeyRing } from '@testbed/common/keys';
import type { Clock } from '@testbed/common/clock';
import { OAuthError } from '../errors.js';

/** The calling organisation, set by `require`. */
export const callerOrg = (res: Response): string => res.locals.org as string;

export class SelfServiceAuth {
  private verifier: { kids: string; getKey: JWTVerifyGetKey } | null = null;

  constructor(
    private readonly config: TestbedConfig,
    private readonly keys: KeyRing,
    private readonly issuer: string,
    private readonly clock: Clock,
  ) {}

  /** Requires a valid token carrying at least one of `scopes`. */
  require(...scopes: string[]): RequestHandler {
    return async (req: Request, res: Response, next: NextFunction) => {
      const token = bearerToken(req.get('authorization'));
      const challenge = (error?: string) =>
        res.set('WWW-Authenticate', `Bearer realm="maskinporten-self-service"${error ? `, error="${error}"` : ''}, scope="${scopes.join(' ')}"`);
      if (!token) {
        challenge();
        throw new OAuthError({ status: 401, error: 'invalid_token', description: 'Missing bearer token' }, `send Authorization: Bearer <a Maskinporten token with ${scopes.join(' or ')}>`);
      }
      let payload;
      try {
        payload = await verifyToken(token, this.getKey(), { issuer: this.issuer, clock: this.clock });
      } catch (err) {
        if (!(err instanceof TokenError)) throw err;
        challenge('invalid_token');
        throw new OAuthError({ status: 401, error: 'invalid_token', description: 'The access token is invalid' }, `${err.problem}: ${err.message}`);
      }
      const org = orgNoFromIso6523(payload.consumer);
      if (!org) {
        challenge('invalid_token');
        throw new OAuthError({ status: 401, error: 'invalid_token', description: 'The access token has no consumer organisation' });
      }
      const granted = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
      if (!scopes.some((s) => granted.includes(s))) {
        challenge('insufficient_scope');
        throw new OAuthError(
          { status: 403, error: 'insufficient_scope', description: `The access token lacks the scope ${scopes.join(' or ')}` },
          `the token has scope "${granted.join(' ')}"`,
        );
      }
      res.locals.org = org;
      next();
    };
  }

  /** A key set built from the published keys; rebuilt when they change (rotation, grace over). */
  private getKey(): JWTVerifyGetKey {
    const jwks = this.keys.jwks(this.config.maskinporten.keyRotationGraceSeconds);
    const kids = jwks.keys.map((k) => k.kid).join(' ');
    if (this.verifier?.kids !== kids) this.verifier = { kids, getKey: createLocalJWKSet(jwks) };
    return this.verifier.getKey;
  }
}
