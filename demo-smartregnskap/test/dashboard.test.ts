import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Testbed } from '@testbed/common/service';
import { ORG } from '@testbed/common/world';
import { control, decide, PageClient, startAll, textOf, withdraw } from './testbed.js';

type StoredCustomer = { id: string; orgNo: string; access: string; request?: { id: string } };

describe('the dashboard of a direct customer', () => {
  let tb: Testbed;
  let page: PageClient;
  const customerFor = async (orgNo: string): Promise<StoredCustomer> =>
    ((await (await control(tb.urls.smartregnskap, '/state')).json()).customers as StoredCustomer[]).find((c) => c.orgNo === orgNo)!;
  const tokenRequests = async () => {
    const { entries } = await (await control(tb.urls.smartregnskap, '/journal')).json();
    return (entries as { direction: string; path: string }[]).filter((e) => e.direction === 'out' && e.path === '/token').length;
  };

  /** Signs `orgNo` up and has its daglig leder approve the request in Altinn; returns the customer. */
  async function activeCustomer(orgNo: string): Promise<StoredCustomer> {
    await page.post('/signup', { kind: 'direct', orgPick: orgNo, contactName: 'Pia Vannli' });
    const customer = await customerFor(orgNo);
    await decide(tb, customer.request!.id, true);
    await page.get(`/onboarding/return?customer=${customer.id}`);
    return customerFor(orgNo);
  }

  beforeAll(async () => {
    tb = await startAll();
  });
  afterAll(() => tb.close());
  beforeEach(async () => {
    page = new PageClient(tb.urls.smartregnskap);
    for (const url of [tb.urls.altinn, tb.urls.skatteetaten, tb.urls.maskinporten]) await control(url, '/faults', undefined, 'DELETE');
  });

  it('shows open claims and payments with a system-user token cached per customer', async () => {
    const customer = await activeCustomer(ORG.rorOgVann);
    expect(customer.access).toBe('active');
    const before = await tokenRequests();
    const first = await page.get(`/customers/${customer.id}`);
    expect(first.status).toBe(200);
    const text = textOf(first.html);
    expect(text).toContain('Krav og betalinger for Rør og Vann AS');
    expect(text).toMatch(/Saldo \d[\d  ]*,\d\d kr/);
    expect(first.html).toContain('data-cache="miss"');
    expect(await tokenRequests()).toBe(before + 1);

    const second = await page.get(`/customers/${customer.id}`);
    expect(second.html).toContain('data-cache="hit"');
    expect(textOf(second.html)).toContain('Fra hurtigbufferen');
    expect(await tokenRequests()).toBe(before + 1);

    // Another customer has a token of its own.
    const other = await activeCustomer(ORG.fjellbekk);
    expect((await page.get(`/customers/${other.id}`)).html).toContain('data-cache="miss"');
    expect(await tokenRequests()).toBe(before + 2);
  });

  it('explains a withdrawn access, first from Skatteetaten (cached token), then from Maskinporten, and asks again', async () => {
    // Tallmakerne AS as a direct customer: its daglig leder approves, then withdraws.
    const customer = await activeCustomer(ORG.tallmakerne);
    expect((await page.get(`/customers/${customer.id}`)).status).toBe(200);
    await withdraw(tb, customer.request!.id);

    const denied = await page.get(`/customers/${customer.id}`);
    const deniedText = textOf(denied.html);
    expect(deniedText).toContain('SmartRegnskap har ikke lenger tilgang');
    expect(deniedText).toContain('Skatteetaten avviste oppslaget');
    expect(deniedText).toContain('DAS-008');
    expect((await customerFor(ORG.tallmakerne)).access).toBe('withdrawn');

    const refused = await page.get(`/customers/${customer.id}`);
    const refusedText = textOf(refused.html);
    expect(refusedText).toContain('fant ikke Maskinporten noen systembruker');
    expect(refusedText).toContain('invalid_altinn_customer_configuration');
    expect(refused.html).toContain(`action="/customers/${customer.id}/ask-again"`);

    const again = await page.post(`/customers/${customer.id}/ask-again`, {});
    expect(again.status).toBe(303);
    expect(again.location).toContain('/accessmanagement/ui/systemuser/request?id=');
    expect((await customerFor(ORG.tallmakerne)).access).toBe('pending');
  });

  it('shows Skatteetaten errors in plain words with the korrelasjonsid, and outages as a clear page', async () => {
    const customer = await customerFor(ORG.rorOgVann);
    await control(tb.urls.skatteetaten, '/faults', { path: '/v1/*', status: 500, times: 2 });
    const failed = await page.get(`/customers/${customer.id}`);
    expect(failed.status).toBe(502);
    const failedText = textOf(failed.html);
    expect(failedText).toContain('Skatteetaten kunne ikke svare');
    expect(failedText).toMatch(/korrelasjonsid [0-9a-f-]{36}/);

    await control(tb.urls.skatteetaten, '/faults', undefined, 'DELETE');
    await control(tb.urls.skatteetaten, '/faults', { path: '/v1/*', drop: true });
    const down = await page.get(`/customers/${customer.id}`);
    expect(down.status).toBe(503);
    expect(textOf(down.html)).toContain('Skatteetaten svarer ikke');

    // Past the cached token's expiry, Maskinporten is asked again and does not answer.
    await control(tb.urls.skatteetaten, '/faults', undefined, 'DELETE');
    await control(tb.urls.maskinporten, '/faults', { path: '/token', drop: true });
    await control(tb.urls.smartregnskap, '/clock', { advanceSeconds: 600 }, 'PUT');
    try {
      const noToken = await page.get(`/customers/${customer.id}`);
      expect(noToken.status).toBe(503);
      expect(textOf(noToken.html)).toContain('Maskinporten svarer ikke');
    } finally {
      await control(tb.urls.smartregnskap, '/clock', { offsetSeconds: 0 }, 'PUT');
    }
  });

  it('sends a customer whose access is not approved yet to the onboarding pages', async () => {
    await page.post('/signup', { kind: 'direct', orgPick: ORG.nordlys, contactName: 'Nils' });
    const customer = await customerFor(ORG.nordlys);
    const res = await page.get(`/customers/${customer.id}`);
    expect(res).toMatchObject({ status: 303, location: `/onboarding/return?customer=${customer.id}` });
  });

  it('answers unknown customers with 404', async () => {
    expect((await page.get('/customers/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await page.get('/customers/not-a-uuid')).status).toBe(404);
    expect((await page.get('/customers')).status).toBe(200);
  });
});
