// "Systemtilganger" over HTTP: the overview per managed organisation, a system access's page, and
// withdrawal with its confirmation step.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOrg, ORG, PERSON } from '@testbed/common/world';
import { pkg } from './authn-harness.js';
import { AGENT_SYSTEM, csrfOf, PersonBrowser, startPagesHarness, textOf, uniqueRef, type PagesHarness } from './pages-harness.js';

const ror = findOrg(ORG.rorOgVann)!;
const UI = '/accessmanagement/ui/systemuser';

let p: PagesHarness;
let systemUserId: string;
let agentId: string;
beforeAll(async () => {
  p = await startPagesHarness();
  systemUserId = await p.systemUser(uniqueRef('overview'), { accessPackages: [pkg('skatt-naering')] });
  const seeded = await p.h.call('/_testbed/seed', {
    method: 'POST',
    body: { systemUsers: [{ kind: 'agent', systemId: AGENT_SYSTEM, partyOrgNo: ORG.tallmakerne, accessPackages: [pkg('regnskapsforer-med-signeringsrettighet')] }] },
  });
  agentId = seeded.json.systemUsers[0].id;
});
afterAll(() => p?.close());

const as = (pid: string) => new PersonBrowser(p.altinn, pid);
const url = (path: string) => `${p.altinn}${path}`;

describe('the overview', () => {
  it('lists the system accesses of each organisation the person manages, in bokmål and English', async () => {
    const pia = as(PERSON.pia);
    const page = await pia.open(url(`${UI}/overview`));
    expect(page.status).toBe(200);
    const row = /<tr id="systemuser-[^"]+">[\s\S]*?<\/tr>/.exec(page.html)![0];
    expect(row).toContain(`href="${UI}/${systemUserId}"`);
    expect(textOf(row)).toMatch(
      /^SmartRegnskap SmartCloud AS \(org\.nr\. 310000027\) \d{1,2}\. \w+ \d{4} Krav og betalinger ske-krav-og-betalinger Tilgangspakke: Skatt næring urn:altinn:accesspackage:skatt-naering$/,
    );
    expect(textOf(page.html)).toContain('Rør og Vann AS (org.nr. 310000019)');
    expect(page.html).not.toContain(agentId);

    const english = textOf((await pia.open(url(`${UI}/overview?lang=en`))).html);
    expect(english).toContain('System accesses of Rør og Vann AS');
    expect(english).toMatch(/SmartAccounting SmartCloud AS \(org\. no\. 310000027\) \d{1,2} \w+ \d{4} Claims and payments/);
  });

  it('shows Tone her accounting firm’s agent access without a delete button, and Ola no organisation', async () => {
    const tone = as(PERSON.tone);
    const overview = await tone.open(url(`${UI}/overview`));
    expect(textOf(overview.html)).toContain('Tallmakerne AS (org.nr. 310000035)');
    expect(overview.html).not.toContain(systemUserId);
    const agent = await tone.open(url(`${UI}/${agentId}`));
    expect(textOf(agent.html)).toContain('Dette er en systemtilgang for klientforhold. Den slettes ikke her.');
    expect(agent.html).not.toContain('/delete"');
    const confirm = await tone.open(url(`${UI}/${agentId}/delete`));
    const refused = await tone.post(url(`${UI}/${agentId}/delete`), { _csrf: csrfOf(confirm.html) });
    expect(refused.status).toBe(400);
    expect(textOf(await refused.text())).toContain('Systemtilganger for klientforhold slettes ikke her. Feilkode: AUTH-00036');

    const ola = await as(PERSON.ola).open(url(`${UI}/overview`));
    expect(ola.status).toBe(200);
    expect(textOf(ola.html)).toContain('Du kan ikke administrere tilganger for noen virksomhet.');
  });

  it('shows nobody else a system access, known or not', async () => {
    for (const pid of [PERSON.tone, PERSON.ola, PERSON.emil]) {
      const browser = as(pid);
      for (const path of [`${UI}/${systemUserId}`, `${UI}/${systemUserId}/delete`]) {
        const page = await browser.open(url(path));
        expect(page.status, `${pid} ${path}`).toBe(404);
        expect(textOf(page.html)).not.toContain('SmartRegnskap');
      }
    }
    const pia = as(PERSON.pia);
    for (const id of ['nope', '00000000-0000-0000-0000-000000000000', '%E0%A4%A']) {
      expect((await pia.open(url(`${UI}/${id}`))).status, id).toBeGreaterThanOrEqual(400);
    }
  });
});

describe('withdrawing', () => {
  it('asks first, refuses a forged form, then deletes the system user and says so once', async () => {
    const id = await p.systemUser(uniqueRef('withdraw'));
    const pia = as(PERSON.pia);
    const detail = await pia.open(url(`${UI}/${id}`));
    expect(detail.html).toContain(`<form method="get" action="${UI}/${id}/delete"`);
    expect(textOf(detail.html)).toContain('Slett systemtilgang');
    const confirm = await pia.open(url(`${UI}/${id}/delete`));
    expect(textOf(confirm.html)).toContain(
      'Vil du slette systemtilgangen for SmartRegnskap? SmartRegnskap mister da tilgangen til å gjøre oppgaver for Rør og Vann AS',
    );
    expect(confirm.html).toContain(`<form method="post" action="${UI}/${id}/delete"`);

    const forged = await pia.post(url(`${UI}/${id}/delete`), { _csrf: 'forged' });
    expect(forged.status).toBe(403);
    const tone = as(PERSON.tone);
    const toneCsrf = csrfOf((await tone.open(url(`${UI}/${agentId}/delete`))).html);
    expect((await tone.post(url(`${UI}/${id}/delete`), { _csrf: toneCsrf })).status).toBe(404);
    const still = await p.h.call(`/authentication/api/v1/systemuser/${ror.partyId}/${id}`, { token: await p.h.person(PERSON.pia) });
    expect(still.status).toBe(200);

    const deleted = await pia.post(url(`${UI}/${id}/delete`), { _csrf: csrfOf(confirm.html) });
    expect([deleted.status, deleted.headers.get('location')]).toEqual([303, `${UI}/overview`]);
    const overview = await pia.open(url(`${UI}/overview`));
    expect(textOf(overview.html)).toContain('Systemtilgangen for SmartRegnskap er slettet. SmartRegnskap kan ikke lenger gjøre oppgaver for Rør og Vann AS.');
    expect(overview.html).not.toContain(id);
    expect(textOf((await pia.open(url(`${UI}/overview`))).html)).not.toContain('er slettet');

    const gone = await p.h.call(`/authentication/api/v1/systemuser/${ror.partyId}/${id}`, { token: await p.h.person(PERSON.pia) });
    expect(gone.status).toBe(404);
    const request = await p.h.call(`/authentication/api/v1/systemuser/request/vendor/${id}`, { token: await p.vendorToken() });
    expect(request.status).toBe(404);
    const again = await pia.post(url(`${UI}/${id}/delete`), { _csrf: csrfOf(confirm.html) });
    expect(again.status).toBe(404);
  });
});
