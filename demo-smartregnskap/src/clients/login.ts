// A person's login to SmartRegnskap with ID-porten (OIDC authorization code + PKCE, openid-client),
// for the accounting firm's client administrator. The ID-porten access token is exchanged for an
// Altinn token at once (`GET …/exchange/id-porten`): that is what the client-delegation façade
// takes. Tokens stay in this process, keyed by a random handle in the signed session cookie, so
// neither the cookie nor the state file ever holds one.
import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import { decodeJwt } from 'jose';
import * as oidc from 'openid-client';
import { idportenConfiguration } from '@testbed/common/idporten-client';
import { UpstreamError } from '@testbed/common/http-client';
import { findPerson } from '@testbed/common/world';
import type { SmartRegnskapContext } from '../state.js';
import { callJson } from '../upstream.js';

export interface PersonLogin {
  pid: string;
  name: string;
  altinnToken: string;
  /** Test-bed clock, ms: when the Altinn token runs out. */
  expiresAt: number;
}

interface PendingLogin {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
}

type Session = { oidc?: PendingLogin; login?: string };

const sessionOf = (req: Request) => req.session as unknown as Session;

/** A login that did not go through: cancelled, a stale tab, a forged callback, ID-porten refusing. */
export class LoginError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LoginError';
  }
}

/**
 * openid-client wraps whatever went wrong in its own errors. An outage stays an outage (the page for
 * "ID-porten does not answer"); an OAuth refusal or a bad response becomes a failed login.
 */
function loginFailure(err: unknown): unknown {
  // ID-porten shares its host with Maskinporten in the test-bed; the page names the one that failed.
  if (err instanceof oidc.ClientError && err.cause instanceof UpstreamError) return new UpstreamError(err.cause.message, 'idporten');
  const coded = err instanceof TypeError && typeof (err as { code?: unknown }).code === 'string';
  if (coded || err instanceof oidc.ClientError || err instanceof oidc.AuthorizationResponseError || err instanceof oidc.ResponseBodyError) {
    return new LoginError((err as Error).message);
  }
  return err;
}

const LOGIN_SCOPE = 'openid profile altinn:clientdelegations.read altinn:clientdelegations.write';

export class IdportenLogin {
  /** ID-porten's metadata, fetched once (again after a failure, so an outage is not remembered). */
  private readonly discover: () => Promise<oidc.Configuration>;
  private readonly logins = new Map<string, PersonLogin>();

  constructor(private readonly ctx: SmartRegnskapContext) {
    this.discover = idportenConfiguration(ctx.config, 'smartregnskap', ctx.fetch);
  }

  private get callbackUrl(): string {
    return `${this.ctx.config.urls.smartregnskap}/login/callback`;
  }

  /** The URL to send the browser to; remembers state, nonce and PKCE verifier in the session. */
  async start(req: Request, returnTo: string): Promise<string> {
    const config = await this.discover().catch((err: unknown) => {
      throw loginFailure(err);
    });
    const pending: PendingLogin = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier: oidc.randomPKCECodeVerifier(), returnTo };
    sessionOf(req).oidc = pending;
    return oidc
      .buildAuthorizationUrl(config, {
        redirect_uri: this.callbackUrl,
        scope: LOGIN_SCOPE,
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
        code_challenge_method: 'S256',
      })
      .toString();
  }

  /** Finishes the login at the callback; returns where the person was going. */
  async finish(req: Request): Promise<string> {
    const session = sessionOf(req);
    const pending = session.oidc;
    if (!pending) throw new LoginError('no login in progress in this browser');
    delete session.oidc;
    const tokens = await this.discover()
      .then((config) =>
        oidc.authorizationCodeGrant(config, new URL(req.originalUrl, this.ctx.config.urls.smartregnskap), {
          pkceCodeVerifier: pending.verifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        }),
      )
      .catch((err: unknown) => {
        throw loginFailure(err);
      });
    const claims = tokens.claims();
    const pid = typeof claims?.pid === 'string' ? claims.pid : String(claims?.sub ?? '');
    const altinnToken = await this.exchange(tokens.access_token);
    const exp = decodeJwt(altinnToken).exp;
    const handle = randomBytes(24).toString('base64url');
    this.forgetExpired();
    this.logins.set(handle, {
      pid,
      name: findPerson(pid)?.name ?? pid,
      altinnToken,
      expiresAt: typeof exp === 'number' ? exp * 1000 : this.ctx.clock.now() + 30 * 60_000,
    });
    session.login = handle;
    return pending.returnTo;
  }

  /** `GET {altinn}/authentication/api/v1/exchange/id-porten`: the body is the Altinn token, a plain or JSON string. */
  private async exchange(idportenToken: string): Promise<string> {
    const url = `${this.ctx.config.urls.altinn}/authentication/api/v1/exchange/id-porten`;
    return String((await callJson<unknown>(this.ctx.fetch, 'altinn', 'GET', url, idportenToken)).body);
  }

  current(req: Request): PersonLogin | undefined {
    const handle = sessionOf(req).login;
    const login = handle ? this.logins.get(handle) : undefined;
    return login && login.expiresAt > this.ctx.clock.now() ? login : undefined;
  }

  logout(req: Request): void {
    const session = sessionOf(req);
    if (session.login) this.logins.delete(session.login);
    delete session.login;
  }

  clear(): void {
    this.logins.clear();
  }

  private forgetExpired(): void {
    const now = this.ctx.clock.now();
    for (const [handle, login] of this.logins) if (login.expiresAt <= now) this.logins.delete(handle);
  }
}
