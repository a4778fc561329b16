import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOrg, ORG, PERSON } from '@testbed/common/world';
import { pkg, SCOPE, startHarness, systemBody, VENDOR, type Harness } from './authn-harness.js';

const CD = '/authentication/api/v1/enduser/systemuser';
const REQ = '/authentication/api/v1/systemuser/request';
const VENDOR_SCOPES = [SCOPE.registerWrite, SCOPE.requestWrite, SCOPE.requestRead].join(' ');
const CLIENT_SCOPES = [SCOPE.clientsRead, SCOPE.clientsWrite].join(' ');
const PACKAGES = [pkg('regnskapsforer-med-signeringsrettighet'), pkg('regnskapsforer-lonn')];
const uuid = (orgNo: string) => findOrg(orgNo)!.partyUuid;

describe('client delegation for agent system users', () => {
  let h: Harness;
  let kasper: string;
  let agentId: string;
  let standardId: string;
  beforeAll(async () => {
    h = await startHarness();
    const vendor = await h.maskinporten(VENDOR, VENDOR_SCOPES);
    const register = (body: unknown) => h.call('/authentication/api/v1/systemregister/vendor', { method: 'POST', token: vendor, body });
    await register(systemBody('klient', { rights: [], isVisible: false, accessPackages: PACKAGES }));
    await register(systemBody('smartregnskap', { rights: [], accessPackages: [pkg('regnskap-okonomi-rapport')] }));
    const tallmakerne = findOrg(ORG.tallmakerne)!.partyId;
    const agent = await h.call(`${REQ}/vendor/agent`, { method: 'POST', token: vendor, body: { systemId: `${VENDOR}_klient`, partyOrgNo: ORG.tallmakerne, accessPackages: PACKAGES } });
    agentId = agent.json.id;
    const tone = await h.person(PERSON.tone);
    await h.call(`${REQ}/agent/${tallmakerne}/${agentId}/approve`, { method: 'POST', token: tone });
    const standard = await h.call(`${REQ}/vendor`, {
      method: 'POST',
      token: vendor,
      body: { systemId: `${VENDOR}_smartregnskap`, partyOrgNo: ORG.tallmakerne, accessPackages: [pkg('regnskap-okonomi-rapport')] },
    });
    standardId = standard.json.id;
    await h.call(`${REQ}/${tallmakerne}/${standardId}/approve`, { method: 'POST', token: tone });
    kasper = await h.person(PERSON.kasper, CLIENT_SCOPES);
  });
  afterAll(() => h.close());

  it("lists the firm's agent system users to its client administrator", async () => {
    const res = await h.call(`${CD}/agents?party=${ORG.tallmakerne}`, { token: kasper });
    expect(res.json).toEqual([
      expect.objectContaining({ id: agentId, userType: 'agent', accessPackages: PACKAGES, partyId: String(findOrg(ORG.tallmakerne)!.partyId), reporteeOrgNo: ORG.tallmakerne }),
    ]);
    const unknown = await h.call(`${CD}/agents?party=999999999`, { token: kasper });
    expect([unknown.status, unknown.json.detail]).toEqual([404, 'Party not found']);
    const pia = await h.call(`${CD}/agents?party=${ORG.tallmakerne}`, { token: await h.person(PERSON.pia, CLIENT_SCOPES) });
    expect([pia.status, pia.text]).toEqual([403, '']);
    expect((await h.call(`${CD}/agents?party=${ORG.tallmakerne}`, { token: await h.person(PERSON.kasper) })).status).toBe(403);
  });

  it('lists available clients: those that gave the firm any of the packages', async () => {
    const res = await h.call(`${CD}/clients/available?agent=${agentId}`, { token: kasper });
    expect(res.json.links).toEqual({});
    expect(res.json.systemUserInformation).toEqual({ systemUserId: agentId, systemUserOwnerOrg: ORG.tallmakerne });
    expect(res.json.data.map((c: { clientOrganizationNumber: string }) => c.clientOrganizationNumber).sort()).toEqual(
      [ORG.rorOgVann, ORG.fjellbekk, ORG.nordlys, ORG.solbaer].sort(),
    );
    expect(res.json.data).toContainEqual({ clientId: uuid(ORG.fjellbekk), clientOrganizationNumber: ORG.fjellbekk, clientOrganizationName: 'Fjellbekk Bakeri AS' });
  });

  it('adds and removes clients; a client must have given every package', async () => {
    const add = (client: string) => h.call(`${CD}/clients?agent=${agentId}&client=${client}`, { method: 'POST', token: kasper });
    const added = await add(uuid(ORG.fjellbekk));
    expect([added.status, added.json]).toEqual([200, { agent: agentId, client: uuid(ORG.fjellbekk) }]);
    const lacking = await add(uuid(ORG.solbaer));
    expect([lacking.status, lacking.json.code]).toEqual([400, 'AUTH-00080']);
    expect((await add(uuid(ORG.revisjonshuset))).json.code).toBe('AUTH-00079');

    const delegated = await h.call(`${CD}/clients?agent=${agentId}`, { token: kasper });
    expect(delegated.json.data).toEqual([{ clientId: uuid(ORG.fjellbekk), clientOrganizationNumber: ORG.fjellbekk, clientOrganizationName: 'Fjellbekk Bakeri AS' }]);

    const remove = () => h.call(`${CD}/clients?agent=${agentId}&client=${uuid(ORG.fjellbekk)}`, { method: 'DELETE', token: kasper });
    expect((await remove()).json).toEqual({ agent: agentId, client: uuid(ORG.fjellbekk) });
    expect((await remove()).json.code).toBe('AUTH-00079');
    expect((await h.call(`${CD}/clients?agent=${agentId}`, { token: kasper })).json.data).toEqual([]);
  });

  it('validates the query with AUTH.VLD codes on ?agent and ?client', async () => {
    const vld = async (path: string, method = 'GET') => {
      const res = await h.call(`${CD}${path}`, { method, token: kasper });
      expect(res.status).toBe(400);
      return res.json.validationErrors.map((e: { code: string; paths: string[]; title: string }) => `${e.code} ${e.paths[0]} ${e.title}`);
    };
    expect(await vld('/clients/available')).toEqual(['AUTH.VLD-00014 ?agent The agent query parameter is missing or invalid']);
    expect(await vld('/clients?agent=6e7adea4-928e-451b-ab93-d7e453ca6add')).toEqual(['AUTH.VLD-00014 ?agent System user not found']);
    expect(await vld(`/clients?agent=${standardId}`)).toEqual(['AUTH.VLD-00015 ?agent SystemUser is not a valid system user of type agent']);
    expect(await vld('/clients', 'POST')).toEqual([
      'AUTH.VLD-00014 ?agent The agent query parameter is missing or invalid',
      'AUTH.VLD-00016 ?client The client query parameter is missing or invalid',
    ]);
    expect(await vld(`/clients?agent=${agentId}&client=nope`, 'DELETE')).toEqual(['AUTH.VLD-00016 ?client The client query parameter is missing or invalid']);
  });

  it('refuses people without client administration, and the wrong scope', async () => {
    const pia = await h.person(PERSON.pia, CLIENT_SCOPES);
    const res = await h.call(`${CD}/clients/available?agent=${agentId}`, { token: pia });
    expect([res.status, res.text]).toEqual([403, '']);
    const readOnly = await h.person(PERSON.kasper, SCOPE.clientsRead);
    expect((await h.call(`${CD}/clients?agent=${agentId}&client=${uuid(ORG.nordlys)}`, { method: 'POST', token: readOnly })).status).toBe(403);
    const tone = await h.person(PERSON.tone, CLIENT_SCOPES);
    expect((await h.call(`${CD}/clients?agent=${agentId}&client=${uuid(ORG.nordlys)}`, { method: 'POST', token: tone })).status).toBe(200);
  });
});
