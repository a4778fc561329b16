// Who is calling: verifies the bearer token (Maskinporten's, Altinn's own, or ID-porten's) and
// checks the scopes an endpoint requires. Failures are what ASP.NET's JwtCookie handler and
// scope policies give: 401 with an empty body, 403 with an empty body.
import { decodeJwt, createLocalJWKSet, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { NextFunction, Request, Response } from 'express';
import { idportenIssuer, maskinportenIssuer, type TestbedConfig } from '@testbed/common/config';
import type { ServiceContext } from '@testbed/common/context';
import { orgNoFromIso6523 } from '@testbed/common/identifiers';
import { bearerToken, remoteKeys, verifyToken, TokenError } from '@testbed/common/jwt';
import { PlainResult } from '../problems.js';
import type { AltinnTokenIssuer } from './issuer.js';

export type TokenSource = 'maskinporten' | 'altinn' | 'idporten';

export interface AuthContext {
  source: TokenSource;
  token: string;
  claims: JWTPayload & Record<string, unknown>;
  scopes: Set<string>;
  /** Org number of the `consumer` claim (vendor or API provider), when present and well-formed. */
  consumerOrgNo?: string;
  /** The person: `pid` of an ID-porten token or of an Altinn token exchanged from one. */
  pid?: string;
}

export interface AuthRequirement {
  /** The token must carry at least one of these scopes (RequireScopeAnyOf). Empty: any valid token. */
  anyScope?: string[];
  /** Token sources accepted; default Maskinporten and Altinn. */
  sources?: TokenSource[];
}

export class TokenVerifier {
  private readonly maskinportenKeys: JWTVerifyGetKey;
  private idportenKeys?: Promise<JWTVerifyGetKey>;

  constructor(
    private readonly ctx: ServiceContext<object>,
    private readonly altinn: AltinnTokenIssuer,
  ) {
    this.maskinportenKeys = remoteKeys(`${ctx.config.urls.maskinporten}/jwk`, ctx.fetch);
  }

  private localKeys?: { kids: string; keys: JWTVerifyGetKey };

  /** Altinn's own public keys, rebuilt only when the key ring changed (rotation). */
  private altinnKeys(): JWTVerifyGetKey {
    const jwks = this.altinn.jwks();
    const kids = jwks.keys.map((k) => k.kid).join(',');
    if (this.localKeys?.kids !== kids) this.localKeys = { kids, keys: createLocalJWKSet(jwks) };
    return this.localKeys.keys;
  }

  private get config(): TestbedConfig {
    return this.ctx.config;
  }

  /** ID-porten's jwks_uri comes from its discovery document, fetched once. */
  private idporten(): Promise<JWTVerifyGetKey> {
    this.idportenKeys ??= (async () => {
      const res = await this.ctx.fetch(`${idportenIssuer(this.config)}/.well-known/openid-configuration`);
      if (!res.ok) throw new TokenError('keys_unavailable', `ID-porten discovery answered ${res.status}`);
      const { jwks_uri } = (await res.json()) as { jwks_uri: string };
      return remoteKeys(jwks_uri, this.ctx.fetch);
    })().catch((err) => {
      this.idportenKeys = undefined;
      throw err;
    });
    return this.idportenKeys;
  }

  private sourceOf(iss: unknown): TokenSource | undefined {
    if (iss === maskinportenIssuer(this.config)) return 'maskinporten';
    if (iss === this.altinn.issuer) return 'altinn';
    if (iss === idportenIssuer(this.config)) return 'idporten';
    return undefined;
  }

  /** Verifies a token from any of the three issuers; throws TokenError. */
  async verify(token: string): Promise<AuthContext> {
    let iss: unknown;
    try {
      iss = decodeJwt(token).iss;
    } catch {
      throw new TokenError('malformed', 'The token is not a well-formed JWT.');
    }
    const source = this.sourceOf(iss);
    if (!source) throw new TokenError('issuer', `Tokens from issuer ${String(iss)} are not accepted.`);
    const keys = source === 'maskinporten' ? this.maskinportenKeys : source === 'altinn' ? this.altinnKeys() : await this.idporten();
    // Altinn validates Maskinporten tokens with 10 s clock skew (token exchange, JwtCookie).
    const claims = (await verifyToken(token, keys, { issuer: String(iss), clock: this.ctx.clock, clockToleranceSeconds: 10 })) as AuthContext['claims'];
    const scopes = new Set(typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : []);
    const consumerOrgNo = orgNoFromIso6523(claims.consumer) ?? undefined;
    const pid = typeof claims.pid === 'string' ? claims.pid : undefined;
    return { source, token, claims, scopes, ...(consumerOrgNo ? { consumerOrgNo } : {}), ...(pid ? { pid } : {}) };
  }

  /** Express middleware: 401 empty without a valid token, 403 empty without a required scope. */
  require(requirement: AuthRequirement = {}) {
    const sources = requirement.sources ?? ['maskinporten', 'altinn'];
    return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
      const token = bearerToken(req.get('authorization'));
      if (!token) return next(new PlainResult(401));
      let auth: AuthContext;
      try {
        auth = await this.verify(token);
      } catch (err) {
        if (err instanceof TokenError) {
          this.ctx.logger.debug({ problem: err.problem, message: err.message }, 'token rejected');
          return next(new PlainResult(401));
        }
        return next(err);
      }
      if (!sources.includes(auth.source)) return next(new PlainResult(401));
      if (requirement.anyScope?.length && !requirement.anyScope.some((s) => auth.scopes.has(s))) return next(new PlainResult(403));
      res.locals.auth = auth;
      next();
    };
  }
}

/** The verified caller of this request (set by `TokenVerifier.require`). */
export function authOf(res: Response): AuthContext {
  const auth = res.locals.auth as AuthContext | undefined;
  if (!auth) throw new Error('authOf called on a route without TokenVerifier.require');
  return auth;
}
