// The direct-customer journey as a person lives it, in a real browser: Pia signs Rør og Vann AS up
// in SmartRegnskap, logs in with ID-porten, approves in Altinn, sees the claims, withdraws the
// access in Altinn, and SmartRegnskap shows the withdrawal while Maskinporten refuses the token.
import type { Browser, Page } from 'playwright-core';
import type { TestbedConfig } from '@testbed/common/config';
import { ORG } from '@testbed/common/world';
import { expectThat, type JourneyRun } from '../run.js';

const SIGNUP_BUTTON = 'Be om systemtilgang';
const RECEIPT_HEADING = 'Da var systemtilgangen i boks!';
const WITHDRAWN_HEADING = 'SmartRegnskap har ikke lenger tilgang';

/** On mock ID-porten's login page: pick Pia from the seeded persons and log in. */
async function loginAsPia(page: Page): Promise<void> {
  await page.getByLabel(/Pia Vannli/).check();
  await page.getByRole('button', { name: 'Logg inn' }).click();
}

export async function browserDirectCustomerJourney(config: TestbedConfig, browser: Browser, run: JourneyRun): Promise<void> {
  const context = await browser.newContext({ locale: 'nb-NO' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const urls = config.urls;
  try {
    await run.step('Pia signs Rør og Vann AS up in SmartRegnskap', async () => {
      await page.goto(`${urls.smartregnskap}/`);
      await page.getByRole('link', { name: 'Kom i gang' }).first().click();
      await page.getByLabel('Velg virksomhet').selectOption(ORG.rorOgVann);
      await page.getByLabel('Kontaktperson').fill('Pia Vannli');
      await page.getByRole('button', { name: SIGNUP_BUTTON }).click();
      await page.waitForURL((url) => url.href.startsWith(`${urls.maskinporten}/idporten`));
    });

    await run.step('Pia logs in with ID-porten', async () => {
      await loginAsPia(page);
      await page.waitForURL((url) => url.href.startsWith(`${urls.altinn}/accessmanagement/ui/systemuser/request`));
    });

    await run.step('Pia reads the request and approves it in Altinn', async () => {
      const heading = await page.getByRole('heading', { level: 2 }).first().textContent();
      expectThat(heading?.includes('SmartCloud AS ber om godkjenning'), `unexpected request heading: ${heading}`);
      await page.getByRole('button', { name: 'Godkjenn systemtilgang' }).click();
    });

    await run.step('Altinn logs Pia out and sends her back to SmartRegnskap', async () => {
      await page.waitForURL((url) => url.href.startsWith(urls.smartregnskap), { timeout: 20_000 });
      await page.getByRole('heading', { name: RECEIPT_HEADING }).waitFor();
    });

    const dashboard = await run.step('SmartRegnskap shows Rør og Vann’s claims from Skatteetaten', async () => {
      await page.getByRole('link', { name: 'Gå til dashbordet' }).click();
      await page.getByRole('heading', { name: 'Krav og betalinger for Rør og Vann AS' }).waitFor();
      const balance = await page.getByTestId('dashboard.balance').textContent();
      expectThat(balance && /kr$/.test(balance.trim()), `no balance on the dashboard (got ${balance})`);
      return page.url();
    });

    await run.step('Pia withdraws the system access in Altinn', async () => {
      await page.goto(`${urls.altinn}/accessmanagement/ui/systemuser/overview`);
      if (page.url().startsWith(`${urls.maskinporten}/idporten`)) await loginAsPia(page);
      await page.waitForURL((url) => url.href.startsWith(`${urls.altinn}/accessmanagement/ui/systemuser`));
      await page.getByRole('link', { name: /SmartRegnskap/ }).first().click();
      await page.getByRole('button', { name: 'Slett systemtilgang' }).first().click();
      await page.getByRole('button', { name: 'Slett systemtilgang' }).first().click();
      await page.waitForURL((url) => url.href.includes('/accessmanagement/ui/systemuser/overview'));
    });

    await run.step('SmartRegnskap explains that the access is gone', async () => {
      await page.goto(dashboard);
      await page.getByRole('heading', { name: WITHDRAWN_HEADING }).waitFor();
    });

    await run.step('Maskinporten refuses the next token (MP-303)', async () => {
      // The cached token went with the refusal; a fresh token request meets the withdrawn system user.
      await page.goto(dashboard);
      await page.getByRole('heading', { name: WITHDRAWN_HEADING }).waitFor();
      const wire = await page.locator('pre.tb-code').allTextContents();
      expectThat(wire.join('\n').includes('invalid_altinn_customer_configuration'), `expected MP-303 on the wire, saw: ${wire.join(' | ').slice(0, 300)}`);
    });
  } finally {
    await context.close();
  }
}
