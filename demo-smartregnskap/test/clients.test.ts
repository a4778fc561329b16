import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Testbed } from '@testbed/common/service';
import { ORG, PERSON, WORLD } from '@testbed/common/world';
import { altinnRequests, control, decide, PageClient, startAll, textOf } from './testbed.js';

type StoredCustomer = { id: string; kind: string; orgNo: string; access: string; request?: { id: string } };

/** Logs `pid` in at mock ID-porten through its login page, following redirects back to SmartRegnskap. */
async function loginWithIdporten(page: PageClient, returnTo: string, pid: string): Promise<string> {
  let step = await page.get(`/login?returnTo=${encodeURIComponent(returnTo)}`);
  let url = step.location!;
  for (let hops = 0; hops < 10 && step.location; hops++) {
    url = new URL(step.location, url).href;
    step = await page.get(url);
  }
  expect(step.status, step.html.slice(0, 500)).toBe(200);
  const level = /name="level"[^>]*value="([^"]+)"/.exec(step.html)?.[1] ?? 'idporten-loa-substantial';
  step = await page.post(url, { choice: pid, level, action: 'login' });
  for (let hops = 0; hops < 10 && step.location; hops++) {
    url = new URL(step.location, url).href;
    if (url.endsWith(returnTo)) return url;
    step = await page.get(url);
  }
  throw new Error(`login did not come back to ${returnTo}: HTTP ${step.status} ${textOf(step.html).slice(0, 300)}`);
}

