// The whole journey with a person in it, over HTTP and in Chromium: Skatteetaten registers its
// resource and policy, SmartCloud onboards, registers its system and asks Rør og Vann AS for a
// system user; Pia approves in the browser and lands back at the vendor; the vendor gets a
// system-user token from Maskinporten and the PDP permits it; Pia withdraws in the browser, after
// which Maskinporten answers MP-303 and the PDP NotApplicable.
import { decodeJwt } from 'jose';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '@testbed/common/browser';
import { Clock } from '@testbed/common/clock';
import { iso6523 } from '@testbed/common/identifiers';
import { KeyRing } from '@testbed/common/keys';
import { MaskinportenClient, MaskinportenError } from '@testbed/common/maskinporten-client';
import { onboard } from '@testbed/common/onboarding';
import { startTestbed, type Testbed } from '@testbed/common/service';
import { ORG, PERSON } from '@testbed/common/world';
import { AltinnTokenSource } from '../../demo-skatteetaten-api/src/auth/altinn-token.js';
import { AUTHORIZE_SCOPE, Pdp } from '../../demo-skatteetaten-api/src/auth/pdp.js';
import { SCOPE as KRAV_SCOPE } from '../../demo-skatteetaten-api/src/auth/token.js';
import { registeredClient } from '../../demo-skatteetaten-api/src/own-client.js';
import { setupSkatteetaten } from '../../demo-skatteetaten-api/src/setup/index.js';
import { createMaskinporten } from '../../mock-maskinporten/src/service.js';
import { createAltinn } from '../src/service.js';
import { krav, systemBody, VENDOR } from './authn-harness.js';
import { logInAs, REDIRECT, VENDOR_SCOPES, vendorArrival } from './pages-harness.js';

describe('a system user approved and withdrawn by Pia in the browser', () => {
  let tb: Testbed;
  let browser: Browser;
  let vendor: MaskinportenClient;
  let pdp: Pdp;

  beforeAll(async () => {
    [tb, browser] = await Promise.all([startTestbed({ altinn: createAltinn, maskinporten: createMaskinporten }), launchBrowser()]);
    await setupSkatteetaten(tb.config);
    const clock = new Clock();
    const altinnUrl = tb.urls.altinn;
    pdp = new Pdp({
      altinnUrl,
      fetch,
      subscriptionKey: 'testbed',
      token: new AltinnTokenSource({ scope: AUTHORIZE_SCOPE, client: registeredClient(tb.config, fetch, clock), fetch, altinnUrl, clock }),
    });

    const keys = await KeyRing.open(tb.config.dataDir, 'journey-vendor', { bits: 2048, now: () => Date.now() });
    const onboarded = await onboard(fetch, tb.urls.maskinporten, undefined, { orgno: VENDOR, client_name: 'SmartRegnskap', scopes: VENDOR_SCOPES }, keys);
    vendor = new MaskinportenClient({ maskinportenUrl: tb.urls.maskinporten, clientId: onboarded.client_id, keys, fetch, clock });
    // Skatteetaten granted SmartCloud its API scope in the setup; SmartCloud puts it on its client.
    const selfService = (await vendor.token({ scope: 'idporten:dcr.modify' })).access_token;
    const updated = await fetch(`${tb.urls.maskinporten}/api/v1/clients/${onboarded.client_id}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${selfService}`, 'content-type': 'application/json' },
      body: JSON.stringify({ scopes: [...onboarded.scopes, KRAV_SCOPE] }),
    });
    expect(updated.status).toBe(200);
  });
  afterAll(async () => {
    await browser?.close();
    await tb?.close();
  });

  const altinn = async (path: string, method = 'GET', body?: unknown) => {
    const token = (await vendor.token({ scope: VENDOR_SCOPES.join(' ') })).access_token;
    const res = await fetch(`${tb.urls.altinn}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, json: await res.json() };
  };

  /** Opens an Altinn page in a fresh browser and logs in as Pia on mock ID-porten's page. */
  async function asPia(url: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(url);
    await logInAs(page, PERSON.pia);
    await page.waitForURL(url);
    return page;
  }

  const systemUserToken = () => vendor.token({ scope: KRAV_SCOPE, systemUser: { systemUserOrg: ORG.rorOgVann } });

  // One journey in two steps, each with its own time budget; the second starts where the first ended.
  let systemUserId: string;

  it('Pia approves in the browser; the vendor gets a system-user token and the PDP permits it', async () => {
    const system = systemBody('journey', { clientId: [vendor.clientId], rights: [krav], accessPackages: [], allowedRedirectUrls: [REDIRECT] });
    expect((await altinn('/authentication/api/v1/systemregister/vendor', 'POST', system)).status).toBe(200);
    const redirectUrl = `${REDIRECT}?customer=ror-og-vann&step=2`;
    const request = await altinn('/authentication/api/v1/systemuser/request/vendor', 'POST', { systemId: system.id, partyOrgNo: ORG.rorOgVann, rights: [krav], redirectUrl });
    expect(request.status).toBe(201);
    const { id, confirmUrl } = request.json as { id: string; confirmUrl: string };

    const page = await asPia(confirmUrl);
    const arrived = vendorArrival(page);
    expect(await page.getByText('Krav og betalinger').first().isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Godkjenn systemtilgang' }).click();
    expect(await arrived).toBe(redirectUrl);
    await page.context().close();
    expect((await altinn(`/authentication/api/v1/systemuser/request/vendor/${id}`)).json.status).toBe('Accepted');

    const token = decodeJwt((await systemUserToken()).access_token);
    expect(token.authorization_details).toEqual([
      { type: 'urn:altinn:systemuser', systemuser_org: iso6523(ORG.rorOgVann), systemuser_id: [id], system_id: system.id },
    ]);
    expect(await pdp.authorize(id, ORG.rorOgVann)).toEqual({ decision: 'Permit', statusMessage: null });
    systemUserId = id;
  });

  it('Pia withdraws it in the browser; Maskinporten answers MP-303 and the PDP NotApplicable', async () => {
    expect(systemUserId).toBeDefined();
    const overview = await asPia(`${tb.urls.altinn}/accessmanagement/ui/systemuser/overview`);
    await overview.locator(`tr#systemuser-${systemUserId}`).getByRole('link').click();
    await overview.getByRole('button', { name: 'Slett systemtilgang' }).click();
    await overview.waitForURL((url) => url.pathname.endsWith('/delete'));
    await overview.getByRole('button', { name: 'Slett systemtilgang' }).click();
    await overview.waitForURL('**/systemuser/overview');
    expect(await overview.getByRole('status').textContent()).toContain('er slettet');
    await overview.context().close();

    vendor.clear();
    const refused = await systemUserToken().catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(MaskinportenError);
    expect((refused as MaskinportenError).code).toBe('MP-303');
    expect((await pdp.authorize(systemUserId, ORG.rorOgVann)).decision).toBe('NotApplicable');
  });
});
