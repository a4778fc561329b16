import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORG, PERSON } from '@testbed/common/world';
import { bearer, consumer, policyXml, resourceFixture, startAuthzTestbed, type AuthzTestbed } from './authz-fixtures.js';

const BASE = '/resourceregistry/api/v1/resource';
const WRITE = 'altinn:resourceregistry/resource.write';
const ADMIN = 'altinn:resourceregistry/resource.admin';

const withoutDefaults = (identifier: string, over: Record<string, unknown> = {}) => {
  const { accessListMode: _a, visible: _v, ...rest } = resourceFixture(identifier);
  return { ...rest, ...over };
};

describe('resource registry', () => {
  let t: AuthzTestbed;
  let skd: string;
  const send = (method: string, path: string, body: unknown, token = skd) =>
    fetch(`${t.url}${path}`, { method, headers: { 'content-type': 'application/json', ...bearer(token) }, body: JSON.stringify(body) });
  const upload = (id: string, xml: string, { token = skd, field = 'policyFile', method = 'POST' } = {}) => {
    const form = new FormData();
    form.append(field, new Blob([xml], { type: 'text/xml' }), 'policy.xml');
    return fetch(`${t.url}${BASE}/${id}/policy`, { method, headers: bearer(token), body: form });
  };

  beforeAll(async () => {
    t = await startAuthzTestbed();
    skd = await t.maskinportenToken({ scope: WRITE, consumer: consumer(ORG.skatteetaten) });
  });
  afterAll(() => t.tb.close());

  describe('resources', () => {
    it('creates a resource with 201 and Location, fills defaults and the owner from the register, and refuses a duplicate', async () => {
      const res = await send('POST', BASE, withoutDefaults('ske-krav-og-betalinger'));
      expect(res.status).toBe(201);
      expect(res.headers.get('location')).toBe(`${BASE}/ske-krav-og-betalinger`);
      expect(await res.text()).toBe('');
      const stored = await (await fetch(`${t.url}${BASE}/ske-krav-og-betalinger`)).json();
      expect(stored).toMatchObject({
        identifier: 'ske-krav-og-betalinger',
        visible: true,
        delegable: true,
        accessListMode: 'Disabled',
        versionId: 1,
        hasCompetentAuthority: { organization: ORG.skatteetaten, orgcode: 'skd', name: { nb: 'Skatteetaten', nn: 'Skatteetaten', en: 'Skatteetaten' } },
      });
      const again = await send('POST', BASE, withoutDefaults('ske-krav-og-betalinger'));
      expect(again.status).toBe(409);
      expect(await again.text()).toBe('The Resource already exist: ske-krav-og-betalinger');
    });

    it('validates a resource and lists every problem under its member', async () => {
      const res = await send('POST', BASE, {
        identifier: 'AB',
        title: { nb: 'Tittel' },
        description: { nb: 'a', nn: 'b', en: 'c' },
        delegable: true,
        hasCompetentAuthority: { organization: '974761077' },
        resourceType: 'Default',
      });
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body).toMatchObject({ type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1', title: 'One or more validation errors occurred.', status: 400 });
      expect(body.errors).toEqual({
        Identifier: ['Invalid id. Only a-z and 0-9 is allowed together with _ and -.  Minimum 4 characters'],
        ResourceType: ['ResourceType needs to be set'],
        'HasCompetentAuthority.Organization': ['HasCompetentAuthority needs to be set with valid organization number'],
        Title: ['Missing title in english en', 'Missing title in nynorsk nn'],
        RightDescription: ['Missing RightDescription in english en', 'Missing RightDescription in bokmal nb', 'Missing RightDescription in nynorsk nn'],
        ContactPoints: ['ContactPoints needs at least one contact point'],
      });
    });

    it('refuses reserved prefixes, a Maskinporten schema without scope and an app without its application id', async () => {
      const errorsOf = async (body: unknown) => (await (await send('POST', BASE, body)).json()).errors;
      expect((await errorsOf(withoutDefaults('app_skd_demo'))).Identifier).toEqual(['Invalid Prefix. app_ is only for Altinn Studio apps']);
      expect((await errorsOf(withoutDefaults('se_1234_1'))).Identifier).toEqual(['Invalid prefix. Only to be used for Altinn 2 services']);
      expect((await errorsOf(withoutDefaults('ske-skjema', { resourceType: 'MaskinportenSchema' }))).ResourceReferences).toEqual(['Missing maskinporten scopen for MaskinportenSchema resource']);
      expect((await errorsOf(withoutDefaults('app_skd_demo', { resourceType: 'AltinnApp' }))).ResourceReferences).toEqual([
        'Invalid app Resource. App resources needs to have a reference with ReferenceType ApplicationId',
      ]);
    });

    it('answers a body that does not bind with the JSON path of the first bad member', async () => {
      const res = await send('POST', BASE, { identifier: 42, title: 'Tittel', delegable: 'yes' });
      expect(res.status).toBe(400);
      expect((await res.json()).errors).toEqual({
        '$.identifier': ['The JSON value could not be converted to System.String. Path: $.identifier | LineNumber: 0 | BytePositionInLine: 0.'],
        serviceResource: ['The serviceResource field is required.'],
      });
      expect((await send('POST', BASE, withoutDefaults('ske-enum', { resourceType: 'Nope' }))).status).toBe(400);
      const notJson = await fetch(`${t.url}${BASE}`, { method: 'POST', headers: { 'content-type': 'text/plain', ...bearer(skd) }, body: 'x' });
      expect(notJson.status).toBe(415);
    });

    it('lets an owner write only its own resources, unless the token has the admin scope', async () => {
      const digdir = await t.maskinportenToken({ scope: WRITE, consumer: consumer(ORG.digdir) });
      const res = await send('POST', BASE, withoutDefaults('ske-annen'), digdir);
      expect(res.status).toBe(403);
      expect(await res.text()).toBe('');
      const admin = await t.altinnToken({ scope: ADMIN, consumer: consumer(ORG.digdir) });
      expect((await send('POST', BASE, withoutDefaults('ske-annen'), admin)).status).toBe(201);
      expect((await fetch(`${t.url}${BASE}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
      const readOnly = await t.maskinportenToken({ scope: 'altinn:resourceregistry/resource.read', consumer: consumer(ORG.skatteetaten) });
      expect((await send('POST', BASE, withoutDefaults('ske-tredje'), readOnly)).status).toBe(403);
    });

    it('needs the admin scope or a consumer_prefix for resources with Maskinporten scopes', async () => {
      const scoped = (id: string) =>
        withoutDefaults(id, {
          resourceType: 'MaskinportenSchema',
          resourceReferences: [{ referenceSource: 'ExternalPlatform', reference: 'skatteetaten:kravogbetalinger', referenceType: 'MaskinportenScope' }],
        });
      const refused = await send('POST', BASE, scoped('ske-scope'));
      expect(refused.status).toBe(401);
      expect(await refused.json()).toMatchObject({
        title: 'Unauthorized',
        status: 401,
        detail: 'Not authorized for creating resource with the listed scopes',
        errors: { InvalidPrefix: ['skatteetaten:kravogbetalinger'] },
      });
      const prefixed = await t.maskinportenToken({ scope: WRITE, consumer: consumer(ORG.skatteetaten), consumer_prefix: ['skatteetaten'] });
      expect((await send('POST', BASE, scoped('ske-scope'), prefixed)).status).toBe(201);
      const admin = await t.maskinportenToken({ scope: `${WRITE} ${ADMIN}`, consumer: consumer(ORG.skatteetaten) });
      expect((await send('POST', BASE, scoped('ske-scope-2'), admin)).status).toBe(201);
    });

    it('reads a missing resource as an empty 404, and a malformed id as 400', async () => {
      const res = await fetch(`${t.url}${BASE}/finnes-ikke`);
      expect(res.status).toBe(404);
      expect(await res.text()).toBe('');
      expect((await fetch(`${t.url}${BASE}/%E0%A4%A`)).status).toBe(400);
    });

    it('updates a resource, bumping its version, and refuses a mismatched or unknown id', async () => {
      await send('POST', BASE, withoutDefaults('ske-oppdater'));
      const changed = withoutDefaults('ske-oppdater', { title: { nb: 'Ny', nn: 'Ny', en: 'New' } });
      expect((await send('PUT', `${BASE}/ske-oppdater`, changed)).status).toBe(200);
      expect(await (await fetch(`${t.url}${BASE}/ske-oppdater`)).json()).toMatchObject({ title: { en: 'New' }, versionId: 2 });
      const mismatch = await send('PUT', `${BASE}/ske-oppdater`, { ...changed, identifier: 'annen-id' });
      expect(mismatch.status).toBe(400);
      expect(await mismatch.text()).toBe('Id in path does not match ID in resource');
      expect((await send('PUT', `${BASE}/finnes-ikke`, withoutDefaults('finnes-ikke'))).status).toBe(404);
      const digdir = await t.maskinportenToken({ scope: WRITE, consumer: consumer(ORG.digdir) });
      expect((await send('PUT', `${BASE}/ske-oppdater`, changed, digdir)).status).toBe(403);
    });

    it('lists, searches (case-insensitive route and values) and names the owners', async () => {
      const list = await (await fetch(`${t.url}${BASE}/resourcelist`)).json();
      expect(list.map((r: { identifier: string }) => r.identifier)).toContain('ske-krav-og-betalinger');
      const search = async (q: string, path = 'search') => (await (await fetch(`${t.url}${BASE}/${path}?${q}`)).json()).map((r: { identifier: string }) => r.identifier);
      expect(await search('title=TITLE SKE-KRAV', 'Search')).toEqual(['ske-krav-og-betalinger']);
      expect(await search('id=oppdater&orgCode=SKD')).toEqual(['ske-oppdater']);
      expect(await search('resourceType=MaskinportenSchema')).toEqual(['ske-scope', 'ske-scope-2']);
      expect(await search(`organizationId=${ORG.digdir}`)).toEqual([]);
      expect((await fetch(`${t.url}${BASE}/search?resourceType=Nope`)).status).toBe(400);
      const { orgs } = await (await fetch(`${t.url}${BASE}/orgs`)).json();
      expect(orgs.skd).toMatchObject({ orgnr: ORG.skatteetaten, name: { nb: 'Skatteetaten' } });
    });

    it('deletes a resource with 204', async () => {
      await send('POST', BASE, withoutDefaults('ske-slett'));
      const res = await fetch(`${t.url}${BASE}/ske-slett`, { method: 'DELETE', headers: bearer(skd) });
      expect(res.status).toBe(204);
      expect((await fetch(`${t.url}${BASE}/ske-slett`)).status).toBe(404);
      expect((await fetch(`${t.url}${BASE}/ske-slett`, { method: 'DELETE', headers: bearer(skd) })).status).toBe(404);
    });
  });

  describe('policies', () => {
    const ID = 'ske-krav-og-betalinger';
    const xml = policyXml(ID, [
      { subjects: [[['urn:altinn:accesspackage', 'krav-og-utlegg']], [['urn:altinn:rolecode', 'DAGL']]], actions: ['read'] },
      { subjects: [[['urn:altinn:rolecode', 'DAGL']]], actions: ['write'] },
    ]);

    it('stores an uploaded policy and serves it back as XML', async () => {
      const res = await upload(ID, xml);
      expect(res.status).toBe(201);
      expect(res.headers.get('location')).toBe(`${ID}/policy`);
      const back = await fetch(`${t.url}${BASE}/${ID}/policy`);
      expect(back.headers.get('content-type')).toMatch(/^text\/xml/);
      expect(await back.text()).toBe(xml);
      expect((await upload(ID, xml, { method: 'PUT' })).status).toBe(201);
    });

    it('derives the flattened rules, the subjects and the rights', async () => {
      const rules = await (await fetch(`${t.url}${BASE}/${ID}/policy/rules`)).json();
      expect(rules).toHaveLength(3);
      expect(rules[0]).toEqual({
        subject: [{ type: 'urn:altinn:accesspackage', value: 'krav-og-utlegg' }],
        action: { type: 'urn:oasis:names:tc:xacml:1.0:action:action-id', value: 'read' },
        resource: [{ type: 'urn:altinn:resource', value: ID }],
      });
      expect(await (await fetch(`${t.url}${BASE}/${ID}/policy/subjects`)).json()).toEqual({
        links: { next: null },
        data: [
          { type: 'urn:altinn:accesspackage', value: 'krav-og-utlegg', urn: 'urn:altinn:accesspackage:krav-og-utlegg' },
          { type: 'urn:altinn:rolecode', value: 'dagl', urn: 'urn:altinn:rolecode:dagl' },
        ],
      });
      const rights = await (await fetch(`${t.url}${BASE}/${ID}/policy/rights`)).json();
      expect(rights.map((r: { rightKey: string; subjects: unknown[] }) => [r.rightKey, r.subjects.length])).toEqual([
        [`read;${ID}`, 2],
        [`write;${ID}`, 1],
      ]);
      expect(rights[0].subjectTypes).toEqual(['urn:altinn:accesspackage', 'urn:altinn:rolecode']);
    });

    it('refuses a malformed policy, one without rules and one for another resource, with a plain 400', async () => {
      for (const [bad, message] of [
        ['<xacml:Policy', /^The policy is not well-formed XML/],
        [policyXml(ID, []), /^Policy not accepted: the policy has no rules$/],
        [policyXml(ID, [{ subjects: [[['urn:altinn:rolecode', 'DAGL']]], actions: ['read'], resource: 'annen' }]), /^Policy not accepted: Contains rules for a different registry resource$/],
      ] as const) {
        const res = await upload(ID, bad);
        expect(res.status).toBe(400);
        expect(await res.text()).toMatch(message);
      }
      expect(await (await fetch(`${t.url}${BASE}/${ID}/policy`)).text()).toBe(xml);
    });

    it('answers upload mistakes plainly: no file, unknown resource, wrong field, too large, not the owner', async () => {
      const empty = await fetch(`${t.url}${BASE}/${ID}/policy`, { method: 'POST', headers: bearer(skd), body: new FormData() });
      expect(empty.status).toBe(400);
      expect(await empty.text()).toBe('The policy file can not be null');
      const unknown = await upload('finnes-ikke', xml);
      expect([unknown.status, await unknown.text()]).toEqual([400, 'Unknown resource']);
      expect((await upload(ID, xml, { field: 'file' })).status).toBe(400);
      expect((await upload(ID, 'x'.repeat(1024 * 1024 + 1))).status).toBe(413);
      const digdir = await t.maskinportenToken({ scope: WRITE, consumer: consumer(ORG.digdir) });
      expect((await upload(ID, xml, { token: digdir })).status).toBe(403);
      const notMultipart = await fetch(`${t.url}${BASE}/${ID}/policy`, { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x', ...bearer(skd) }, body: '--x\r\nbroken' });
      expect(notMultipart.status).toBe(400);
    });

    it('reads a missing policy as 404', async () => {
      const res = await fetch(`${t.url}${BASE}/ske-oppdater/policy`);
      expect([res.status, await res.text()]).toEqual([404, 'Unable to find requested policy']);
      expect(await (await fetch(`${t.url}${BASE}/finnes-ikke/policy`)).text()).toBe('Unable to find resource');
      for (const view of ['rules', 'subjects', 'rights']) expect((await fetch(`${t.url}${BASE}/ske-oppdater/policy/${view}`)).status).toBe(404);
    });
  });

  describe('access lists', () => {
    const LISTS = '/resourceregistry/api/v1/access-lists/skd';
    let lists: string;

    beforeAll(async () => {
      lists = await t.maskinportenToken({ scope: `altinn:resourceregistry/accesslist.write ${WRITE}`, consumer: consumer(ORG.skatteetaten) });
    });

    it('gates a resource with accessListMode Enabled: Deny off the list, Permit on it', async () => {
      const ID = 'ske-med-liste';
      await send('POST', BASE, withoutDefaults(ID, { accessListMode: 'Enabled' }));
      await upload(ID, policyXml(ID, [{ subjects: [[['urn:altinn:rolecode', 'DAGL']]], actions: ['read'] }]));
      const pdp = await t.altinnToken({ scope: 'altinn:authorization/authorize' });
      const decide = async () => {
        const res = await fetch(`${t.url}/authorization/api/v1/authorize`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...bearer(pdp) },
          body: JSON.stringify({
            Request: {
              AccessSubject: [{ Attribute: [{ AttributeId: 'urn:altinn:person:identifier-no', Value: PERSON.pia }] }],
              Action: [{ Attribute: [{ AttributeId: 'urn:oasis:names:tc:xacml:1.0:action:action-id', Value: 'read' }] }],
              Resource: [{ Attribute: [{ AttributeId: 'urn:altinn:resource', Value: ID }, { AttributeId: 'urn:altinn:organization:identifier-no', Value: ORG.rorOgVann }] }],
            },
          }),
        });
        return (await res.json()).response[0].decision;
      };
      expect(await decide()).toBe('Deny');

      const created = await send('PUT', `${LISTS}/godkjente`, { name: 'Godkjente kunder', description: 'Kunder som får bruke API-et' }, lists);
      expect(created.status).toBe(200);
      expect(await created.json()).toMatchObject({ owner: 'skd', identifier: 'godkjente', name: 'Godkjente kunder' });
      const members = await send('POST', `${LISTS}/godkjente/members`, { data: [`urn:altinn:organization:identifier-no:${ORG.rorOgVann}`] }, lists);
      expect((await members.json()).data).toEqual([
        expect.objectContaining({ identifiers: expect.objectContaining({ 'urn:altinn:organization:identifier-no': ORG.rorOgVann }) }),
      ]);
      expect(await decide()).toBe('Deny');
      const connected = await send('PUT', `${LISTS}/godkjente/resource-connections/${ID}`, { actionFilters: ['read'] }, lists);
      expect(await connected.json()).toMatchObject({ resourceIdentifier: ID, actionFilters: ['read'] });
      expect(await decide()).toBe('Permit');

      const removed = await send('DELETE', `${LISTS}/godkjente/members`, { data: [`urn:altinn:organization:identifier-no:${ORG.rorOgVann}`] }, lists);
      expect((await removed.json()).data).toEqual([]);
      expect(await decide()).toBe('Deny');
    });

    it('lists, reads and deletes lists and connections', async () => {
      const read = async (path: string) => (await fetch(`${t.url}${LISTS}${path}`, { headers: bearer(lists) })).json();
      expect((await read('')).data.map((l: { identifier: string }) => l.identifier)).toEqual(['godkjente']);
      expect((await read('/godkjente/resource-connections')).data).toHaveLength(1);
      const del = await fetch(`${t.url}${LISTS}/godkjente/resource-connections/ske-med-liste`, { method: 'DELETE', headers: bearer(lists) });
      expect(del.status).toBe(200);
      expect((await fetch(`${t.url}${LISTS}/godkjente/resource-connections/ske-med-liste`, { method: 'DELETE', headers: bearer(lists) })).status).toBe(204);
      expect((await fetch(`${t.url}${LISTS}/godkjente`, { method: 'DELETE', headers: bearer(lists) })).status).toBe(200);
      expect((await fetch(`${t.url}${LISTS}/godkjente`, { headers: bearer(lists) })).status).toBe(404);
    });

    it('keeps lists to their owner, their own resources and known organisations', async () => {
      const digdir = await t.maskinportenToken({ scope: 'altinn:resourceregistry/accesslist.write', consumer: consumer(ORG.digdir) });
      expect((await fetch(`${t.url}${LISTS}`, { headers: bearer(digdir) })).status).toBe(403);
      await send('PUT', `${LISTS}/andre`, { name: 'Andre' }, lists);
      const unknown = await send('POST', `${LISTS}/andre/members`, { data: ['urn:altinn:organization:identifier-no:999999999'] }, lists);
      expect(unknown.status).toBe(400);
      expect((await send('PUT', `${LISTS}/andre`, { description: 'no name' }, lists)).status).toBe(400);
      const admin = await t.altinnToken({ scope: `${ADMIN} altinn:resourceregistry/accesslist.write`, consumer: consumer(ORG.digdir) });
      await send('POST', BASE, withoutDefaults('digdir-ressurs', { hasCompetentAuthority: { organization: ORG.digdir, orgcode: 'digdir' } }), admin);
      expect((await send('PUT', `${LISTS}/andre/resource-connections/digdir-ressurs`, {}, lists)).status).toBe(403);
      expect((await send('PUT', `${LISTS}/andre/resource-connections/finnes-ikke`, {}, lists)).status).toBe(400);
    });
  });
});
