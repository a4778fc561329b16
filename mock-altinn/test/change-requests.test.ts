import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOrg, ORG, PERSON } from '@testbed/common/world';
import { krav, mva, pkg, SCOPE, startHarness, systemBody, VENDOR, type Harness } from './authn-harness.js';

const CR = '/authentication/api/v1/systemuser/changerequest';
const REQ = '/authentication/api/v1/systemuser/request';
const SYSTEM = `${VENDOR}_smartregnskap`;
const VENDOR_SCOPES = [SCOPE.registerWrite, SCOPE.requestWrite, SCOPE.requestRead].join(' ');
const rorOgVann = findOrg(ORG.rorOgVann)!;

describe('change requests', () => {
  let h: Harness;
  let vendor: string;
  let pia: string;
  let systemUserId: string;
  let agentId: string;
  beforeAll(async () => {
    h = await startHarness();
    vendor = await h.maskinporten(VENDOR, VENDOR_SCOPES);
    pia = await h.person(PERSON.pia);
    await h.call('/authentication/api/v1/systemregister/vendor', {
      method: 'POST',
      token: vendor,
      body: systemBody('smartregnskap', { rights: [krav, mva], accessPackages: [pkg('skatt-naering'), pkg('merverdiavgift')] }),
    });
    await h.call('/authentication/api/v1/systemregister/vendor', {
      method: 'POST',
      token: vendor,
      body: systemBody('klient', { rights: [], isVisible: false, accessPackages: [pkg('regnskapsforer-lonn')] }),
    });
    const request = await h.call(`${REQ}/vendor`, { method: 'POST', token: vendor, body: { systemId: SYSTEM, partyOrgNo: ORG.rorOgVann, rights: [krav], accessPackages: [pkg('skatt-naering')] } });
    systemUserId = request.json.id;
    await h.call(`${REQ}/${rorOgVann.partyId}/${systemUserId}/approve`, { method: 'POST', token: pia });
    const agent = await h.call(`${REQ}/vendor/agent`, { method: 'POST', token: vendor, body: { systemId: `${VENDOR}_klient`, partyOrgNo: ORG.tallmakerne, accessPackages: [pkg('regnskapsforer-lonn')] } });
    agentId = agent.json.id;
    await h.call(`${REQ}/agent/${findOrg(ORG.tallmakerne)!.partyId}/${agentId}/approve`, { method: 'POST', token: await h.person(PERSON.tone) });
  });
  afterAll(() => h.close());

  const create = (correlationId: string | undefined, body: unknown, suId = systemUserId, token = vendor) => {
    const q = new URLSearchParams({ ...(correlationId !== undefined ? { 'correlation-id': correlationId } : {}), 'system-user-id': suId });
    return h.call(`${CR}/vendor?${q}`, { method: 'POST', token, body });
  };
  const change = { requiredRights: [mva], unwantedRights: [krav], requiredAccessPackages: [pkg('merverdiavgift')], unwantedAccessPackages: [pkg('skatt-naering')] };

  it('creates with the correlation id as id, returns it again for the same id', async () => {
    const id = randomUUID();
    const res = await create(id, change);
    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      id,
      externalRef: ORG.rorOgVann,
      systemId: SYSTEM,
      systemUserId,
      partyOrgNo: ORG.rorOgVann,
      ...change,
      status: 'New',
      confirmUrl: `${h.tb.urls.altinn}/accessmanagement/ui/systemuser/changerequest?id=${id}&DONTCHOOSEREPORTEE=true`,
      created: expect.any(String),
      timedOut: false,
    });
    const again = await create(id, { requiredRights: [krav] });
    expect([again.status, again.json.requiredRights]).toEqual([200, [mva]]);
    expect((await h.call(`${CR}/vendor/${id}`, { token: vendor })).json).toEqual(res.json);
  });

  it('answers NoChangeNeeded for four empty lists without storing anything', async () => {
    const id = randomUUID();
    const res = await create(id, {});
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id, status: 'NoChangeNeeded', confirmUrl: '', requiredRights: [], unwantedAccessPackages: [] });
    expect((await h.call(`${CR}/vendor/${id}`, { token: vendor })).json.code).toBe('AUTH-00010');
  });

  it('checks in the real order with plain text, empty bodies and AUTH codes', async () => {
    const missing = await create(undefined, change);
    expect([missing.status, missing.headers.get('content-type')]).toEqual([400, expect.stringMatching(/^text\/plain/)]);
    expect(missing.text).toContain('RFC 4122 UUID');
    expect((await create(systemUserId, change)).status).toBe(400);
    expect((await create('not-a-guid', change)).json.errors).toEqual({ 'correlation-id': ["The value 'not-a-guid' is not valid."] });
    const noVendor = await create(randomUUID(), change, systemUserId, await h.maskinporten(undefined, SCOPE.requestWrite));
    expect([noVendor.status, noVendor.text]).toEqual([401, '']);
    expect((await create(randomUUID(), change, randomUUID())).json.code).toBe('AUTH-00015');
    const stranger = await create(randomUUID(), change, systemUserId, await h.maskinporten(ORG.tallmakerne, SCOPE.requestWrite));
    expect([stranger.status, stranger.text]).toEqual([401, '']);
    expect((await create(randomUUID(), { requiredAccessPackages: [pkg('regnskapsforer-lonn')] }, agentId)).json.code).toBe('AUTH-00015');
    const app = { resource: [{ id: 'urn:altinn:resource', value: 'app_ttd_endring-av-navn' }] };
    expect((await create(randomUUID(), { requiredRights: [app] })).json.code).toBe('AUTH-00001');
    expect((await create(randomUUID(), { requiredAccessPackages: [pkg('lonn')] })).json.code).toBe('AUTH-00063');
    expect((await create(randomUUID(), { requiredRights: [mva], redirectUrl: 'https://evil.example/' })).json.code).toBe('AUTH-00021');
    expect((await create(randomUUID(), { requiredRights: 'x' })).status).toBe(400);
  });

  it('applies only the difference on approval; twice is 409', async () => {
    const id = randomUUID();
    await create(id, { ...change, requiredRights: [krav, mva], unwantedRights: [] });
    const shown = await h.call(`${CR}/${id}`, { token: pia });
    expect(shown.json).toMatchObject({ id, systemUserId, partyId: String(rorOgVann.partyId), status: 'New' });
    expect((await h.call(`${CR}/${rorOgVann.partyId}/${id}`, { token: pia })).json.id).toBe(id);

    expect((await h.call(`${CR}/${rorOgVann.partyId}/${id}/approve`, { method: 'POST', token: await h.person(PERSON.emil) })).status).toBe(403);
    const res = await h.call(`${CR}/${rorOgVann.partyId}/${id}/approve`, { method: 'POST', token: pia });
    expect([res.status, res.json]).toEqual([200, true]);
    const delegations = await h.call(`/authentication/api/v1/systemuser/${rorOgVann.partyId}/${systemUserId}/delegations`, { token: pia });
    expect(delegations.json.rights).toEqual([krav, mva]);
    expect(delegations.json.accessPackages).toEqual([pkg('merverdiavgift')]);
    expect((await h.call(`${CR}/vendor/${id}`, { token: vendor })).json.status).toBe('Accepted');
    const twice = await h.call(`${CR}/${rorOgVann.partyId}/${id}/approve`, { method: 'POST', token: pia });
    expect([twice.status, twice.json.code]).toEqual([409, 'AUTH-00013']);
  });

  it('refuses an approval the person cannot delegate, with AUTH-00001', async () => {
    const id = randomUUID();
    await create(id, { requiredAccessPackages: [pkg('skatt-naering')] });
    const tina = await h.person(PERSON.tina);
    const res = await h.call(`${CR}/${rorOgVann.partyId}/${id}/approve`, { method: 'POST', token: tina });
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('AUTH-00001');
    expect(res.json.failures.map((f: { code: string }) => f.code)).toEqual(['AUTH-00053']);
    expect((await h.call(`${CR}/${rorOgVann.partyId}/${id}/reject`, { method: 'POST', token: tina })).json).toBe(true);
    expect((await h.call(`${CR}/vendor/${id}`, { token: vendor })).json.status).toBe('Rejected');
  });

  it('lists by system ignoring the token, finds by external reference without packages, deletes', async () => {
    const id = randomUUID();
    await create(id, { requiredAccessPackages: [pkg('skatt-naering')], redirectUrl: 'https://smartregnskap.example/callback' });
    const list = await h.call(`${CR}/vendor/bysystem/${SYSTEM}`, { token: vendor });
    expect(list.json.links).toEqual({});
    expect(list.json.data.map((c: { id: string }) => c.id)).toContain(id);
    const withToken = await h.call(`${CR}/vendor/bysystem/${SYSTEM}?token=${Buffer.from(JSON.stringify(id)).toString('base64url')}`, { token: vendor });
    expect(withToken.json.data).toEqual(list.json.data);
    const byRef = await h.call(`${CR}/vendor/byexternalref/${SYSTEM}/${ORG.rorOgVann}/${ORG.rorOgVann}`, { token: vendor });
    expect(byRef.json).toMatchObject({ systemId: SYSTEM, requiredAccessPackages: [], unwantedAccessPackages: [] });
    expect((await h.call(`${CR}/vendor/byexternalref/${SYSTEM}/${ORG.rorOgVann}/nope`, { token: vendor })).json.code).toBe('AUTH-00010');

    const del = await h.call(`${CR}/vendor/${id}`, { method: 'DELETE', token: vendor });
    expect([del.status, del.text]).toEqual([202, '']);
    expect((await h.call(`${CR}/vendor/${id}`, { method: 'DELETE', token: vendor })).json.code).toBe('AUTH-00010');
    expect((await create(id, { requiredAccessPackages: [pkg('skatt-naering')] })).json.code).toBe('AUTH-00061');
  });
});
