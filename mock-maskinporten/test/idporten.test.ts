import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createLocalJWKSet, createRemoteJWKSet, jwtVerify } from 'jose';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSyntheticFnr } from '@testbed/common/identifiers';
import { startTestbed, type Testbed } from '@testbed/common/service';
import { ORG, PERSON } from '@testbed/common/world';
import {
  authorizationRequest,
  CookieBrowser,
  decodeJwt,
  logIn,
  loginForm,
  relyingParty,
  type AuthorizationRequest,
  type ClientKey,
} from './idporten-harness.js';
import type { IdportenRecords } from '../src/idporten/adapter.js';
import { createMaskinporten } from '../src/service.js';

/** A valid fødselsnummer of an ordinary (real-looking) person: both check digits right, month 05. */
const ORDINARY_FNR = '15059010023';
const STACK_TRACE = /\bat .+\.(js|ts):\d+/;

let tb: Testbed;
const idp = () => `${tb.urls.maskinporten}/idporten`;

beforeAll(async () => {
  tb = await startTestbed({ maskinporten: createMaskinporten });
});
afterAll(() => tb.close());

/** A fresh browser, a relying party and its authorization request. */
async function start(key: ClientKey = 'altinn', extra: Record<string, string> = {}, auth: 'basic' | 'post' = 'basic') {
  const { rp, settings } = await relyingParty(tb.config, key, auth);
  const request = await authorizationRequest(rp, settings.redirect_uris[0]!, extra);
  return { rp, settings, request, browser: new CookieBrowser() };
}

const exchange = (rp: client.Configuration, callback: URL, request: AuthorizationRequest) =>
  client.authorizationCodeGrant(rp, callback, { pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce });

/** Opens the login page of a request and returns its HTML, its URL and the form. */
async function loginPage(browser: CookieBrowser, url: URL) {
  const page = await browser.follow(url, url.origin);
  expect(page.res.status).toBe(200);
  const html = await page.res.text();
  return { html, url: page.url, form: loginForm(html) };
}

