import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Testbed } from '@testbed/common/service';
import { ORG } from '@testbed/common/world';
import { control, decide, PageClient, startAll, textOf } from './testbed.js';

type StoredCustomer = { id: string; orgNo: string; request?: { id: string } };

describe('the vendor page on a laptop (no admin token)', () => {
  let tb: Testbed;
  let customer: StoredCustomer;
  beforeAll(async () => {
    tb = await startAll();
    const page = new PageClient(tb.urls.smartregnskap);
    await page.post('/signup', { kind: 'direct', orgPick: ORG.rorOgVann, contactName: 'Pia' });
    customer = (await (await control(tb.urls.smartregnskap, '/state')).json()).customers[0];
    await decide(tb, customer.request!.id, true);
    await page.get(`/onboarding/return?customer=${customer.id}`);
    await page.get(`/customers/${customer.id}`);
  });
  afterAll(() => tb.close());

  it('lists the systems, their requests and system users, and the token counter', async () => {
    const page = new PageClient(tb.urls.smartregnskap);
    const admin = await page.get('/admin');
    expect(admin.status).toBe(200);
    const text = textOf(admin.html);
    expect(text).toContain('310000027_smartregnskap');
    expect(text).toContain('310000027_smartregnskap_klient');
    expect(text).toContain('Forespørsler (1)');
    expect(text).toContain('Systembrukere (1)');
    expect(admin.html).toContain(customer.request!.id);
    expect(admin.html).toMatch(/id="token-counter" data-count="2"/);
  });

  it('inspects the last token of a customer: signature against /jwk, expiry on the test-bed clock', async () => {
    const page = new PageClient(tb.urls.smartregnskap);
    const picked = await page.get(`/admin/inspector?customer=${customer.id}`);
    const text = textOf(picked.html);
    expect(text).toContain('Signaturen er gyldig');
    expect(text).toMatch(/om 1\d\d s|om \d\d s/);
    expect(picked.html).toContain('&#34;systemuser_org&#34;');
    expect(picked.html).toContain('0192:310000019');

    await control(tb.urls.smartregnskap, '/clock', { advanceSeconds: 3600 }, 'PUT');
    const later = await page.get(`/admin/inspector?customer=${customer.id}`);
    expect(textOf(later.html)).toContain('Utløpt');
    await control(tb.urls.smartregnskap, '/clock', { offsetSeconds: 0 }, 'PUT');

    const token = /<textarea[^>]*>([^<]+)<\/textarea>/.exec(picked.html)![1]!;
    const [h, p, s] = token.split('.');
    const tampered = await page.post('/admin/inspector', { token: `${h}.${p}.${s!.slice(0, -4)}AAAA` });
    expect(textOf(tampered.html)).toContain('Tokenet er ikke gyldig');
    const junk = await page.post('/admin/inspector', { token: 'not a jwt' });
    expect(textOf(junk.html)).toContain('Dette er ikke et JWT');
  });

  it('runs the setup again from the page', async () => {
    const page = new PageClient(tb.urls.smartregnskap);
    await page.get('/admin');
    const run = await page.post('/admin/setup', {});
    expect(run.location).toBe('/admin');
    expect(textOf((await page.get('/admin')).html)).toContain('Oppsettet er kjørt.');
  });

  it('shows Altinn trouble as a line, not an error page', async () => {
    await control(tb.urls.altinn, '/faults', { path: '/authentication/api/v1/systemregister/*', status: 503, times: 1 });
    const page = new PageClient(tb.urls.smartregnskap);
    const admin = await page.get('/admin');
    expect(admin.status).toBe(200);
    expect(textOf(admin.html)).toContain('Kunne ikke hente fra Altinn: HTTP 503');
  });
});

describe('the vendor page in a shared test-bed (TESTBED_ADMIN_TOKEN set)', () => {
  let tb: Testbed;
  beforeAll(async () => {
    tb = await startAll({ env: { TESTBED_ADMIN_TOKEN: 's3cret' }, skatteetatenSetup: false, smartregnskapSetup: false });
  });
  afterAll(() => tb.close());

  it('asks for the admin token once per session, or takes it as a bearer token', async () => {
    const page = new PageClient(tb.urls.smartregnskap);
    const locked = await page.get('/admin');
    expect(locked).toMatchObject({ status: 303, location: '/admin/login?returnTo=%2Fadmin' });
    expect((await page.get('/admin/inspector')).status).toBe(303);
    await page.get(locked.location!);
    const wrong = await page.post('/admin/login', { token: 'guess', returnTo: '/admin' });
    expect(wrong.status).toBe(401);
    const right = await page.post('/admin/login', { token: 's3cret', returnTo: '//evil.example/' });
    expect(right.location).toBe('/admin');
    expect((await page.get('/admin')).status).toBe(200);

    const bearer = await fetch(`${tb.urls.smartregnskap}/admin`, { headers: { authorization: 'Bearer s3cret' }, redirect: 'manual' });
    expect(bearer.status).toBe(200);
  });
});
