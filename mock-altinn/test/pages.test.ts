// The approval pages and the logout chain over HTTP, logging in through mock ID-porten's form.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestbed } from '@testbed/common/service';
import { findOrg, ORG, PERSON } from '@testbed/common/world';
import { logIn } from '../../mock-maskinporten/test/idporten-harness.js';
import { createAltinn } from '../src/service.js';
import { krav, pkg, systemBody, VENDOR } from './authn-harness.js';
import { csrfOf, mva, PersonBrowser, REDIRECT, startPagesHarness, textOf, type PagesHarness } from './pages-harness.js';

const REQ = '/authentication/api/v1/systemuser/request';
const ror = findOrg(ORG.rorOgVann)!;

let p: PagesHarness;
beforeAll(async () => {
  p = await startPagesHarness();
});
afterAll(() => p?.close());

const as = (pid: string) => new PersonBrowser(p.altinn, pid);
const vendorRead = async (id: string, prefix = '') => (await p.h.call(`${REQ}/vendor${prefix}/${id}`, { token: await p.vendorToken() })).json;

describe('logging in from a confirmUrl', () => {
  it('sends a stranger to ID-porten with PKCE and brings the person back to the page after the login form', async () => {
    const { confirmUrl } = await p.request();
    const pia = as(PERSON.pia);
    const first = await pia.browser.follow(confirmUrl, p.altinn);
    const authorize = first.left!;
    expect(authorize.origin + authorize.pathname).toBe(`${p.h.tb.urls.maskinporten}/idporten/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      client_id: 'altinn-testbed',
      redirect_uri: `${p.altinn}/accessmanagement/ui/login/callback`,
      response_type: 'code',
      scope: 'openid profile',
      code_challenge_method: 'S256',
      ui_locales: 'nb',
    });
    expect(pia.browser.cookies.has('altinn.session')).toBe(true);
    const page = await pia.open(confirmUrl);
    expect(page.status).toBe(200);
    expect(page.url).toBe(confirmUrl);
    expect(textOf(page.html)).toContain('Logget inn som Pia Vannli');
  });

  it('explains a cancelled login, a callback nobody started, and an ID-porten that does not answer', async () => {
    const { confirmUrl } = await p.request();
    const pia = as(PERSON.pia);
    const { left } = await pia.browser.follow(confirmUrl, p.altinn);
    const back = await logIn(pia.browser, left!, { action: 'cancel' });
    const cancelled = await pia.browser.get(back);
    const html = await cancelled.text();
    expect(cancelled.status).toBe(400);
    expect(textOf(html)).toContain('Du avbrøt innloggingen i ID-porten.');
    expect(html).toContain(`href="${new URL(confirmUrl).pathname}${new URL(confirmUrl).search.replaceAll('&', '&amp;')}"`);

    const forged = await as(PERSON.pia).browser.get(`${p.altinn}/accessmanagement/ui/login/callback?code=abc&state=xyz`);
    expect(forged.status).toBe(400);
    expect(textOf(await forged.text())).toContain('Innloggingen gikk ikke gjennom');
  });
});

describe('the approval page', () => {
  it('shows what is asked, in bokmål and in English', async () => {
    const { confirmUrl } = await p.request({ rights: [krav], accessPackages: [pkg('skatt-naering')] });
    const pia = as(PERSON.pia);
    const nb = textOf((await pia.open(confirmUrl)).html);
    for (const text of [
      'Gi tilgang til system',
      'SmartCloud AS ber om godkjenning til å lage en systemtilgang',
      'Gjennom systemtilgangen kan SmartRegnskap løse oppgaver på vegne av Rør og Vann AS',
      'Leverandør SmartCloud AS (org.nr. 310000027)',
      'Virksomhet Rør og Vann AS (org.nr. 310000019)',
      'Systemtilgangen vil få disse fullmaktene: Krav og betalinger ske-krav-og-betalinger Tilgangspakke: Skatt næring urn:altinn:accesspackage:skatt-naering',
      'Du kan når som helst trekke tilbake systemtilgangen',
      'Godkjenn systemtilgang Avvis',
    ]) {
      expect(nb).toContain(text);
    }
    const en = await pia.open(`${confirmUrl}&lang=en`);
    const text = textOf(en.html);
    expect(en.html).toContain('<html lang="en"');
    for (const t of [
      'Give access to system',
      'SmartCloud AS asks for approval to create a system access',
      'Through the system access, SmartAccounting can carry out tasks on behalf of Rør og Vann AS',
      'Claims and payments',
      'Access package: Business tax',
      'Approve system access Reject',
    ]) {
      expect(text).toContain(t);
    }
    expect(en.html).toContain('<strong>SmartAccounting</strong>');
  });

  it('escapes what a vendor wrote', async () => {
    const evil = '<img src=x onerror="alert(1)">';
    const seeded = await p.h.call('/_testbed/seed', {
      method: 'POST',
      body: {
        systems: [systemBody('evil', { name: { nb: evil, en: evil }, rights: [krav], accessPackages: [], clientId: [randomUUID()] })],
        requests: [{ systemId: `${VENDOR}_evil`, partyOrgNo: ORG.rorOgVann, rights: [krav] }],
      },
    });
    const page = await as(PERSON.pia).open(seeded.json.requests[0].confirmUrl);
    expect(page.html).not.toContain('<img');
    expect(page.html).toContain('&lt;img src=x onerror=&#34;alert(1)&#34;&gt;');
  });

  it('refuses broken links and unknown requests with a page, never a 500', async () => {
    const pia = as(PERSON.pia);
    const base = `${p.altinn}/accessmanagement/ui/systemuser`;
    for (const query of ['', '?id=', '?id=nope', '?id=../../x', `?id=${randomUUID()}&id=${randomUUID()}`]) {
      const res = await pia.browser.get(`${base}/request${query}`);
      expect(res.status, query).toBe(400);
      expect(textOf(await res.text())).toContain('Lenken mangler en gyldig id');
    }
    const unknown = await pia.open(`${base}/request?id=${randomUUID()}&DONTCHOOSEREPORTEE=true`);
    expect(unknown.status).toBe(404);
    expect(textOf(unknown.html)).toContain('Fant ikke forespørselen');
    const { id } = await p.request();
    for (const page of ['agentrequest', 'changerequest']) {
      const wrongKind = await pia.open(`${base}/${page}?id=${id}&lang=xx`);
      expect(wrongKind.status, page).toBe(404);
    }
    const agent = await p.request({}, 'agent');
    expect((await pia.open(`${base}/request?id=${agent.id}`)).status).toBe(404);
    expect((await pia.browser.get(`${base}/nothing/here/at/all`)).status).toBe(404);
  });
});

describe('deciding', () => {
  it('approves: the system user exists with the request id, and the person is logged out and sent to redirectUrl exactly', async () => {
    const { id, confirmUrl } = await p.request();
    const pia = as(PERSON.pia);
    const page = await pia.open(confirmUrl);
    const answer = await pia.post(page.url, { _csrf: csrfOf(page.html), action: 'approve' });
    expect([answer.status, answer.headers.get('location')]).toEqual([303, '/authentication/api/v1/logout']);
    expect(answer.headers.getSetCookie().find((c) => c.startsWith('AltinnLogoutInfo='))).toMatch(new RegExp(`^AltinnLogoutInfo=SystemuserRequestId=${id}; `));
    const { location, hops } = await pia.followLogout(answer, page.url);
    expect(location).toBe(`${REDIRECT}?state=abc&x=1`);
    const endSession = new URL(hops[1]!);
    expect(endSession.origin + endSession.pathname).toBe(`${p.h.tb.urls.maskinporten}/idporten/logout`);
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${p.altinn}/authentication/api/v1/logout/handleloggedout`);
    expect(endSession.searchParams.get('id_token_hint')).toMatch(/^ey/);
    expect(hops.at(-1)).toBe(`${p.altinn}/authentication/api/v1/logout/handleloggedout`);
    expect(pia.browser.cookies.has('altinn.session')).toBe(false);
    expect(pia.browser.cookies.has('AltinnLogoutInfo')).toBe(false);

    expect(await vendorRead(id)).toMatchObject({ id, status: 'Accepted' });
    const su = await p.h.call(`/authentication/api/v1/systemuser/${ror.partyId}/${id}`, { token: await p.h.person(PERSON.pia) });
    expect(su.json).toMatchObject({ id, reporteeOrgNo: ORG.rorOgVann });

    // Logged out of Altinn and of ID-porten: the page asks for a login again, and ID-porten shows its form.
    const again = await pia.browser.follow(confirmUrl, p.altinn);
    expect(again.left?.pathname).toBe('/idporten/authorize');
    const reopened = await pia.open(confirmUrl);
    expect(textOf(reopened.html)).toContain('Denne forespørselen er allerede godkjent.');
    expect(reopened.html).not.toContain('name="action"');

    // Deciding again from an old tab, with the form token of this session: the platform's 409 as a page.
    const csrf = csrfOf((await pia.open((await p.request()).confirmUrl)).html);
    for (const action of ['approve', 'reject']) {
      const twice = await pia.post(reopened.url, { _csrf: csrf, action });
      expect(twice.status).toBe(409);
      const text = textOf(await twice.text());
      expect(text).toContain('Allerede behandlet');
      expect(text).toContain('AUTH-00013');
    }
  });

  it('rejects the same way, and a second person deciding afterwards gets 409', async () => {
    const { id, confirmUrl } = await p.request({ redirectUrl: REDIRECT });
    const [pia, tina] = [as(PERSON.pia), as(PERSON.tina)];
    const [piaPage, tinaPage] = [await pia.open(confirmUrl), await tina.open(confirmUrl)];
    const answer = await pia.post(piaPage.url, { _csrf: csrfOf(piaPage.html), action: 'reject' });
    expect((await pia.followLogout(answer, piaPage.url)).location).toBe(REDIRECT);
    expect((await vendorRead(id)).status).toBe('Rejected');
    const late = await tina.post(tinaPage.url, { _csrf: csrfOf(tinaPage.html), action: 'approve' });
    expect(late.status).toBe(409);
    expect(textOf((await tina.open(confirmUrl)).html)).toContain('Denne forespørselen er allerede avvist.');
  });

  it('shows every right and package the approver cannot pass on, by AUTH code, and approves nothing', async () => {
    const { id, confirmUrl } = await p.request({ rights: [krav], accessPackages: [pkg('skatt-naering')] });
    const tina = as(PERSON.tina);
    const page = await tina.open(confirmUrl);
    const refused = await tina.post(page.url, { _csrf: csrfOf(page.html), action: 'approve' });
    expect(refused.status).toBe(403);
    const html = await refused.text();
    const items = [...html.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => textOf(m[1]!));
    expect(items).toEqual([
      'Krav og betalinger ske-krav-og-betalinger : Du har ikke rettighetene som trengs for å gi denne tilgangen videre. Du må selv ha den gjennom en rolle eller en tilgangspakke som du kan gi videre. (AUTH-00016)',
      'Skatt næring urn:altinn:accesspackage:skatt-naering : Du har ikke denne tilgangspakken, eller du kan ikke gi den videre. (AUTH-00053)',
    ]);
    expect(textOf(html)).toContain('Systemtilgangen ble ikke godkjent');
    expect((await vendorRead(id)).status).toBe('New');

    const english = await tina.open(`${confirmUrl}&lang=en`);
    const inEnglish = textOf(await (await tina.post(english.url, { _csrf: csrfOf(english.html), action: 'approve' })).text());
    expect(inEnglish).toContain('The system access was not approved');
    expect(inEnglish).toContain('Claims and payments ske-krav-og-betalinger : You do not have the rights needed to pass this access on.');

    const notDelegable = await p.request({ rights: [mva] });
    const pia = as(PERSON.pia);
    const piaPage = await pia.open(`${notDelegable.confirmUrl}&lang=nb`);
    const mvaRefused = await pia.post(piaPage.url, { _csrf: csrfOf(piaPage.html), action: 'approve' });
    expect(mvaRefused.status).toBe(403);
    expect(textOf(await mvaRefused.text())).toContain('Merverdiavgift ske-mva : Denne tjenesten kan ikke delegeres. (AUTH-00070)');
  });

  it('refuses forms without this session’s token and forms that were tampered with', async () => {
    const { id, confirmUrl } = await p.request();
    const pia = as(PERSON.pia);
    const page = await pia.open(confirmUrl);
    const forms: Record<string, string>[] = [{ action: 'approve' }, { _csrf: 'forged', action: 'approve' }, { _csrf: `${csrfOf(page.html)}x`, action: 'approve' }];
    for (const form of forms) {
      const res = await pia.post(page.url, form);
      expect(res.status).toBe(403);
      expect(textOf(await res.text())).toContain('Skjemaet er utløpt eller kom ikke fra denne siden');
    }
    const stranger = new PersonBrowser(p.altinn, PERSON.pia);
    expect((await stranger.post(page.url, { _csrf: csrfOf(page.html), action: 'approve' })).status).toBe(403);
    for (const action of ['', 'delete', 'approve,reject']) {
      const res = await pia.post(page.url, { _csrf: csrfOf(page.html), action });
      expect(res.status, action).toBe(400);
    }
    const huge = await pia.post(page.url, { _csrf: csrfOf(page.html), action: 'approve', junk: 'x'.repeat(70_000) });
    expect(huge.status).toBe(413);
    const noId = await pia.post(`${p.altinn}/accessmanagement/ui/systemuser/request?id=bad`, { _csrf: csrfOf(page.html), action: 'approve' });
    expect(noId.status).toBe(400);
    expect((await vendorRead(id)).status).toBe('New');
  });
});

