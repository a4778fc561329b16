import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Testbed } from '@testbed/common/service';
import { ORG } from '@testbed/common/world';
import { altinnRequests, control, decide, PageClient, startAll, textOf, withdraw } from './testbed.js';

describe('onboarding of a direct customer', () => {
  let tb: Testbed;
  let page: PageClient;
  const requests = async () => (await altinnRequests(tb)).filter((r) => !r.isDeleted);
  const isLive = async (id: string) => (await requests()).some((r) => r.id === id);
  const customers = async () => (await (await control(tb.urls.smartregnskap, '/state')).json()).customers as { id: string; orgNo: string; access: string; request?: { id: string } }[];

  beforeAll(async () => {
    tb = await startAll();
  });
  afterAll(() => tb.close());
  beforeEach(async () => {
    page = new PageClient(tb.urls.smartregnskap);
    await control(tb.urls.altinn, '/faults', undefined, 'DELETE');
  });

  it('shows the landing page and the sign-up form', async () => {
    const home = await page.get('/');
    expect(home.status).toBe(200);
    expect(textOf(home.html)).toContain('SmartRegnskap — regnskap som snakker med Altinn');
    const form = await page.get('/signup?lang=en');
    expect(textOf(form.html)).toContain('Get started with SmartRegnskap');
    expect(form.html).toContain('name="_csrf"');
  });

  it('validates the organisation number (mod-11) and the contact name', async () => {
    const bad = await page.post('/signup', { kind: 'direct', orgNo: '310000018', contactName: 'Pia Vannli' });
    expect(bad.status).toBe(400);
    expect(textOf(bad.html)).toContain('kontrollsifferet stemmer ikke');
    const short = await page.post('/signup', { kind: 'direct', orgNo: '12345', contactName: '' });
    expect(short.status).toBe(400);
    expect(textOf(short.html)).toContain('må være 9 siffer');
    expect(textOf(short.html)).toContain('Skriv navnet til kontaktpersonen');
    const none = await page.post('/signup', { kind: 'direct', contactName: 'Pia' });
    expect(textOf(none.html)).toContain('Velg en virksomhet');
    // A valid number Altinn does not know: a form error, not a failure.
    const unknown = await page.post('/signup', { kind: 'direct', orgNo: '999999999', contactName: 'Pia' });
    expect(unknown.status).toBe(400);
    expect(textOf(unknown.html)).toContain('Altinn kjenner ikke organisasjonsnummeret 999999999');
  });

  it('refuses a form without the CSRF token', async () => {
    const res = await page.post('/signup', { kind: 'direct', orgNo: ORG.rorOgVann, contactName: 'Pia' }, false);
    expect(res.status).toBe(403);
  });

  it('creates the request with the right body, sends the person to Altinn, and is idempotent', async () => {
    const res = await page.post('/signup', { kind: 'direct', orgPick: ORG.rorOgVann, contactName: 'Pia Vannli' });
    expect(res.status).toBe(303);
    const [request] = (await requests()).filter((r) => r.partyOrgNo === ORG.rorOgVann);
    const [customer] = (await customers()).filter((c) => c.orgNo === ORG.rorOgVann);
    expect(request).toMatchObject({
      kind: 'standard',
      systemId: '310000027_smartregnskap',
      rights: [{ resource: [{ id: 'urn:altinn:resource', value: 'ske-krav-og-betalinger' }] }],
      redirectUrl: `${tb.urls.smartregnskap}/onboarding/return?customer=${customer!.id}`,
      status: 'New',
    });
    expect(res.location).toBe(`${tb.urls.altinn}/accessmanagement/ui/systemuser/request?id=${request!.id}&DONTCHOOSEREPORTEE=true`);
    expect(customer).toMatchObject({ access: 'pending', request: { id: request!.id } });

    const again = await page.post('/signup', { kind: 'direct', orgNo: ` ${ORG.rorOgVann.slice(0, 3)} ${ORG.rorOgVann.slice(3)}`, contactName: 'Pia Vannli' });
    expect(again.location).toBe(res.location);
    expect((await requests()).filter((r) => r.partyOrgNo === ORG.rorOgVann)).toHaveLength(1);
    expect((await customers()).filter((c) => c.orgNo === ORG.rorOgVann)).toHaveLength(1);
  });

  it('polls while the request is New, then shows the receipt once it is accepted', async () => {
    await page.post('/signup', { kind: 'direct', orgPick: ORG.fjellbekk, contactName: 'Berit Baker' });
    const customer = (await customers()).find((c) => c.orgNo === ORG.fjellbekk)!;
    const waiting = await page.get(`/onboarding/return?customer=${customer.id}`);
    expect(waiting.status).toBe(200);
    expect(textOf(waiting.html)).toContain('Venter på svar fra Altinn');
    expect(waiting.html).toContain(`<meta http-equiv="refresh" content="2;url=/onboarding/return?customer=${customer.id}&amp;attempt=1">`);
    expect(waiting.html).toContain('class="ds-spinner"');
    const pending = await fetch(`${tb.urls.smartregnskap}/onboarding/${customer.id}/status`, { headers: { accept: 'application/json' } });
    expect(await pending.json()).toMatchObject({ access: 'pending', status: 'New', next: null });

    await decide(tb, customer.request!.id, true);
    const status = await (await fetch(`${tb.urls.smartregnskap}/onboarding/${customer.id}/status`)).json();
    expect(status).toMatchObject({ access: 'active', status: 'Accepted', next: `/onboarding/${customer.id}/receipt` });
    const back = await page.get(`/onboarding/return?customer=${customer.id}`);
    expect(back).toMatchObject({ status: 303, location: `/onboarding/${customer.id}/receipt` });
    const receipt = await page.get(back.location!);
    expect(textOf(receipt.html)).toContain('Da var systemtilgangen i boks!');
  });

  it('says when no answer has come after the last attempt', async () => {
    await page.post('/signup', { kind: 'direct', orgPick: ORG.nordlys, contactName: 'Nils' });
    const customer = (await customers()).find((c) => c.orgNo === ORG.nordlys)!;
    const last = await page.get(`/onboarding/return?customer=${customer.id}&attempt=30`);
    expect(textOf(last.html)).toContain('Ikke noe svar ennå');
    expect(last.html).toContain('Åpne godkjenningen i Altinn');
  });

  it('shows a rejection and asks again with a fresh request', async () => {
    await page.post('/signup', { kind: 'direct', orgPick: ORG.tallmakerne, contactName: 'Tone Tallberg' });
    const customer = (await customers()).find((c) => c.orgNo === ORG.tallmakerne)!;
    await decide(tb, customer.request!.id, false);
    const rejected = await page.get(`/onboarding/return?customer=${customer.id}`);
    expect(textOf(rejected.html)).toContain('Systemtilgangen ble avvist');
    // Re-posting would give Altinn's 200 with the rejected request: asking again deletes it first.
    const again = await page.post(`/customers/${customer.id}/ask-again`, {});
    expect(again.status).toBe(303);
    const fresh = (await customers()).find((c) => c.orgNo === ORG.tallmakerne)!;
    expect(fresh).toMatchObject({ access: 'pending' });
    expect(fresh.request!.id).not.toBe(customer.request!.id);
    expect(again.location).toContain(`?id=${fresh.request!.id}&`);
    expect(await isLive(customer.request!.id)).toBe(false);
    expect(await isLive(fresh.request!.id)).toBe(true);
  });

  it('says so when Altinn no longer knows the request', async () => {
    const customer = (await customers()).find((c) => c.orgNo === ORG.rorOgVann)!;
    // Approved, then the system user deleted in Altinn: that deletes its request too.
    await decide(tb, customer.request!.id, true);
    await withdraw(tb, customer.request!.id);
    const unknown = await page.get(`/onboarding/return?customer=${customer.id}`);
    expect(textOf(unknown.html)).toContain('Altinn kjenner ikke forespørselen');
    expect(unknown.html).toContain(`action="/customers/${customer.id}/ask-again"`);
  });

  it('answers bad parameters with 400/404 pages, never 500', async () => {
    expect((await page.get('/onboarding/return')).status).toBe(400);
    expect((await page.get('/onboarding/return?customer=not-a-uuid')).status).toBe(400);
    expect((await page.get('/onboarding/return?customer=00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await fetch(`${tb.urls.smartregnskap}/onboarding/x/status`)).status).toBe(404);
    expect((await page.get('/onboarding/00000000-0000-4000-8000-000000000000/receipt')).status).toBe(404);
    expect((await page.post('/customers/nope/ask-again', {})).status).toBe(404);
    const huge = await page.post('/signup', { kind: 'direct', orgNo: 'x'.repeat(70_000), contactName: 'Pia' });
    expect(huge.status).toBe(413);
  });

  it('shows a clear page when Altinn is down, and the poller keeps its JSON shape', async () => {
    await page.post('/signup', { kind: 'direct', orgPick: ORG.utenRegnskapsforer, contactName: 'Ensom' });
    const customer = (await customers()).find((c) => c.orgNo === ORG.utenRegnskapsforer)!;
    await control(tb.urls.altinn, '/faults', { path: '/authentication/api/v1/systemuser/*', drop: true });
    const down = await page.post('/signup', { kind: 'direct', orgPick: ORG.tallmakerne, contactName: 'Tone' });
    expect(down.status).toBe(503);
    expect(textOf(down.html)).toContain('Altinn svarer ikke');
    const poll = await fetch(`${tb.urls.smartregnskap}/onboarding/${customer.id}/status`);
    expect(poll.status).toBe(503);
    expect(await poll.json()).toMatchObject({ error: 'upstream', next: null });
    await control(tb.urls.altinn, '/faults', undefined, 'DELETE');
    await control(tb.urls.altinn, '/faults', { path: '/authentication/api/v1/systemuser/*', status: 500 });
    const failing = await page.get(`/onboarding/return?customer=${customer.id}`);
    expect(failing.status).toBe(502);
    expect(textOf(failing.html)).toContain('Altinn svarte med en feil');
  });
});
