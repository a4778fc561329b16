// The Samarbeidsportalen page in a real browser: a person onboards an organisation, sees field
// errors in the error summary, and gets a client that can ask for tokens.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '@testbed/common/browser';
import type { Testbed } from '@testbed/common/service';
import { makeKey, Org, startMaskinporten } from './harness.js';

let tb: Testbed;
let browser: Browser;

beforeAll(async () => {
  tb = await startMaskinporten({ altinn: false });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await tb.close();
});

describe('Samarbeidsportalen page', () => {
  it('onboards an organisation, with field errors first', async () => {
    const key = await makeKey();
    const page = await browser.newPage();
    await page.goto(`${tb.urls.maskinporten}/samarbeid`);
    expect(await page.locator('h1').textContent()).toBe('Ny Maskinporten-klient');

    await page.fill('#orgno', '310000010');
    await page.fill('#client_name', 'workshop');
    await page.fill('#jwk', '{not json');
    await page.click('button[type=submit]');
    expect(await page.locator('#error-summary').textContent()).toContain('Nøkkelen er ikke gyldig JSON.');

    await page.fill('#jwk', JSON.stringify(key.publicJwk));
    await page.click('button[type=submit]');
    expect(await page.locator('#orgno-error').textContent()).toContain('fails the organisation number check digit');
    expect(await page.getAttribute('#orgno', 'aria-invalid')).toBe('true');

    await page.fill('#orgno', '310000027');
    await page.check('input[value="altinn:authentication/systemregister.write"]');
    await page.click('button[type=submit]');
    expect(await page.locator('h1').textContent()).toBe('Klienten er opprettet');
    const clientId = (await page.locator('#client-id').textContent())!.trim();

    const org = new Org(tb, '310000027', clientId, key);
    expect((await org.token({ scope: 'altinn:authentication/systemregister.write' })).status).toBe(200);
  });

  it('speaks English, and refuses a form without its CSRF token', async () => {
    const page = await browser.newPage();
    await page.goto(`${tb.urls.maskinporten}/samarbeid?lang=en`);
    expect(await page.locator('h1').textContent()).toBe('New Maskinporten client');
    const res = await fetch(`${tb.urls.maskinporten}/samarbeid`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'orgno=310000027' });
    expect(res.status).toBe(403);
  });
});

describe('Samarbeidsportalen in a shared test-bed', () => {
  let shared: Testbed;
  beforeAll(async () => {
    shared = await startMaskinporten({ altinn: false, env: { TESTBED_ADMIN_TOKEN: 'shared-secret' } });
  });
  afterAll(() => shared.close());

  it('asks for the admin token, so nobody can take a client for another organisation', async () => {
    const key = await makeKey();
    const page = await fetch(`${shared.urls.maskinporten}/samarbeid`);
    const html = await page.text();
    expect(html).toContain('name="admin_token"');
    const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    const submit = (adminToken: string) =>
      fetch(`${shared.urls.maskinporten}/samarbeid`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, orgno: '310000027', client_name: 'taken', jwk: JSON.stringify(key.publicJwk), admin_token: adminToken }),
      });
    const wrong = await submit('guess');
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('Feil admin-token.');
    expect((await submit('shared-secret')).status).toBe(201);
  });
});