describe('who sees what', () => {
  it('lets Emil, who only has a package, send the request on to the access managers instead', async () => {
    const { id, confirmUrl } = await p.request();
    const emil = as(PERSON.emil);
    const page = await emil.open(confirmUrl);
    const text = textOf(page.html);
    expect(text).toContain('SmartCloud AS ber om godkjenning til å lage en systemtilgang');
    expect(text).toContain('Du kan ikke godkjenne denne forespørselen selv');
    expect(page.html).not.toContain('value="approve"');
    expect(page.html).toContain('value="escalate"');

    const approve = await emil.post(page.url, { _csrf: csrfOf(page.html), action: 'approve' });
    expect(approve.status).toBe(403);
    expect(textOf(await approve.text())).toContain('Bare daglig leder, hovedadministrator eller en tilgangsstyrer i virksomheten kan gjøre dette.');

    const escalated = await emil.post(page.url, { _csrf: csrfOf(page.html), action: 'escalate' });
    expect([escalated.status, escalated.headers.get('location')]).toEqual([303, new URL(confirmUrl).pathname + new URL(confirmUrl).search]);
    const after = await emil.open(confirmUrl);
    expect(textOf(after.html)).toContain('Forespørselen er sendt til tilgangsstyrerne i Rør og Vann AS.');
    expect(after.html).not.toContain('value="escalate"');
    expect(textOf((await emil.open(confirmUrl)).html)).not.toContain('Forespørselen er sendt til tilgangsstyrerne');
    expect(await vendorRead(id)).toMatchObject({ status: 'New', escalated: true });

    const tina = as(PERSON.tina);
    const overview = await tina.open(`${p.altinn}/accessmanagement/ui/systemuser/overview`);
    expect(overview.html).toContain(`href="/accessmanagement/ui/systemuser/request?id=${id}&amp;DONTCHOOSEREPORTEE=true"`);
    expect(textOf(overview.html)).toContain('Sendt videre');
    expect(textOf((await tina.open(confirmUrl)).html)).toContain('Forespørselen er sendt videre til tilgangsstyrerne i Rør og Vann AS.');
  });

  it('refuses Ola, who has no role, with AUTH-00066 and shows him nothing of the request', async () => {
    const { id, confirmUrl } = await p.request({ accessPackages: [pkg('skatt-naering')] });
    const ola = as(PERSON.ola);
    const page = await ola.open(confirmUrl);
    expect(page.status).toBe(403);
    const text = textOf(page.html);
    expect(text).toContain('Du har ikke tilgang til denne forespørselen.');
    expect(text).toContain('AUTH-00066');
    for (const secret of ['SmartRegnskap', 'SmartCloud', 'Krav og betalinger', 'Skatt næring', 'Rør og Vann', id]) expect(text).not.toContain(secret);
    expect(page.html).not.toContain('<form');
    const forged = await ola.post(page.url, { _csrf: 'forged', action: 'escalate' });
    expect(forged.status).toBe(403);
    expect(await forged.text()).not.toContain('SmartRegnskap');
    // Berit manages another organisation: the same refusal.
    expect((await as(PERSON.berit).open(confirmUrl)).status).toBe(403);
    expect((await vendorRead(id)).escalated).toBe(false);
  });
});