describe('discovery and keys', () => {
  it('publishes metadata like ID-porten: code flow, PKCE S256, secret clients, its levels and languages', async () => {
    const res = await fetch(`${idp()}/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const meta = await res.json();
    expect(meta).toMatchObject({
      issuer: idp(),
      authorization_endpoint: `${idp()}/authorize`,
      pushed_authorization_request_endpoint: `${idp()}/par`,
      token_endpoint: `${idp()}/token`,
      userinfo_endpoint: `${idp()}/userinfo`,
      jwks_uri: `${idp()}/jwks.json`,
      end_session_endpoint: `${idp()}/logout`,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      acr_values_supported: ['idporten-loa-substantial', 'idporten-loa-high'],
      ui_locales_supported: ['nb', 'nn', 'en'],
      subject_types_supported: ['public', 'pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      authorization_response_iss_parameter_supported: true,
    });
  });

  it('serves only public signing keys', async () => {
    const { keys } = await (await fetch(`${idp()}/jwks.json`)).json();
    expect(keys).toHaveLength(1);
    expect(Object.keys(keys[0]).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
    expect(keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
  });
});

describe('logging in with the authorization code flow', () => {
  it('logs Pia in: the ID token carries pid, acr, amr, locale, auth_time, sid, nonce and a pairwise sub', async () => {
    const { rp, settings, request, browser } = await start();
    const callback = await logIn(browser, request.url, { choice: PERSON.pia });
    expect(callback.origin + callback.pathname).toBe(settings.redirect_uris[0]);
    expect(callback.searchParams.get('iss')).toBe(idp());
    const tokens = await exchange(rp, callback, request);
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({
      iss: idp(),
      aud: settings.client_id,
      pid: PERSON.pia,
      acr: 'idporten-loa-substantial',
      amr: ['TestID'],
      locale: 'nb',
      nonce: request.nonce,
      given_name: 'Pia',
      family_name: 'Vannli',
    });
    expect(claims.sub).toMatch(/^[\w-]{43}$/);
    expect(claims.sub).not.toBe(PERSON.pia);
    expect(typeof claims.sid).toBe('string');
    expect(claims.exp - claims.iat).toBe(120);
    expect(Math.abs(claims.auth_time! - claims.iat)).toBeLessThanOrEqual(2);
    expect(tokens.expires_in).toBe(600);
  });

  it("issues the access token as a JWT in ID-porten's claim order, verifiable with /jwks.json", async () => {
    const { rp, settings, request, browser } = await start('altinn', { scope: 'openid profile altinn:portal/enduser' });
    const tokens = await exchange(rp, await logIn(browser, request.url, { choice: PERSON.pia }), request);
    const { payload } = await jwtVerify(tokens.access_token, createRemoteJWKSet(new URL(`${idp()}/jwks.json`)), {
      issuer: idp(),
      algorithms: ['RS256'],
    });
    const { header, payload: raw } = decodeJwt(tokens.access_token);
    expect(Object.keys(header)).toEqual(['kid', 'alg']);
    expect(Object.keys(raw)).toEqual(['sub', 'acr', 'scope', 'iss', 'client_amr', 'pid', 'exp', 'iat', 'jti', 'client_id', 'consumer']);
    expect(payload).toMatchObject({
      sub: PERSON.pia,
      acr: 'idporten-loa-substantial',
      scope: 'openid profile altinn:portal/enduser',
      iss: idp(),
      client_amr: 'client_secret_basic',
      pid: PERSON.pia,
      client_id: settings.client_id,
      consumer: { authority: 'iso6523-actorid-upis', ID: `0192:${ORG.digdir}` },
    });
    expect(payload.exp! - payload.iat!).toBe(600);
    expect(payload.aud).toBeUndefined();
  });

  it('answers /userinfo with sub, pid, locale and the names of a seeded person', async () => {
    const { rp, request, browser } = await start();
    const tokens = await exchange(rp, await logIn(browser, request.url, { choice: PERSON.tone }), request);
    const sub = tokens.claims()!.sub;
    const info = await client.fetchUserInfo(rp, tokens.access_token, sub);
    expect(info).toEqual({ sub, pid: PERSON.tone, locale: 'nb', given_name: 'Tone', family_name: 'Tallberg' });
    const forged = await fetch(`${idp()}/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token.slice(0, -4)}AAAA` } });
    expect(forged.status).toBe(401);
  });

  it('tells client_secret_post from _basic and gives each client its own sub for the same person', async () => {
    const altinn = await start('altinn');
    const first = await exchange(altinn.rp, await logIn(altinn.browser, altinn.request.url, { choice: PERSON.kasper }), altinn.request);
    const smart = await start('smartregnskap', {}, 'post');
    const second = await exchange(smart.rp, await logIn(smart.browser, smart.request.url, { choice: PERSON.kasper }), smart.request);
    expect(decodeJwt(second.access_token).payload).toMatchObject({
      client_amr: 'client_secret_post',
      client_id: smart.settings.client_id,
      consumer: { ID: `0192:${ORG.smartcloud}` },
    });
    expect(second.claims()!.pid).toBe(first.claims()!.pid);
    expect(second.claims()!.sub).not.toBe(first.claims()!.sub);
  });

  it('accepts a typed synthetic number without names, after refusing non-synthetic, malformed and miscounted ones', async () => {
    const { rp, request, browser } = await start();
    const page = await loginPage(browser, request.url);
    const submit = (pid: string) =>
      browser.post(new URL(page.form.action, page.url), { _csrf: page.form.csrf, action: 'login', choice: 'other', pid, level: 'idporten-loa-substantial' });

    const ordinary = await submit(ORDINARY_FNR);
    expect(ordinary.status).toBe(400);
    const refusal = await ordinary.text();
    expect(refusal).toContain(`${ORDINARY_FNR} er ikke en syntetisk testperson`);
    expect(refusal).toContain('80 er lagt til fødselsmåneden');
    expect(refusal).toContain('aria-invalid="true"');
    expect(await (await submit('1234')).text()).toContain('Et fødselsnummer har 11 siffer');
    expect(await (await submit(`${PERSON.pia.slice(0, 10)}9`)).text()).toContain('kontrollsifrene stemmer ikke');
    expect(await (await submit('<script>alert(1)</script>')).text()).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');

    const synthetic = makeSyntheticFnr(24, 12, 91);
    const accepted = await submit(synthetic);
    const back = await browser.follow(new URL(page.form.action, page.url), request.url.origin, accepted);
    const tokens = await exchange(rp, back.left!, request);
    expect(tokens.claims()).toMatchObject({ pid: synthetic, amr: ['TestID'] });
    expect(tokens.claims()!.given_name).toBeUndefined();
  });

  it('logs a synthetic person in without a page for login_hint=testid:<pid>_<level>, and never a real one', async () => {
    const { rp, request, browser } = await start('altinn', { login_hint: `testid:${PERSON.tina}_idporten-loa-high` });
    const headless = await browser.follow(request.url, request.url.origin);
    expect(headless.left).toBeDefined();
    expect((await exchange(rp, headless.left!, request)).claims()).toMatchObject({ pid: PERSON.tina, acr: 'idporten-loa-high', amr: ['TestID'] });

    const real = await start('altinn', { login_hint: `testid:${ORDINARY_FNR}_idporten-loa-high` });
    expect((await real.browser.follow(real.request.url, real.request.url.origin)).res.status).toBe(200);
  });

  it('rejects a login form without the right CSRF token', async () => {
    const { request, browser } = await start();
    const page = await loginPage(browser, request.url);
    const res = await browser.post(new URL(page.form.action, page.url), { _csrf: 'forged', action: 'login', choice: PERSON.pia, level: 'idporten-loa-substantial' });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Innloggingen er utløpt eller ukjent');
  });

  it('sends access_denied back to the client when the person cancels', async () => {
    const { rp, request, browser } = await start();
    const page = await loginPage(browser, request.url);
    const cancelled = await browser.post(new URL(page.form.action, page.url), { _csrf: page.form.csrf, action: 'cancel' });
    const back = await browser.follow(new URL(page.form.action, page.url), request.url.origin, cancelled);
    expect(back.left?.searchParams.get('error')).toBe('access_denied');
    expect(back.left?.searchParams.get('state')).toBe(request.state);
    await expect(exchange(rp, back.left!, request)).rejects.toMatchObject({ error: 'access_denied' });
  });
});

describe('levels, languages and single sign-on', () => {
  it('offers only high when the client asks for it, and steps a substantial session up', async () => {
    const { rp, settings, request, browser } = await start();
    await exchange(rp, await logIn(browser, request.url, { choice: PERSON.pia }), request);

    const high = await authorizationRequest(rp, settings.redirect_uris[0]!, { acr_values: 'idporten-loa-high' });
    const page = await loginPage(browser, high.url);
    expect(page.html).not.toContain('value="idporten-loa-substantial"');
    expect(page.html).toContain('Altinn krever høyt sikkerhetsnivå');
    const tooLow = await browser.post(new URL(page.form.action, page.url), {
      _csrf: page.form.csrf,
      action: 'login',
      choice: PERSON.pia,
      level: 'idporten-loa-substantial',
    });
    expect(tooLow.status).toBe(400);
    const tokens = await exchange(rp, await logIn(browser, high.url, { choice: PERSON.pia, level: 'idporten-loa-high' }), high);
    expect(tokens.claims()!.acr).toBe('idporten-loa-high');
    expect(decodeJwt(tokens.access_token).payload.acr).toBe('idporten-loa-high');
  });

  it('skips the login page for a logged-in person, in the same and another client, unless prompt=login', async () => {
    const altinn = await start();
    const first = await exchange(altinn.rp, await logIn(altinn.browser, altinn.request.url, { choice: PERSON.pia }), altinn.request);

    const again = await authorizationRequest(altinn.rp, altinn.settings.redirect_uris[0]!);
    const sso = await altinn.browser.follow(again.url, again.url.origin);
    expect(sso.left).toBeDefined();
    const second = await exchange(altinn.rp, sso.left!, again);
    expect(second.claims()).toMatchObject({ pid: PERSON.pia, sid: first.claims()!.sid, auth_time: first.claims()!.auth_time });

    const { rp, settings } = await relyingParty(tb.config, 'smartregnskap');
    const other = await authorizationRequest(rp, settings.redirect_uris[0]!);
    const ssoOther = await altinn.browser.follow(other.url, other.url.origin);
    expect(ssoOther.left?.origin + ssoOther.left!.pathname).toBe(settings.redirect_uris[0]);
    expect((await exchange(rp, ssoOther.left!, other)).claims()).toMatchObject({ pid: PERSON.pia, locale: 'nb' });

    const { records } = JSON.parse(await readFile(path.join(tb.config.dataDir, 'idporten.json'), 'utf8')) as IdportenRecords;
    const lifetimes = Object.values(records.Session!).map((r) => (r.expiresAt! - Date.now()) / 1000);
    expect(Math.max(...lifetimes)).toBeGreaterThan(29 * 60);
    expect(Math.max(...lifetimes)).toBeLessThanOrEqual(30 * 60);

    const forced = await authorizationRequest(altinn.rp, altinn.settings.redirect_uris[0]!, { prompt: 'login' });
    expect((await altinn.browser.follow(forced.url, forced.url.origin)).res.status).toBe(200);
  });

  it('shows the page in English for ui_locales=en and says so in the locale claim', async () => {
    const { rp, request, browser } = await start('altinn', { ui_locales: 'en nb' });
    const page = await loginPage(browser, request.url);
    expect(page.html).toContain('<html lang="en"');
    expect(page.html).toContain('You are logging in to Altinn');
    const refused = await browser.post(new URL(page.form.action, page.url), {
      _csrf: page.form.csrf,
      action: 'login',
      choice: 'other',
      pid: ORDINARY_FNR,
      level: 'idporten-loa-substantial',
    });
    expect(await refused.text()).toContain('is not a synthetic test person');
    const tokens = await exchange(rp, await logIn(browser, request.url, { choice: PERSON.pia }), request);
    expect(tokens.claims()!.locale).toBe('en');
    expect(await client.fetchUserInfo(rp, tokens.access_token, tokens.claims()!.sub)).toMatchObject({ locale: 'en' });
  });
});

describe('bad requests get the OIDC error', () => {
  it('renders an unknown client or an unregistered redirect_uri as a readable page, never redirecting', async () => {
    const { request } = await start();
    const unknown = new URL(request.url);
    unknown.searchParams.set('client_id', 'nobody');
    const page = await fetch(unknown, { redirect: 'manual' });
    expect(page.status).toBe(400);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain('invalid_client');
    expect(html).toContain('ID-porten kjenner ikke klienten');
    expect(html).not.toMatch(STACK_TRACE);

    const elsewhere = new URL(request.url);
    elsewhere.searchParams.set('redirect_uri', 'https://attacker.example/callback');
    const refused = await fetch(elsewhere, { redirect: 'manual' });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('location')).toBeNull();
    expect(await refused.text()).toContain('invalid_redirect_uri');
  });

  it('explains an expired or unknown login instead of failing', async () => {
    const res = await fetch(`${idp()}/login/no-such-login`);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Innloggingen er utløpt eller ukjent');
    expect(html).not.toMatch(STACK_TRACE);
  });

  it('requires PKCE with S256', async () => {
    const { request } = await start();
    for (const change of [(u: URL) => u.searchParams.delete('code_challenge'), (u: URL) => u.searchParams.set('code_challenge_method', 'plain')]) {
      const url = new URL(request.url);
      change(url);
      const res = await fetch(url, { redirect: 'manual' });
      const back = new URL(res.headers.get('location')!);
      expect(back.searchParams.get('error')).toBe('invalid_request');
      expect(back.searchParams.get('state')).toBe(request.state);
    }
  });

  it('refuses a wrong client secret and a wrong code verifier at the token endpoint', async () => {
    const { settings, request, browser } = await start();
    const callback = await logIn(browser, request.url, { choice: PERSON.pia });
    const token = (secret: string, verifier: string) =>
      fetch(`${idp()}/token`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${settings.client_id}:${secret}`).toString('base64')}` },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: callback.searchParams.get('code')!,
          redirect_uri: settings.redirect_uris[0]!,
          code_verifier: verifier,
        }),
      });
    const wrongSecret = await token('wrong', request.verifier);
    expect(wrongSecret.status).toBe(401);
    expect(await wrongSecret.json()).toMatchObject({ error: 'invalid_client' });
    const wrongVerifier = await token(settings.client_secret, client.randomPKCECodeVerifier());
    expect(wrongVerifier.status).toBe(400);
    expect(await wrongVerifier.json()).toMatchObject({ error: 'invalid_grant' });
  });
});

describe('logging out', () => {
  async function loggedIn() {
    const started = await start();
    const tokens = await exchange(started.rp, await logIn(started.browser, started.request.url, { choice: PERSON.pia }), started.request);
    return { ...started, tokens };
  }

  it('ends the session and redirects only to a registered post_logout_redirect_uri', async () => {
    const { rp, settings, browser, tokens } = await loggedIn();

    const foreign = client.buildEndSessionUrl(rp, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: 'https://attacker.example/' });
    const refused = await browser.get(foreign);
    expect(refused.status).toBe(400);
    expect(refused.headers.get('location')).toBeNull();
    expect(await refused.text()).toContain('post_logout_redirect_uri');

    const logout = client.buildEndSessionUrl(rp, {
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: settings.post_logout_redirect_uris[0]!,
      state: 'after-logout',
    });
    const page = await browser.get(logout);
    expect(page.status).toBe(200);
    const html = await page.text();
    const action = /id="op.logoutForm" method="post" action="([^"]+)"/.exec(html)![1]!;
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)![1]!;
    const confirmed = await browser.post(new URL(action, logout), { xsrf, logout: 'yes' });
    expect(confirmed.status).toBe(303);
    const back = new URL(confirmed.headers.get('location')!);
    expect(back.origin + back.pathname).toBe(settings.post_logout_redirect_uris[0]);
    expect(back.searchParams.get('state')).toBe('after-logout');

    expect((await fetch(`${idp()}/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } })).status).toBe(401);
    const next = await authorizationRequest(rp, settings.redirect_uris[0]!);
    expect((await browser.follow(next.url, next.url.origin)).res.status).toBe(200);
  });

  it('forgets every session and token on the control-plane reset', async () => {
    const { rp, settings, browser, tokens } = await loggedIn();
    expect((await fetch(`${tb.urls.maskinporten}/_testbed/reset`, { method: 'POST' })).status).toBe(200);
    expect((await fetch(`${idp()}/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } })).status).toBe(401);
    const next = await authorizationRequest(rp, settings.redirect_uris[0]!);
    expect((await browser.follow(next.url, next.url.origin)).res.status).toBe(200);
  });
});

describe('a restart', () => {
  it('keeps the logged-in session and the signing key', async () => {
    const { rp, settings, request, browser } = await start();
    const tokens = await exchange(rp, await logIn(browser, request.url, { choice: PERSON.pia }), request);
    const keysBefore = await (await fetch(`${idp()}/jwks.json`)).json();

    await tb.restart('maskinporten');

    expect(await (await fetch(`${idp()}/jwks.json`)).json()).toEqual(keysBefore);
    await jwtVerify(tokens.access_token, createLocalJWKSet(keysBefore), { issuer: idp() });
    expect(await client.fetchUserInfo(rp, tokens.access_token, tokens.claims()!.sub)).toMatchObject({ pid: PERSON.pia });
    const again = await authorizationRequest(rp, settings.redirect_uris[0]!);
    const sso = await browser.follow(again.url, again.url.origin);
    expect(sso.left).toBeDefined();
    expect((await exchange(rp, sso.left!, again)).claims()).toMatchObject({ pid: PERSON.pia, locale: 'nb' });
  });
});
