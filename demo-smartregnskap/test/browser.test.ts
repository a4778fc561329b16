import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '@testbed/common/browser';
import type { Testbed } from '@testbed/common/service';
import { ORG } from '@testbed/common/world';
import { control, decide, startAll, withdraw } from './testbed.js';

type StoredCustomer = { id: string; orgNo: string; request?: { id: string } };

describe('SmartRegnskap in a browser', () => {
  let tb: Testbed;
  let browser: Browser;
  const customerFor = async (orgNo: string): Promise<StoredCustomer> =>
    ((await (await control(tb.urls.smartregnskap, '/state')).json()).customers as StoredCustomer[]).find((c) => c.orgNo === orgNo)!;

  /** Pia logs in with ID-porten on Altinn's approval page, approves, and Altinn sends her back to redirectUrl. */
  async function approveInAltinn(page: Page): Promise<void> {
    await page.getByLabel(/Pia Vannli/).check();
    await page.getByRole('button', { name: 'Logg inn' }).click();
    await page.getByRole('button', { name: 'Godkjenn systemtilgang' }).click();
  }

  /** Altinn's approval page sends a person who is not logged in to ID-porten first. */
  const toIdporten = (page: Page) => page.waitForURL((url) => url.href.startsWith(`${tb.urls.maskinporten}/idporten`));

  beforeAll(async () => {
    [tb, browser] = await Promise.all([startAll(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await tb?.close();
  });

  it('signs Rør og Vann AS up, approves in Altinn, returns to the receipt and shows the claims; then the withdrawn page', async () => {
    const page = await browser.newPage();
    await page.goto(`${tb.urls.smartregnskap}/`);
    await page.getByRole('link', { name: 'Kom i gang' }).first().click();
    await page.getByLabel('Velg virksomhet').selectOption(ORG.rorOgVann);
    await page.getByLabel('Kontaktperson').fill('Pia Vannli');
    await page.getByRole('button', { name: 'Be om systemtilgang' }).click();

    await toIdporten(page);
    await approveInAltinn(page);

    await page.waitForURL(/\/onboarding\/[0-9a-f-]+\/receipt$/);
    await expect(page.getByRole('heading', { name: 'Da var systemtilgangen i boks!' }).isVisible()).resolves.toBe(true);
    await page.getByRole('link', { name: 'Gå til dashbordet' }).click();

    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Krav og betalinger for Rør og Vann AS');
    await expect(page.locator('#token-cache').getAttribute('data-cache')).resolves.toBe('miss');
    const balance = await page.getByTestId('dashboard.balance').textContent();
    expect(balance).toMatch(/^\d[\d\s]*,\d\d\skr$/);

    const customer = await customerFor(ORG.rorOgVann);
    await withdraw(tb, customer.request!.id);
    await page.reload();
    await expect(page.getByRole('heading', { name: 'SmartRegnskap har ikke lenger tilgang' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Be om tilgang på nytt' }).isVisible()).resolves.toBe(true);
    await page.getByText('Dette så SmartRegnskap').click();
    await expect(page.locator('pre.tb-code').textContent()).resolves.toContain('DAS-008');
    await page.close();
  });

  it('waits on the return page, polling with fetch, until the request is approved (keyboard only)', async () => {
    const page = await browser.newPage();
    await page.goto(`${tb.urls.smartregnskap}/signup`);
    await page.getByLabel('eller skriv organisasjonsnummer').focus();
    await page.keyboard.type(ORG.fjellbekk);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Berit Baker');
    await page.keyboard.press('Enter');
    await toIdporten(page);

    // The person comes back before anyone has approved: the page waits and polls.
    const customer = await customerFor(ORG.fjellbekk);
    await page.goto(`${tb.urls.smartregnskap}/onboarding/return?customer=${customer.id}`);
    await expect(page.getByRole('heading', { name: 'Venter på svar fra Altinn' }).isVisible()).resolves.toBe(true);
    await decide(tb, customer.request!.id, true);
    await page.waitForURL(/\/receipt$/, { timeout: 10_000 });
    await expect(page.getByRole('heading', { name: 'Da var systemtilgangen i boks!' }).isVisible()).resolves.toBe(true);
    await page.close();
  });

  it('shows a mod-11 error in the form and moves focus to the error summary', async () => {
    const page = await browser.newPage();
    await page.goto(`${tb.urls.smartregnskap}/signup?lang=en`);
    await page.getByLabel('or type an organisation number').fill('310000018');
    await page.getByLabel('Contact person').fill('Pia');
    await page.getByRole('button', { name: 'Request system access' }).click();
    await expect(page.locator('#errors').evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await expect(page.locator('#orgNo-error').textContent()).resolves.toContain('check digit is wrong');
    await page.close();
  });
});
