// Shared by the ID-porten tests: a relying party built on openid-client, and a cookie-keeping HTTP
// "browser" that drives the login form where no real browser is needed.
import * as client from 'openid-client';
import type { TestbedConfig } from '@testbed/common/config';

export type ClientKey = keyof TestbedConfig['idportenClients'];

/** A relying party of mock ID-porten, configured by discovery as a real one would be. */
export async function relyingParty(config: TestbedConfig, key: ClientKey, auth: 'basic' | 'post' = 'basic') {
  const settings = config.idportenClients[key];
  const issuer = new URL(`${config.urls.maskinporten}/idporten`);
  const clientAuth = auth === 'basic' ? client.ClientSecretBasic(settings.client_secret) : client.ClientSecretPost(settings.client_secret);
  const rp = await client.discovery(issuer, settings.client_id, undefined, clientAuth, { execute: [client.allowInsecureRequests] });
  return { rp, settings };
}

export interface AuthorizationRequest {
  url: URL;
  verifier: string;
  state: string;
  nonce: string;
}

/** An authorization request with PKCE (S256), state and nonce, plus any extra parameters. */
export async function authorizationRequest(
  rp: client.Configuration,
  redirectUri: string,
  extra: Record<string, string> = {},
): Promise<AuthorizationRequest> {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(rp, {
    redirect_uri: redirectUri,
    scope: 'openid profile',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...extra,
  });
  return { url, verifier, state, nonce };
}

/** Keeps cookies (by name, like one browser on one host) and never follows redirects by itself. */
export class CookieBrowser {
  readonly cookies = new Map<string, string>();

  async get(url: string | URL): Promise<Response> {
    return this.send(url, { method: 'GET' });
  }

  async post(url: string | URL, form: Record<string, string>): Promise<Response> {
    return this.send(url, { method: 'POST', body: new URLSearchParams(form) });
  }

  /** Follows redirects inside `origin`; returns the last response there and where it points outside, if anywhere. */
  async follow(url: string | URL, origin: string, first?: Response): Promise<{ res: Response; url: string; left?: URL }> {
    let res = first ?? (await this.get(url));
    let current = String(url);
    while (res.status >= 300 && res.status < 400) {
      const next = new URL(res.headers.get('location')!, current);
      if (next.origin !== origin) return { res, url: current, left: next };
      current = next.href;
      res = await this.get(next);
    }
    return { res, url: current };
  }

  private async send(url: string | URL, init: RequestInit): Promise<Response> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const res = await fetch(url, { ...init, redirect: 'manual', headers: cookie ? { cookie } : {} });
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      const expired = attributes.some((a) => /^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]!) < Date.now());
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }
}

/** The login form on a page: where it posts and its CSRF token. */
export function loginForm(html: string): { action: string; csrf: string } {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!action || !csrf) throw new Error(`no login form on the page:\n${html.slice(0, 500)}`);
  return { action: action.replaceAll('&amp;', '&'), csrf };
}

/**
 * Opens the authorization URL, expects the login page, submits it with `fields` and follows the
 * redirects back to the client. Returns the callback URL (with code or error).
 */
export async function logIn(browser: CookieBrowser, request: URL, fields: Record<string, string>): Promise<URL> {
  const { origin } = request;
  const page = await browser.follow(request, origin);
  if (page.res.status !== 200) throw new Error(`expected the login page, got ${page.res.status} at ${page.url}`);
  const { action, csrf } = loginForm(await page.res.text());
  const submitted = await browser.post(new URL(action, page.url), { _csrf: csrf, action: 'login', level: 'idporten-loa-substantial', ...fields });
  const back = await browser.follow(new URL(action, page.url), origin, submitted);
  if (!back.left) throw new Error(`expected a redirect to the client, got ${back.res.status}: ${(await back.res.text()).slice(0, 500)}`);
  return back.left;
}

/** Decodes a JWT's header and payload without checking anything (to look at claim order). */
export function decodeJwt(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [header = '', payload = ''] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString()) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>,
  };
}
