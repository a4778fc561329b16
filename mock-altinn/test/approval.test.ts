import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOrg, ORG, PERSON } from '@testbed/common/world';
import { krav, pkg, SCOPE, startHarness, systemBody, VENDOR, type Harness } from './authn-harness.js';

const REQ = '/authentication/api/v1/systemuser/request';
const SYSTEM = `${VENDOR}_smartregnskap`;
const AGENT_SYSTEM = `${VENDOR}_klient`;
const VENDOR_SCOPES = [SCOPE.registerWrite, SCOPE.requestWrite, SCOPE.requestRead].join(' ');
const party = (orgNo: string) => findOrg(orgNo)!.partyId;

describe('approving, rejecting and escalating requests', () => {
  let h: Harness;
  let vendor: string;
  let pia: string;
  beforeAll(async () => {
    h = await startHarness();
    vendor = await h.maskinporten(VENDOR, VENDOR_SCOPES);
    pia = await h.person(PERSON.pia);
    for (const body of [
      systemBody('smartregnskap', { accessPackages: [pkg('skatt-naering')] }),
      systemBody('klient', { rights: [], isVisible: false, accessPackages: [pkg('regnskapsforer-med-signeringsrettighet'), pkg('regnskapsforer-lonn')] }),
    ]) {
      await h.call('/authentication/api/v1/systemregister/vendor', { method: 'POST', token: vendor, body });
    }
  });
  afterAll(() => h.close());

  const create = async (body: Record<string, unknown>, kind: 'standard' | 'agent' = 'standard') => {
    const res = await h.call(`${REQ}/vendor${kind === 'agent' ? '/agent' : ''}`, { method: 'POST', token: vendor, body });
    expect(res.status).toBe(201);
    return res.json.id as string;
  };
  const standard = (externalRef: string, extra: Record<string, unknown> = {}) =>
    create({ systemId: SYSTEM, partyOrgNo: ORG.rorOgVann, externalRef, rights: [krav], accessPackages: [pkg('skatt-naering')], ...extra });
  const act = async (action: string, id: string, token: string, partyId = party(ORG.rorOgVann), prefix = '') =>
    h.call(`${REQ}${prefix}/${partyId}/${id}/${action}`, { method: 'POST', token });

  it('shows the request to a related person, with what they may do', async () => {
    const id = await standard('show');
    const forPia = await h.call(`${REQ}/${id}`, { token: pia });
    const org = findOrg(ORG.rorOgVann)!;
    expect(forPia.json).toEqual({
      id,
      integrationTitle: 'SmartRegnskap',
      externalRef: 'show',
      systemId: SYSTEM,
      partyOrgNo: ORG.rorOgVann,
      partyId: org.partyId,
      partyUuid: org.partyUuid,
      rights: [krav],
      accessPackages: [pkg('skatt-naering')],
      status: 'New',
      escalated: false,
      created: expect.any(String),
      timedOut: false,
      userMayEscalateButNotApprove: false,
      systemUserType: 'standard',
    });
    const forEmil = await h.call(`${REQ}/${id}`, { token: await h.person(PERSON.emil) });
    expect(forEmil.json.userMayEscalateButNotApprove).toBe(true);
    const forOla = await h.call(`${REQ}/${id}`, { token: await h.person(PERSON.ola) });
    expect([forOla.status, forOla.json.code]).toEqual([403, 'AUTH-00066']);
    const vendorToken = await h.call(`${REQ}/${id}`, { token: vendor });
    expect(vendorToken.status).toBe(403);
    const byParty = await h.call(`${REQ}/${party(ORG.rorOgVann)}/${id}`, { token: pia });
    expect(byParty.json).toMatchObject({ id, status: 'New' });
    expect('confirmUrl' in byParty.json).toBe(false);
    expect((await h.call(`${REQ}/${party(ORG.fjellbekk)}/${id}`, { token: await h.person(PERSON.berit) })).json.code).toBe('AUTH-00010');
    expect((await h.call(`${REQ}/abc/${id}`, { token: pia })).json.errors).toEqual({ party: ["The value 'abc' is not valid."] });
  });

  it('approves: creates the system user with the request id, delegates, marks Accepted; twice is 409', async () => {
    const id = await standard('approve', { redirectUrl: 'https://smartregnskap.example/callback?state=1' });
    const res = await act('approve', id, pia);
    expect([res.status, res.json]).toEqual([200, true]);
    const read = await h.call(`${REQ}/vendor/${id}`, { token: vendor });
    expect(read.json.status).toBe('Accepted');
    const su = await h.call(`/authentication/api/v1/systemuser/${party(ORG.rorOgVann)}/${id}`, { token: pia });
    expect(su.json).toMatchObject({ id, systemId: SYSTEM, reporteeOrgNo: ORG.rorOgVann, externalRef: 'approve', userType: 'standard', supplierOrgno: VENDOR });
    const delegations = await h.call(`/authentication/api/v1/systemuser/${party(ORG.rorOgVann)}/${id}/delegations`, { token: pia });
    expect(delegations.json).toEqual({ systemUserId: id, rights: [krav], accessPackages: [pkg('skatt-naering')] });

    const again = await act('approve', id, pia);
    expect([again.status, again.json.code]).toEqual([409, 'AUTH-00013']);
    expect((await act('reject', id, pia)).json.code).toBe('AUTH-00013');
    const repost = await h.call(`${REQ}/vendor`, { method: 'POST', token: vendor, body: { systemId: SYSTEM, partyOrgNo: ORG.rorOgVann, externalRef: 'approve', rights: [krav] } });
    expect([repost.status, repost.json.code]).toEqual([400, 'AUTH-00004']);
  });

  it('rejects: Rejected, re-posting answers the rejected request, twice is 409', async () => {
    const id = await standard('reject');
    expect((await act('reject', id, pia)).json).toBe(true);
    const repost = await h.call(`${REQ}/vendor`, { method: 'POST', token: vendor, body: { systemId: SYSTEM, partyOrgNo: ORG.rorOgVann, externalRef: 'reject', rights: [krav] } });
    expect([repost.status, repost.json.id, repost.json.status]).toEqual([200, id, 'Rejected']);
    expect((await act('reject', id, pia)).status).toBe(409);
  });

  it('refuses people who may not manage access, other parties and unknown requests', async () => {
    const id = await standard('refuse');
    for (const pid of [PERSON.emil, PERSON.ola]) {
      const res = await act('approve', id, await h.person(pid));
      expect([res.status, res.text]).toEqual([403, '']);
      expect((await act('reject', id, await h.person(pid))).status).toBe(403);
    }
    const berit = await h.person(PERSON.berit);
    const otherParty = await act('approve', id, berit, party(ORG.fjellbekk));
    expect([otherParty.status, otherParty.json.code]).toEqual([403, 'AUTH-00041']);
    expect((await act('approve', '6e7adea4-928e-451b-ab93-d7e453ca6add', pia)).json.code).toBe('AUTH-00010');
    expect((await act('approve', 'nope', pia)).json.errors).toEqual({ requestId: ["The value 'nope' is not valid."] });
    const vendorToken = await act('approve', id, vendor);
    expect(vendorToken.status).toBe(403);
    expect((await h.call(`${REQ}/vendor/${id}`, { token: vendor })).json.status).toBe('New');
  });

  it('refuses an approval whose delegation check fails, naming every failure', async () => {
    const id = await standard('tina');
    const res = await act('approve', id, await h.person(PERSON.tina));
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({ code: 'AUTH-00016', type: 'urn:altinn:error:AUTH-00016' });
    expect(res.json.failures.map((f: { code: string }) => f.code)).toEqual(['AUTH-00016', 'AUTH-00016', 'AUTH-00053']);
    expect((await h.call(`${REQ}/vendor/${id}`, { token: vendor })).json.status).toBe('New');
    expect((await h.call('/authentication/api/v1/systemuser/byExternalId', { token: vendor })).status).toBe(403);
  });

  it('escalates for a person who can only ask, and lists pending requests for the access manager', async () => {
    const id = await standard('escalate');
    const emil = await h.person(PERSON.emil);
    expect((await act('escalate', id, emil)).json).toBe(true);
    expect((await h.call(`${REQ}/vendor/${id}`, { token: vendor })).json.escalated).toBe(true);
    expect((await act('escalate', id, await h.person(PERSON.ola))).json.code).toBe('AUTH-00066');
    const pending = await h.call(`${REQ}/${party(ORG.rorOgVann)}/${ORG.rorOgVann}/pending`, { token: await h.person(PERSON.tina) });
    expect(pending.json.map((r: { id: string }) => r.id)).toContain(id);
    expect(pending.json.every((r: { status: string }) => r.status === 'New')).toBe(true);
    expect((await h.call(`${REQ}/${party(ORG.rorOgVann)}/${ORG.rorOgVann}/pending`, { token: emil })).status).toBe(403);
    expect((await h.call(`${REQ}/${party(ORG.rorOgVann)}/${ORG.tallmakerne}/pending`, { token: pia })).json.code).toBe('AUTH-00041');
  });

  it('approves an agent request: an agent system user that keeps its packages', async () => {
    const packages = [pkg('regnskapsforer-med-signeringsrettighet'), pkg('regnskapsforer-lonn')];
    const id = await create({ systemId: AGENT_SYSTEM, partyOrgNo: ORG.tallmakerne, accessPackages: packages }, 'agent');
    const tone = await h.person(PERSON.tone);
    const shown = await h.call(`${REQ}/agent/${id}`, { token: tone });
    expect(shown.json).toMatchObject({ id, systemUserType: 'agent', partyId: party(ORG.tallmakerne), userMayEscalateButNotApprove: false });
    expect((await h.call(`${REQ}/${id}`, { token: tone })).json.code).toBe('AUTH-00010');
    expect((await act('approve', id, tone, party(ORG.tallmakerne))).json.code).toBe('AUTH-00010');
    expect((await act('approve', id, pia, party(ORG.rorOgVann), '/agent')).json.code).toBe('AUTH-00042');
    const standardId = await standard('not-agent');
    expect((await act('approve', standardId, pia, party(ORG.rorOgVann), '/agent')).json.code).toBe('AUTH-00025');

    expect((await act('approve', id, tone, party(ORG.tallmakerne), '/agent')).json).toBe(true);
    const su = await h.call(`/authentication/api/v1/systemuser/${party(ORG.tallmakerne)}/${id}`, { token: tone });
    expect(su.json).toMatchObject({ id, userType: 'agent', accessPackages: packages, reporteeOrgNo: ORG.tallmakerne });
    expect((await act('approve', id, tone, party(ORG.tallmakerne), '/agent')).json.code).toBe('AUTH-00013');
    const byParty = await h.call(`${REQ}/agent/${party(ORG.tallmakerne)}/${id}`, { token: tone });
    expect(byParty.json).toMatchObject({ id, status: 'Accepted' });
    expect('rights' in byParty.json).toBe(false);
  });

  it('rejects and escalates agent requests, and lists the pending ones', async () => {
    const body = { systemId: AGENT_SYSTEM, partyOrgNo: ORG.tallmakerne, externalRef: 'second', accessPackages: [pkg('regnskapsforer-lonn')] };
    const id = await create(body, 'agent');
    const tone = await h.person(PERSON.tone);
    const kasper = await h.person(PERSON.kasper);
    expect((await act('escalate', id, kasper, party(ORG.tallmakerne), '/agent')).json).toBe(true);
    const pending = await h.call(`${REQ}/agent/${party(ORG.tallmakerne)}/${ORG.tallmakerne}/pending`, { token: tone });
    expect(pending.json).toEqual([expect.objectContaining({ id, escalated: true })]);
    expect((await act('reject', id, tone, party(ORG.tallmakerne), '/agent')).json).toBe(true);
    expect((await h.call(`${REQ}/vendor/agent/${id}`, { token: vendor })).json.status).toBe('Rejected');
  });
});