describe("the accounting firm's client view", () => {
  let tb: Testbed;
  const customers = async (): Promise<StoredCustomer[]> => (await (await control(tb.urls.smartregnskap, '/state')).json()).customers;
  const requests = () => altinnRequests(tb);
  let firm: StoredCustomer;

  beforeAll(async () => {
    tb = await startAll();
    const page = new PageClient(tb.urls.smartregnskap);
    const res = await page.post('/signup', { kind: 'firm', orgPick: ORG.tallmakerne, contactName: 'Tone Tallberg' });
    expect(res.location).toContain('/accessmanagement/ui/systemuser/agentrequest?id=');
    firm = (await customers()).find((c) => c.kind === 'firm')!;
    await decide(tb, firm.request!.id, true);
    await page.get(`/onboarding/return?customer=${firm.id}`);
  });
  afterAll(() => tb.close());

  it('asks for the agent system user with the accountant package', async () => {
    const [request] = (await requests()).filter((r) => r.partyOrgNo === ORG.tallmakerne);
    expect(request).toMatchObject({
      kind: 'agent',
      systemId: '310000027_smartregnskap_klient',
      accessPackages: [{ urn: 'urn:altinn:accesspackage:regnskapsforer-med-signeringsrettighet' }],
    });
    expect((await customers()).find((c) => c.id === firm.id)!.access).toBe('active');
  });

  it('sends a person who is not logged in to ID-porten with PKCE', async () => {
    const page = new PageClient(tb.urls.smartregnskap);
    const res = await page.get(`/clients/${firm.id}`);
    expect(res.location).toBe(`/login?returnTo=${encodeURIComponent(`/clients/${firm.id}`)}`);
    const login = await page.get(res.location!);
    const authorize = new URL(login.location!);
    expect(authorize.origin + authorize.pathname).toMatch(new RegExp(`^${tb.urls.maskinporten}/idporten/`));
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${tb.urls.smartregnskap}/login/callback`);
    expect(authorize.searchParams.get('scope')).toContain('altinn:clientdelegations.write');
    // An open redirect through returnTo is refused.
    const evil = await page.get('/login?returnTo=//evil.example/');
    expect(evil.status).toBe(303);
  });

  it('lets the client administrator add and remove clients, and shows a client\'s claims with the firm\'s token', async () => {
    const page = new PageClient(tb.urls.smartregnskap);
    await loginWithIdporten(page, `/clients/${firm.id}`, PERSON.kasper);
    const view = await page.get(`/clients/${firm.id}`);
    expect(view.status).toBe(200);
    const text = textOf(view.html);
    expect(text).toContain('Logget inn som Kasper Klientsen');
    expect(text).toContain('Klienter som kan legges til');
    expect(text).toContain('Fjellbekk Bakeri AS');

    const agentId = /name="agent" value="([^"]+)"/.exec(view.html)![1]!;
    const fjellbekk = WORLD.orgs.find((o) => o.orgNo === ORG.fjellbekk)!;
    const added = await page.post(`/clients/${firm.id}/add`, { agent: agentId, client: fjellbekk.partyUuid, clientName: fjellbekk.name });
    expect(added.location).toBe(`/clients/${firm.id}`);
    const after = await page.get(added.location!);
    expect(textOf(after.html)).toContain('Fjellbekk Bakeri AS er lagt til.');
    expect(after.html).toContain(`/clients/${firm.id}/claims/${ORG.fjellbekk}`);

    const claims = await page.get(`/clients/${firm.id}/claims/${ORG.fjellbekk}`);
    expect(claims.status).toBe(200);
    expect(textOf(claims.html)).toContain('Krav og betalinger for klienten Fjellbekk Bakeri AS');
    expect(textOf(claims.html)).toContain('Hentet med systemtilgangen til Tallmakerne AS');

    // A client that gave the firm only the salary package cannot be added (AUTH-00080).
    const solbaer = WORLD.orgs.find((o) => o.orgNo === ORG.solbaer)!;
    const refused = await page.post(`/clients/${firm.id}/add`, { agent: agentId, client: solbaer.partyUuid, clientName: solbaer.name });
    expect(textOf((await page.get(refused.location!)).html)).toMatch(/Altinn avviste endringen: (klienten har ikke gitt byrået alle tilgangspakkene|klienten er ikke blant byråets klienter)/);

    // A client not added: Skatteetaten's PDP says no, and the page says how to fix it.
    const notAdded = await page.get(`/clients/${firm.id}/claims/${ORG.nordlys}`);
    expect(textOf(notAdded.html)).toContain('Klientadministratoren i Tallmakerne AS kan legge til klienten');

    const removed = await page.post(`/clients/${firm.id}/remove`, { agent: agentId, client: fjellbekk.partyUuid, clientName: fjellbekk.name });
    expect(textOf((await page.get(removed.location!)).html)).toContain('Fjellbekk Bakeri AS er fjernet.');
    // The firm's own access is still fine.
    expect((await customers()).find((c) => c.id === firm.id)!.access).toBe('active');
  });

  it('shows an ID-porten outage as a clear page', async () => {
    const page = new PageClient(tb.urls.smartregnskap);
    // A fresh service has not fetched ID-porten's metadata yet.
    await tb.restart('smartregnskap');
    await control(tb.urls.maskinporten, '/faults', { path: '/idporten/*', drop: true });
    try {
      const res = await page.get('/login?returnTo=/clients');
      expect(res.status).toBe(503);
      expect(textOf(res.html)).toContain('ID-porten svarer ikke');
    } finally {
      await control(tb.urls.maskinporten, '/faults', undefined, 'DELETE');
    }
  });

  it('tells a person who is not a client administrator so', async () => {
    const page = new PageClient(tb.urls.smartregnskap);
    await loginWithIdporten(page, `/clients/${firm.id}`, PERSON.pia);
    const view = await page.get(`/clients/${firm.id}`);
    expect(textOf(view.html)).toContain('Du er ikke klientadministrator for Tallmakerne AS');
  });

  it('validates the forms and parameters', async () => {
    const page = new PageClient(tb.urls.smartregnskap);
    await loginWithIdporten(page, `/clients/${firm.id}`, PERSON.kasper);
    await page.get(`/clients/${firm.id}`);
    expect((await page.post(`/clients/${firm.id}/add`, { agent: 'x', client: 'y' })).status).toBe(400);
    expect((await page.get(`/clients/${firm.id}/claims/123`)).status).toBe(404);
    expect((await page.get('/clients/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const stray = await page.get('/login/callback?code=abc&state=def');
    expect(stray.status).toBe(400);
    // A callback with another state than this browser's login: refused by openid-client.
    const started = await page.get('/login?returnTo=/clients');
    expect(started.status).toBe(303);
    const forged = await page.get('/login/callback?code=abc&state=forged');
    expect(forged.status).toBe(400);
    expect(textOf(forged.html)).toContain('Innloggingen mislyktes');
    // Cancelled at ID-porten: the error comes back on the callback.
    await page.get('/login?returnTo=/clients');
    const cancelled = await page.get('/login/callback?error=access_denied&state=whatever');
    expect(cancelled.status).toBe(400);
  });
});
