// How a person gets into and out of Altinn's pages. Login: OpenID Connect authorization code with
// PKCE at mock ID-porten (openid-client as relying party, client `altinn` of the configuration),
// callback `/accessmanagement/ui/login/callback`, state, nonce and verifier in the session. Logout
// the way the platform does it (altinn-authentication.md §5 step 7): `GET authentication/api/v1/logout`
// clears the Altinn session and ends the ID-porten session (RP-initiated logout with the ID token as
// hint), ID-porten sends the browser to `…/logout/handleloggedout`, which reads the
// `AltinnLogoutInfo` cookie and redirects to the request's stored `redirectUrl`, exactly as the
// vendor gave it, or to Altinn's front page.
import express, { type Request, type Response, type Router } from 'express';
import * as oidc from 'openid-client';
import { z } from 'zod';
import { UpstreamError } from '@testbed/common/http-client';
import { idportenConfiguration } from '@testbed/common/idporten-client';
import { safeReturnPath } from '@testbed/common/session';
import type { AltinnDeps } from '../deps.js';
import { personByPid } from '../register/parties.js';
import type { AltinnState } from '../state.js';
import { LoginError, PageError } from './render.js';
import { personOf, sessionOf, type Person } from './session.js';

const LOGIN_PATH = '/accessmanagement/ui/login';
const CALLBACK_PATH = `${LOGIN_PATH}/callback`;
const LOGOUT_PATH = '/authentication/api/v1/logout';
const LOGGED_OUT_PATH = `${LOGOUT_PATH}/handleloggedout`;
const LOGIN_SCOPE = 'openid profile';

/** The cookie the approval pages leave for `handleloggedout`: which request's `redirectUrl` to go to. */
const LOGOUT_INFO_COOKIE = 'AltinnLogoutInfo';
export type LogoutTarget = 'SystemuserRequestId' | 'SystemuserAgentRequestId' | 'SystemuserChangeRequestId';
const logoutInfo = z.string().regex(/^(SystemuserRequestId|SystemuserAgentRequestId|SystemuserChangeRequestId)=([0-9a-fA-F-]{36})$/);

/**
 * openid-client wraps what went wrong in its own errors: an outage stays an outage (the "ID-porten
 * does not answer" page), a refusal or a response that does not check out is a failed login.
 */
function loginFailure(err: unknown, returnTo: string | undefined): unknown {
  if (err instanceof oidc.ClientError && err.cause instanceof UpstreamError) return err.cause;
  if (err instanceof oidc.AuthorizationResponseError) return new LoginError(err.error_description ?? err.error, returnTo, err.error === 'access_denied');
  const coded = err instanceof TypeError && typeof (err as { code?: unknown }).code === 'string';
  if (coded || err instanceof oidc.ClientError || err instanceof oidc.ResponseBodyError) return new LoginError((err as Error).message, returnTo);
  return err;
}

export class IdportenLogin {
  private readonly configuration: () => Promise<oidc.Configuration>;
  /** Altinn is served over https: its cookies say so. */
  readonly secure: boolean;

  constructor(private readonly deps: AltinnDeps) {
    this.configuration = idportenConfiguration(deps.ctx.config, 'altinn', deps.ctx.fetch);
    this.secure = deps.ctx.config.urls.altinn.startsWith('https:');
  }

  private url(path: string): string {
    return `${this.deps.ctx.config.urls.altinn}${path}`;
  }

  private discover(): Promise<oidc.Configuration> {
    return this.configuration().catch((err: unknown) => {
      throw loginFailure(err, undefined);
    });
  }