describe('agent and change requests', () => {
  it('approves an agent request as Tone and sends her to the agent request’s redirectUrl', async () => {
    const { id, confirmUrl } = await p.request({ redirectUrl: `${REDIRECT}?agent=1` }, 'agent');
    const tone = as(PERSON.tone);
    const page = await tone.open(confirmUrl);
    const text = textOf(page.html);
    expect(text).toContain('Tilgangspakke: Regnskapsfører med signeringsrettighet');
    expect(text).toContain('klientadministrator i Tallmakerne AS');
    const answer = await tone.post(page.url, { _csrf: csrfOf(page.html), action: 'approve' });
    expect(answer.headers.getSetCookie().find((c) => c.startsWith('AltinnLogoutInfo='))).toContain(`AltinnLogoutInfo=SystemuserAgentRequestId=${id};`);
    expect((await tone.followLogout(answer, page.url)).location).toBe(`${REDIRECT}?agent=1`);
    expect((await vendorRead(id, '/agent')).status).toBe('Accepted');
  });

  it('shows a change request as what will be added and removed, and applies it on approval', async () => {
    const systemUserId = await p.systemUser(`change-${randomUUID()}`);
    const correlationId = randomUUID();
    const created = await p.h.call(`/authentication/api/v1/systemuser/changerequest/vendor?correlation-id=${correlationId}&system-user-id=${systemUserId}`, {
      method: 'POST',
      token: await p.vendorToken(),
      body: { requiredAccessPackages: [pkg('skatt-naering')], unwantedRights: [krav], redirectUrl: `${REDIRECT}?change=1` },
    });
    expect(created.status).toBe(201);
    const confirmUrl = created.json.confirmUrl as string;
    expect(confirmUrl).toBe(`${p.altinn}/accessmanagement/ui/systemuser/changerequest?id=${correlationId}&DONTCHOOSEREPORTEE=true`);

    expect((await as(PERSON.ola).open(confirmUrl)).status).toBe(403);
    const emil = textOf((await as(PERSON.emil).open(confirmUrl)).html);
    expect(emil).toContain('Bare daglig leder, hovedadministrator eller en tilgangsstyrer i Rør og Vann AS kan godkjenne endringer');

    const pia = as(PERSON.pia);
    const page = await pia.open(confirmUrl);
    const text = textOf(page.html);
    expect(text).toContain('SmartCloud AS ber om godkjenning til å gjøre endringer i systemtilgang');
    expect(text).toContain('Disse fullmaktene vil legges til: Tilgangspakke: Skatt næring');
    expect(text).toContain('Disse fullmaktene vil fjernes: Krav og betalinger');
    expect(text).toContain('Godkjenn oppdatert systemtilgang Avvis');
    const answer = await pia.post(page.url, { _csrf: csrfOf(page.html), action: 'approve' });
    expect(answer.headers.getSetCookie().find((c) => c.startsWith('AltinnLogoutInfo='))).toContain(`AltinnLogoutInfo=SystemuserChangeRequestId=${correlationId};`);
    expect((await pia.followLogout(answer, page.url)).location).toBe(`${REDIRECT}?change=1`);
    const delegations = await p.h.call(`/authentication/api/v1/systemuser/${ror.partyId}/${systemUserId}/delegations`, { token: await p.h.person(PERSON.pia) });
    expect(delegations.json).toEqual({ systemUserId, rights: [], accessPackages: [pkg('skatt-naering')] });
    const decided = textOf((await pia.open(confirmUrl)).html);
    expect(decided).toContain('Denne forespørselen er allerede godkjent.');
  });
});

