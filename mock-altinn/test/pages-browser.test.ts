// The pages in Chromium, as the people of the cast use them: log in at mock ID-porten's page,
// decide on the approval page, and withdraw from the overview.
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser } from '@testbed/common/browser';
import { PERSON } from '@testbed/common/world';
import { logInAs as logInOnPage, REDIRECT, startPagesHarness, uniqueRef, vendorArrival, type PagesHarness } from './pages-harness.js';

let p: PagesHarness;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [p, browser] = await Promise.all([startPagesHarness(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await p?.close();
});
beforeEach(async () => {
  page = await (await browser.newContext()).newPage();
});
afterEach(() => page.context().close());

/** Picks the person on mock ID-porten's login page, which must be the page shown. */
async function logInAs(pid: string): Promise<void> {
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Logg inn');
  await logInOnPage(page, pid);
}

/** Tabs through the page until the named control has the focus: it must be reachable by keyboard. */
async function tabTo(name: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement?.textContent?.trim())) === name) return;
  }
  throw new Error(`"${name}" cannot be reached with Tab`);
}

describe('the approval page in Chromium', () => {
  it('Pia logs in from the confirmUrl, approves, and lands on the vendor’s redirectUrl exactly', async () => {
    const { confirmUrl } = await p.request();
    const arrived = vendorArrival(page);
    await page.goto(confirmUrl);
    await logInAs(PERSON.pia);
    await page.waitForURL(confirmUrl);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Gi tilgang til system');
    expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toBe('SmartCloud AS ber om godkjenning til å lage en systemtilgang');
    expect((await page.request.get(new URL('/_static/designsystemet.css', confirmUrl).href)).status()).toBe(200);
    await page.getByRole('button', { name: 'Godkjenn systemtilgang' }).click();
    expect(await arrived).toBe(`${REDIRECT}?state=abc&x=1`);
  });

  it('Emil sends the request on to the access manager with the keyboard', async () => {
    const { confirmUrl } = await p.request();
    await page.goto(confirmUrl);
    await logInAs(PERSON.emil);
    await page.waitForURL(confirmUrl);
    expect(await page.getByRole('button', { name: 'Godkjenn systemtilgang' }).count()).toBe(0);
    await tabTo('Send til tilgangsstyrer');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Forespørselen er sendt til tilgangsstyrerne i Rør og Vann AS.' }).waitFor();
    expect(await page.getByRole('button', { name: 'Send til tilgangsstyrer' }).count()).toBe(0);
  });

  it('Ola, who has no role, is refused and sees nothing of the request', async () => {
    const { confirmUrl } = await p.request();
    await page.goto(confirmUrl);
    await logInAs(PERSON.ola);
    await page.waitForURL(confirmUrl);
    const again = await page.reload();
    expect(again?.status()).toBe(403);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Du har ikke tilgang');
    const text = await page.locator('main').textContent();
    expect(text).toContain('Du har ikke tilgang til denne forespørselen.');
    expect(text).not.toContain('SmartRegnskap');
  });
});

describe('system accesses in Chromium', () => {
  it('Pia withdraws a system access from the overview after confirming', async () => {
    const id = await p.systemUser(uniqueRef('browser-withdraw'));
    await page.goto(`${p.altinn}/accessmanagement/ui/systemuser/overview`);
    await logInAs(PERSON.pia);
    await page.waitForURL('**/accessmanagement/ui/systemuser/overview');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Systemtilganger');
    await page.locator(`tr#systemuser-${id}`).getByRole('link', { name: 'SmartRegnskap' }).click();
    await page.getByRole('button', { name: 'Slett systemtilgang' }).click();
    await page.waitForURL((url) => url.pathname.endsWith(`/${id}/delete`));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Slett systemtilgang');
    await page.getByRole('button', { name: 'Slett systemtilgang' }).click();
    await page.waitForURL('**/accessmanagement/ui/systemuser/overview');
    expect(await page.getByRole('status').textContent()).toContain('Systemtilgangen for SmartRegnskap er slettet.');
    expect(await page.locator(`tr#systemuser-${id}`).count()).toBe(0);
  });
});
