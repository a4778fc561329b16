// ID-porten's self-contained access token: a JWT signed with ID-porten's key whose claims come in
// the order of real tt02 tokens: sub, acr, scope, iss, client_amr, pid, exp, iat, jti, client_id,
// consumer. No `aud` unless a resource was asked for (this mock takes none). `sub` is the pid in
// the access token while the ID token's `sub` is pairwise, as both real tokens show.
//
// oidc-provider issues opaque access tokens; they stay behind the JWT so that /userinfo, expiry
// with the session and revocation keep working. The JWT's `jti` names a server-side reference to
// the opaque token, so the opaque value never leaves the server.
import { randomBytes } from 'node:crypto';
import { createLocalJWKSet, jwtVerify } from 'jose';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { KeyRing } from '@testbed/common/keys';
import { iso6523 } from '@testbed/common/identifiers';
import type { StateStore } from '@testbed/common/store';
import { FileAdapter, type IdportenRecords } from './adapter.js';

export interface AccessTokenClaims {
  sub: string;
  acr: string;
  scope: string;
  iss: string;
  client_amr: 'client_secret_basic' | 'client_secret_post';
  pid: string;
  exp: number;
  iat: number;
  jti: string;
  client_id: string;
  consumer: { authority: string; ID: string };
}

export class JwtAccessTokens {
  private readonly references: FileAdapter;
  private readonly opaque: FileAdapter;

  constructor(
    private readonly deps: {
      issuer: string;
      keys: KeyRing;
      store: StateStore<IdportenRecords>;
      /** Owner organisation number per client id. */
      consumers: Map<string, string>;
    },
  ) {
    this.references = new FileAdapter(deps.store, 'AccessTokenReference');
    this.opaque = new FileAdapter(deps.store, 'AccessToken');
  }

  /** After the token endpoint answered an authorization code grant: puts the JWT in place of the opaque token. */
  async replaceInTokenResponse(ctx: KoaContextWithOIDC): Promise<void> {
    const { AccessToken: token, AuthorizationCode: code, Client: client } = ctx.oidc.entities;
    const body = ctx.body as Record<string, unknown> | undefined;
    if (!token?.jti || !code || !client || typeof body?.access_token !== 'string') return;
    const stored = await this.opaque.find(token.jti);
    const orgNo = this.deps.consumers.get(client.clientId);
    if (!stored?.iat || !stored.exp || !token.accountId || !orgNo) return;
    const jti = randomBytes(8).toString('base64url');
    await this.references.upsert(jti, { handle: token.jti, grantId: token.grantId }, stored.exp - stored.iat);
    const claims: AccessTokenClaims = {
      sub: token.accountId,
      acr: code.acr ?? '',
      scope: token.scope ?? '',
      iss: this.deps.issuer,
      client_amr: ctx.get('authorization').toLowerCase().startsWith('basic ') ? 'client_secret_basic' : 'client_secret_post',
      pid: token.accountId,
      exp: stored.exp,
      iat: stored.iat,
      jti,
      client_id: client.clientId,
      consumer: iso6523(orgNo),
    };
    body.access_token = await this.deps.keys.sign(claims);
  }

  /**
   * Before oidc-provider's /userinfo: a valid JWT in the Authorization header is replaced by the
   * opaque token it stands for. Anything else is left alone, for oidc-provider to answer with
   * `invalid_token`.
   */
  async resolveBearer(ctx: KoaContextWithOIDC): Promise<void> {
    const header = ctx.get('authorization');
    if (!header.startsWith('Bearer ')) return;
    try {
      const { payload } = await jwtVerify(header.slice(7), createLocalJWKSet(this.deps.keys.jwks(0)), {
        issuer: this.deps.issuer,
        algorithms: ['RS256'],
      });
      const reference = typeof payload.jti === 'string' ? await this.references.find(payload.jti) : undefined;
      if (typeof reference?.handle === 'string') ctx.req.headers.authorization = `Bearer ${reference.handle}`;
    } catch {
      // An expired, foreign or malformed token: oidc-provider finds no such token and says so.
    }
  }
}
