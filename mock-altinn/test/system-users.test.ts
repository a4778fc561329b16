import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOrg, ORG, PERSON } from '@testbed/common/world';
import { krav, pkg, SCOPE, startHarness, systemBody, VENDOR, type Harness } from './authn-harness.js';

const SU = '/authentication/api/v1/systemuser';
const REQ = `${SU}/request`;
const SYSTEM = `${VENDOR}_smartregnskap`;
const VENDOR_SCOPES = [SCOPE.registerWrite, SCOPE.requestWrite, SCOPE.requestRead].join(' ');
const CLIENT_ID = '2f3a6b1c-8a3e-4d8c-9b4e-0c1d2e3f4a5b';
const party = (orgNo: string) => findOrg(orgNo)!.partyId;

describe('system users', () => {
  let h: Harness;
  let vendor: string;
  let maskinporten: string;
  let pia: string;

  /** A request for the org approved by its daglig leder; the system user's id. */
  async function approved(orgNo: string, approver: string, externalRef?: string): Promise<string> {
    const body = { systemId: SYSTEM, partyOrgNo: orgNo, rights: [krav], ...(externalRef ? { externalRef } : {}) };
    const req = await h.call(`${REQ}/vendor`, { method: 'POST', token: vendor, body });
    expect(req.status).toBe(201);
    const res = await h.call(`${REQ}/${party(orgNo)}/${req.json.id}/approve`, { method: 'POST', token: await h.person(approver) });
    expect(res.status).toBe(200);
    return req.json.id;
  }

  beforeAll(async () => {
    h = await startHarness({ env: { ALTINN_PAGE_SIZE: '2' } });
    vendor = await h.maskinporten(VENDOR, VENDOR_SCOPES);
    maskinporten = await h.maskinporten(ORG.digdir, SCOPE.maskinporten);
    pia = await h.person(PERSON.pia);
    await h.call('/authentication/api/v1/systemregister/vendor', { method: 'POST', token: vendor, body: systemBody('smartregnskap', { clientId: [CLIENT_ID] }) });
    await h.call('/authentication/api/v1/systemregister/vendor', {
      method: 'POST',
      token: vendor,
      body: systemBody('klient', { rights: [], isVisible: false, accessPackages: [pkg('regnskapsforer-lonn')] }),
    });
  });
  afterAll(() => h.close());

  const byExternalId = (params: Record<string, string>, token = maskinporten) => h.call(`${SU}/byExternalId?${new URLSearchParams(params)}`, { token });

  it('finds a system user for Maskinporten by client id (any case), vendor, owner and external reference', async () => {
    const id = await approved(ORG.rorOgVann, PERSON.pia);
    const query = { clientId: CLIENT_ID.toUpperCase(), systemProviderOrgNo: VENDOR, systemUserOwnerOrgNo: ORG.rorOgVann };
    const res = await byExternalId(query);
    expect(res.json).toEqual({
      id,
      integrationTitle: 'SmartRegnskap',
      systemId: SYSTEM,
      productName: SYSTEM,
      reporteeOrgNo: ORG.rorOgVann,
      created: expect.any(String),
      isDeleted: false,
      supplierName: '',
      supplierOrgno: VENDOR,
      externalRef: ORG.rorOgVann,
      userType: 'standard',
    });
    expect((await byExternalId({ ...query, externalRef: ORG.rorOgVann })).json.id).toBe(id);
    for (const miss of [{ ...query, externalRef: 'other' }, { ...query, systemProviderOrgNo: ORG.tallmakerne }, { ...query, clientId: 'unknown' }]) {
      const notFound = await byExternalId(miss);
      expect([notFound.status, notFound.text]).toEqual([404, '']);
    }
    for (const name of ['clientId', 'systemProviderOrgNo', 'systemUserOwnerOrgNo']) {
      const { [name as keyof typeof query]: _left, ...rest } = query;
      const bad = await byExternalId(rest);
      expect([bad.status, bad.text]).toEqual([400, '']);
    }
    expect((await byExternalId(query, vendor)).status).toBe(403);
  });

  it('finds the vendor\'s system user by query, 404 empty otherwise', async () => {
    const id = await approved(ORG.fjellbekk, PERSON.berit, 'bakery');
    const token = await h.maskinporten(VENDOR, SCOPE.requestWrite);
    const query = (q: string, t = token) => h.call(`${SU}/vendor/byquery?${q}`, { token: t });
    const found = await query(`system-id=${SYSTEM}&orgno=${ORG.fjellbekk}&external-ref=bakery`);
    expect(found.json).toMatchObject({ id, productName: '', externalRef: 'bakery' });
    expect([(await query(`system-id=${SYSTEM}&orgno=${ORG.fjellbekk}`)).status]).toEqual([404]);
    const stranger = await query(`system-id=${SYSTEM}&orgno=${ORG.fjellbekk}&external-ref=bakery`, await h.maskinporten(ORG.tallmakerne, SCOPE.requestWrite));
    expect([stranger.status, stranger.text]).toEqual([404, '']);
    expect((await query(`orgno=${ORG.fjellbekk}`)).json.errors).toEqual({ 'system-id': ['The system-id field is required.'] });
    expect((await query(`system-id=${SYSTEM}&orgno=${ORG.fjellbekk}`, await h.maskinporten(VENDOR, SCOPE.requestRead))).status).toBe(403);
  });

  it('lists the system\'s users by sequence with correct paging', async () => {
    await approved(ORG.rorOgVann, PERSON.pia, 'paging-1');
    await approved(ORG.rorOgVann, PERSON.pia, 'paging-2');
    const ids: string[] = [];
    let pages = 0;
    let next: string | undefined = `${SU}/vendor/bysystem/${SYSTEM}`;
    while (next) {
      pages += 1;
      const res = await h.call(next.replace(h.tb.urls.altinn, ''), { token: vendor });
      expect(res.status).toBe(200);
      expect(res.json.data.length).toBeLessThanOrEqual(2);
      ids.push(...res.json.data.map((u: { id: string }) => u.id));
      next = res.json.links.next;
    }
    const all = await h.call(`/_testbed/state`);
    const live = all.json.systemUsers.filter((u: { isDeleted: boolean; systemId: string }) => !u.isDeleted && u.systemId === SYSTEM);
    expect(ids).toEqual(live.map((u: { id: string }) => u.id));
    expect([ids.length, pages]).toEqual([4, 2]);
    expect((await h.call(`${SU}/vendor/bysystem/${SYSTEM}`, { token: await h.maskinporten(VENDOR, SCOPE.requestRead) })).status).toBe(403);
    expect((await h.call(`${SU}/vendor/bysystem/${SYSTEM}`, { token: await h.maskinporten(ORG.tallmakerne, SCOPE.registerWrite) })).json.code).toBe('AUTH-00011');
    const bad = await h.call(`${SU}/vendor/bysystem/${SYSTEM}?token=${Buffer.from('"x"').toString('base64url')}`, { token: vendor });
    expect(bad.status).toBe(400);
  });

  it('shows an owner its system users in the portal', async () => {
    const list = await h.call(`${SU}/${party(ORG.rorOgVann)}`, { token: pia });
    expect(list.json.length).toBeGreaterThan(0);
    expect(list.json[0]).toMatchObject({ partyId: String(party(ORG.rorOgVann)), partyUuId: findOrg(ORG.rorOgVann)!.partyUuid, reporteeOrgNo: ORG.rorOgVann });
    expect((await h.call(`${SU}/${party(ORG.rorOgVann)}`, { token: await h.person(PERSON.emil) })).status).toBe(403);
    expect((await h.call(`${SU}/${party(ORG.rorOgVann)}/6e7adea4-928e-451b-ab93-d7e453ca6add`, { token: pia })).status).toBe(404);
  });

  it('withdraws: 202 with 1, the token lookup fails, the request can be made again; 404 with 0 after', async () => {
    const id = await approved(ORG.rorOgVann, PERSON.pia, 'withdraw');
    const lookup = { clientId: CLIENT_ID, systemProviderOrgNo: VENDOR, systemUserOwnerOrgNo: ORG.rorOgVann, externalRef: 'withdraw' };
    expect((await byExternalId(lookup)).status).toBe(200);

    const asVendor = await h.call(`${SU}/${party(ORG.rorOgVann)}/${id}`, { method: 'DELETE', token: vendor });
    expect([asVendor.status, asVendor.text]).toEqual([403, '']);
    const asEmil = await h.call(`${SU}/${party(ORG.rorOgVann)}/${id}`, { method: 'DELETE', token: await h.person(PERSON.emil) });
    expect(asEmil.status).toBe(403);
    const otherOrg = await h.call(`${SU}/${party(ORG.fjellbekk)}/${id}`, { method: 'DELETE', token: await h.person(PERSON.berit) });
    expect([otherOrg.status, otherOrg.json.code]).toEqual([403, 'AUTH-00024']);

    const res = await h.call(`${SU}/${party(ORG.rorOgVann)}/${id}`, { method: 'DELETE', token: pia });
    expect([res.status, res.text]).toEqual([202, '1']);
    const gone = await byExternalId(lookup);
    expect([gone.status, gone.text]).toEqual([404, '']);
    expect((await h.call(`${REQ}/vendor/${id}`, { token: vendor })).json.code).toBe('AUTH-00010');
    const again = await h.call(`${SU}/${party(ORG.rorOgVann)}/${id}`, { method: 'DELETE', token: pia });
    expect([again.status, again.text]).toEqual([404, '0']);
    const state = (await h.call('/_testbed/state')).json;
    expect(state.rightDelegations.filter((d: { to: string }) => d.to === id)).toEqual([]);

    const renewed = await h.call(`${REQ}/vendor`, { method: 'POST', token: vendor, body: { systemId: SYSTEM, partyOrgNo: ORG.rorOgVann, externalRef: 'withdraw', rights: [krav] } });
    expect(renewed.status).toBe(201);
    expect(renewed.json.id).not.toBe(id);
  });

  it('refuses to withdraw an agent system user here (AUTH-00036)', async () => {
    const req = await h.call(`${REQ}/vendor/agent`, { method: 'POST', token: vendor, body: { systemId: `${VENDOR}_klient`, partyOrgNo: ORG.tallmakerne, accessPackages: [pkg('regnskapsforer-lonn')] } });
    const tone = await h.person(PERSON.tone);
    await h.call(`${REQ}/agent/${party(ORG.tallmakerne)}/${req.json.id}/approve`, { method: 'POST', token: tone });
    const res = await h.call(`${SU}/${party(ORG.tallmakerne)}/${req.json.id}`, { method: 'DELETE', token: tone });
    expect([res.status, res.json.code]).toEqual([400, 'AUTH-00036']);
  });

  it('offers the vendor-side delete as a test-only control-plane route', async () => {
    const id = await approved(ORG.rorOgVann, PERSON.pia, 'control-plane');
    const lookup = { clientId: CLIENT_ID, systemProviderOrgNo: VENDOR, systemUserOwnerOrgNo: ORG.rorOgVann, externalRef: 'control-plane' };
    expect((await byExternalId(lookup)).status).toBe(200);
    expect((await h.call(`/_testbed/systemusers/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await byExternalId(lookup)).status).toBe(404);
    const again = await h.call(`/_testbed/systemusers/${id}`, { method: 'DELETE' });
    expect([again.status, again.json.title]).toEqual([404, 'No such system user']);
  });
});