describe('handleloggedout and the logout link', () => {
  const handle = (cookie?: string) =>
    fetch(`${p.altinn}/authentication/api/v1/logout/handleloggedout`, { redirect: 'manual', headers: cookie ? { cookie } : {} });

  it('redirects only to a stored redirectUrl, else to the front page', async () => {
    const withUrl = await p.request({ redirectUrl: `${REDIRECT}?a=1&b=%20x` });
    const without = await p.request({ redirectUrl: undefined });
    const cases: [string | undefined, string][] = [
      [`AltinnLogoutInfo=SystemuserRequestId=${withUrl.id}`, `${REDIRECT}?a=1&b=%20x`],
      [`AltinnLogoutInfo=SystemuserRequestId%3D${withUrl.id}`, `${REDIRECT}?a=1&b=%20x`],
      [undefined, '/'],
      [`AltinnLogoutInfo=SystemuserRequestId=${without.id}`, '/'],
      [`AltinnLogoutInfo=SystemuserAgentRequestId=${withUrl.id}`, '/'],
      [`AltinnLogoutInfo=SystemuserRequestId=${randomUUID()}`, '/'],
      ['AltinnLogoutInfo=https://evil.example/', '/'],
      ['AltinnLogoutInfo=SystemuserRequestId=../../evil', '/'],
    ];
    for (const [cookie, location] of cases) {
      const res = await handle(cookie);
      expect([res.status, res.headers.get('location')], cookie).toEqual([302, location]);
    }
  });

  it('logs out from the link on every page, through ID-porten, to the front page', async () => {
    const pia = as(PERSON.pia);
    const front = await pia.open(`${p.altinn}/accessmanagement/ui/login?returnTo=/`);
    expect(front.url).toBe(`${p.altinn}/`);
    expect(textOf(front.html)).toContain('Du er logget inn som Pia Vannli.');
    expect(front.html).toContain('href="/authentication/api/v1/logout"');
    const out = await pia.followLogout(await pia.browser.get(`${p.altinn}/authentication/api/v1/logout`), `${p.altinn}/authentication/api/v1/logout`);
    expect(out.location).toBe('/');
    expect(textOf(await (await pia.browser.get(`${p.altinn}/`)).text())).toContain('Du er ikke logget inn.');
    const offsite = await pia.browser.follow(`${p.altinn}/accessmanagement/ui/login?returnTo=//evil.example/`, p.altinn);
    expect(offsite.left?.pathname).toBe('/idporten/authorize');
  });
});

describe('expired requests (ALTINN_DOCS_TIMEOUT)', () => {
  it('shows the expired banner and no buttons', async () => {
    const docs = await startPagesHarness({ ALTINN_DOCS_TIMEOUT: 'true' });
    try {
      const { confirmUrl } = await docs.request();
      await docs.h.advanceClock(11 * 86_400);
      const page = await new PersonBrowser(docs.altinn, PERSON.pia).open(confirmUrl);
      expect(textOf(page.html)).toContain('Forespørselen er utløpt. Be leverandøren om å sende en ny.');
      expect(page.html).not.toContain('name="action"');
    } finally {
      await docs.close();
    }
  });
});

describe('when ID-porten does not answer', () => {
  it('says so on a page (502)', async () => {
    const alone = await startTestbed({ altinn: createAltinn });
    try {
      const res = await fetch(`${alone.urls.altinn}/accessmanagement/ui/systemuser/request?id=${randomUUID()}&DONTCHOOSEREPORTEE=true`, { redirect: 'manual' });
      expect(res.status).toBe(502);
      expect(textOf(await res.text())).toContain('ID-porten svarer ikke akkurat nå');
    } finally {
      await alone.close();
    }
  });
});