  /** Sends the browser to ID-porten; the session remembers state, nonce, verifier and where to return. */
  async start(req: Request, res: Response, returnTo: string): Promise<void> {
    const config = await this.discover();
    const pending = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier: oidc.randomPKCECodeVerifier(), returnTo };
    sessionOf(req).login = pending;
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.url(CALLBACK_PATH),
      scope: LOGIN_SCOPE,
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
      ui_locales: res.locals.lang as string,
    });
    res.redirect(303, url.href);
  }

  /** The logged-in person; otherwise the login starts (the response is a redirect) and this is undefined. */
  async personOrLogin(req: Request, res: Response): Promise<Person | undefined> {
    const person = personOf(req);
    if (!person) await this.start(req, res, req.originalUrl);
    return person;
  }

  /** Finishes the login at the callback: the person in the session, and where they were going. */
  async finish(req: Request): Promise<string> {
    const session = sessionOf(req);
    const pending = session.login;
    delete session.login;
    if (!pending) throw new LoginError('no login was started in this browser, or it was finished already', undefined);
    const config = await this.discover();
    const tokens = await oidc
      .authorizationCodeGrant(config, new URL(req.originalUrl, this.url('')), {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      })
      .catch((err: unknown) => {
        throw loginFailure(err, pending.returnTo);
      });
    const claims = tokens.claims();
    const pid = typeof claims?.pid === 'string' ? claims.pid : undefined;
    if (!pid) throw new LoginError('the ID token has no pid', pending.returnTo);
    const given = [claims?.given_name, claims?.family_name].filter((n) => typeof n === 'string').join(' ');
    const registered = await this.deps.ctx.store.read((s) => personByPid(s, pid)?.name);
    const name = registered ?? (given || pid);
    session.person = { pid, name };
    if (tokens.id_token) session.idToken = tokens.id_token;
    return pending.returnTo;
  }

  /**
   * Where to end the ID-porten session, coming back to `handleloggedout`; undefined when ID-porten
   * cannot be reached, since the Altinn session is gone either way and the person must get on.
   */
  async endSessionUrl(idToken: string, lang: string): Promise<string | undefined> {
    const config = await this.discover().catch(() => undefined);
    if (!config) return undefined;
    return oidc.buildEndSessionUrl(config, { id_token_hint: idToken, post_logout_redirect_uri: this.url(LOGGED_OUT_PATH), ui_locales: lang }).href;
  }

  /** Leaves the note for `handleloggedout` and starts the logout: what the approval pages do after a decision. */
  logOutTo(res: Response, target: LogoutTarget, id: string): void {
    // Written as the platform writes it (`SystemuserRequestId=<id>`), not URL-encoded.
    res.cookie(LOGOUT_INFO_COOKIE, `${target}=${id}`, { ...this.cookieOptions(), maxAge: 15 * 60_000, encode: String });
    res.redirect(303, LOGOUT_PATH);
  }

  cookieOptions() {
    return { httpOnly: true, sameSite: 'lax' as const, secure: this.secure, path: '/' };
  }
}

/** The person a form comes from: a form posted after the session ended is refused (403). */
export function formPerson(req: Request): Person {
  const person = personOf(req);
  if (!person) throw new PageError(403, 'problem.loggedOut');
  return person;
}

/** Where `handleloggedout` sends the browser: only ever a `redirectUrl` stored with a request. */
function storedRedirect(s: Readonly<AltinnState>, cookie: unknown): string | undefined {
  const parsed = logoutInfo.safeParse(cookie);
  if (!parsed.success) return undefined;
  const [target, id] = parsed.data.split('=') as [LogoutTarget, string];
  const lower = id.toLowerCase();
  if (target === 'SystemuserChangeRequestId') return s.changeRequests.find((cr) => cr.id === lower)?.redirectUrl;
  const kind = target === 'SystemuserAgentRequestId' ? 'agent' : 'standard';
  return s.requests.find((r) => r.id === lower && r.kind === kind)?.redirectUrl;
}

export function loginRoutes(deps: AltinnDeps, login: IdportenLogin): Router {
  const router = express.Router();
  const { ctx } = deps;

  router.get(LOGIN_PATH, async (req, res) => {
    await login.start(req, res, safeReturnPath(req.query.returnTo));
  });

  router.get(CALLBACK_PATH, async (req, res) => {
    res.redirect(303, safeReturnPath(await login.finish(req)));
  });

  router.get(LOGOUT_PATH, async (req, res) => {
    const { idToken } = sessionOf(req);
    req.session = null;
    const endSession = idToken ? await login.endSessionUrl(idToken, res.locals.lang as string) : undefined;
    res.redirect(302, endSession ?? LOGGED_OUT_PATH);
  });

  router.get(LOGGED_OUT_PATH, async (req, res) => {
    const cookie = (req.cookies as Record<string, string | undefined>)[LOGOUT_INFO_COOKIE];
    res.clearCookie(LOGOUT_INFO_COOKIE, login.cookieOptions());
    const redirectUrl = await ctx.store.read((s) => storedRedirect(s, cookie));
    res.redirect(302, redirectUrl ?? '/');
  });

  return router;
}
