import * as client from 'openid-client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { launchBrowser } from '@testbed/common/browser';
import { startTestbed, type Testbed } from '@testbed/common/service';
import { PERSON } from '@testbed/common/world';
import { authorizationRequest, relyingParty, type AuthorizationRequest } from './idporten-harness.js';
import { createMaskinporten } from '../src/service.js';

let tb: Testbed;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [tb, browser] = await Promise.all([startTestbed({ maskinporten: createMaskinporten }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await tb?.close();
});
beforeEach(async () => {
  page = await (await browser.newContext()).newPage();
});
afterEach(() => page.context().close());

/**
 * Opens Altinn's authorization URL in the browser. Altinn itself is not running: its callback is
 * answered by the test, which resolves with the URL the browser was sent back to.
 */
async function openLogin(extra: Record<string, string> = {}) {
  const { rp, settings } = await relyingParty(tb.config, 'altinn');
  const request = await authorizationRequest(rp, settings.redirect_uris[0]!, extra);
  const callback = new Promise<URL>((resolve) => {
    void page.route(`${settings.redirect_uris[0]}**`, async (route) => {
      resolve(new URL(route.request().url()));
      await route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>Altinn</h1>' });
    });
  });
  await page.goto(request.url.href);
  return { rp, request, callback };
}

const exchange = (rp: client.Configuration, callback: URL, request: AuthorizationRequest) =>
  client.authorizationCodeGrant(rp, callback, { pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce });

describe('the ID-porten login page in Chromium', () => {
  it('lets a tester pick Pia and sends her back to the client with a code for her tokens', async () => {
    const { rp, request, callback } = await openLogin();
    await expect(page.title()).resolves.toContain('Logg inn');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Logg inn');
    expect(await page.locator('link[href$="designsystemet.css"]').count()).toBe(1);
    expect((await page.request.get(new URL('/idporten/_static/designsystemet.css', request.url).href)).status()).toBe(200);
    await page.getByLabel(/Pia Vannli/).check();
    await page.getByRole('button', { name: 'Logg inn' }).click();
    const back = await callback;
    expect(back.searchParams.get('code')).toBeTruthy();
    const tokens = await exchange(rp, back, request);
    expect(tokens.claims()).toMatchObject({ pid: PERSON.pia, amr: ['TestID'], acr: 'idporten-loa-substantial' });
  });

  it('refuses a typed number that is not synthetic, explains why, and keeps the keyboard user on the summary', async () => {
    await openLogin();
    const field = page.getByLabel('Fødselsnummer (11 siffer)');
    await field.fill('15059010023');
    await field.press('Enter');
    const summary = page.locator('#error-summary');
    await expect(summary.textContent()).resolves.toContain('15059010023 er ikke en syntetisk testperson');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
    expect(await page.getByLabel('En annen syntetisk testperson').isChecked()).toBe(true);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(page.url()).toContain('/idporten/login/');
  });

  it('speaks English when the client asks for it and puts that language in the tokens', async () => {
    const { rp, request, callback } = await openLogin({ ui_locales: 'en' });
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Log in');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByLabel(/Tone Tallberg/).check();
    await page.getByLabel(/High \(idporten-loa-high\)/).check();
    await page.getByRole('button', { name: 'Log in' }).click();
    const tokens = await exchange(rp, await callback, request);
    expect(tokens.claims()).toMatchObject({ pid: PERSON.tone, acr: 'idporten-loa-high', locale: 'en' });
  });
});
