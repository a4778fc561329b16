import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOrg, ORG } from '@testbed/common/world';
import { krav, pkg, SCOPE, startHarness, systemBody, VENDOR, type Harness } from './authn-harness.js';

const CLIENT_ID = '7d1e0c55-3b0f-4e43-9f5e-2a6b1c0d9e8f';
const PACKAGES = [pkg('regnskapsforer-med-signeringsrettighet'), pkg('regnskapsforer-lonn')];

describe('control-plane fixtures', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const seed = (body: unknown) => h.call('/_testbed/seed', { method: 'POST', body });
  const state = async () => (await h.call('/_testbed/state')).json;

  it('creates systems, pending requests and approved system users with delegations and clients', async () => {
    const res = await seed({
      systems: [systemBody('fixture', { clientId: [CLIENT_ID] }), systemBody('fixture-agent', { rights: [], isVisible: false, accessPackages: PACKAGES })],
      requests: [{ systemId: `${VENDOR}_fixture`, partyOrgNo: ORG.rorOgVann, rights: [krav] }],
      systemUsers: [
        { systemId: `${VENDOR}_fixture`, partyOrgNo: ORG.fjellbekk, rights: [krav] },
        { kind: 'agent', systemId: `${VENDOR}_fixture-agent`, partyOrgNo: ORG.tallmakerne, accessPackages: PACKAGES, clients: [ORG.fjellbekk, ORG.nordlys] },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.json.systems.map((s: { id: string }) => s.id)).toEqual([`${VENDOR}_fixture`, `${VENDOR}_fixture-agent`]);
    const [request] = res.json.requests;
    expect(request).toMatchObject({ kind: 'standard', status: 'New', confirmUrl: `${h.tb.urls.altinn}/accessmanagement/ui/systemuser/request?id=${request.id}&DONTCHOOSEREPORTEE=true` });
    const [standard, agent] = res.json.systemUsers;
    expect(standard).toEqual({ id: expect.any(String), systemId: `${VENDOR}_fixture`, partyOrgNo: ORG.fjellbekk, externalRef: ORG.fjellbekk, userType: 'standard' });

    const maskinporten = await h.maskinporten(ORG.digdir, SCOPE.maskinporten);
    const lookup = await h.call(`/authentication/api/v1/systemuser/byExternalId?clientId=${CLIENT_ID}&systemProviderOrgNo=${VENDOR}&systemUserOwnerOrgNo=${ORG.fjellbekk}`, { token: maskinporten });
    expect(lookup.json.id).toBe(standard.id);
    const s = await state();
    expect(s.requests.find((r: { id: string }) => r.id === standard.id)).toMatchObject({ status: 'Accepted', decidedBy: { pid: expect.any(String) } });
    expect(s.rightDelegations.filter((d: { to: string }) => d.to === standard.id).map((d: { resource: string }) => d.resource)).toEqual(['ske-krav-og-betalinger']);
    const clients = s.packageDelegations.filter((d: { to: string; role: string }) => d.to === agent.id && d.role === 'agent').map((d: { from: string }) => d.from);
    expect(new Set(clients)).toEqual(new Set([findOrg(ORG.fjellbekk)!.partyUuid, findOrg(ORG.nordlys)!.partyUuid]));
  });

  it('refuses what the API would refuse, all or nothing, naming the fixture', async () => {
    const before = await state();
    const res = await seed({
      systems: [systemBody('first-ok'), systemBody('bad', { vendor: { ID: '9908:123' } })],
    });
    expect(res.status).toBe(400);
    expect(res.json.validationErrors).toEqual([
      { code: 'AUTH.VLD-00000', title: 'the org number identifier is not valid ISO6523 identifier', paths: ['/systems/1', '/registersystemrequest/vendor/id'] },
    ]);
    const after = await state();
    expect(after.systems.length).toBe(before.systems.length);

    const noApprover = await seed({ systemUsers: [{ systemId: `${VENDOR}_fixture`, partyOrgNo: ORG.utenRegnskapsforer, rights: [krav] }] });
    expect(noApprover.json.validationErrors[0]).toMatchObject({ code: 'TESTBED.FIXTURE', paths: ['/systemUsers/0'], title: expect.stringContaining('approvedBy') });
    const cannotDelegate = await seed({ systemUsers: [{ systemId: `${VENDOR}_fixture`, partyOrgNo: ORG.rorOgVann, externalRef: 'tina', rights: [krav], approvedBy: '17898815013' }] });
    expect(cannotDelegate.json.validationErrors[0]).toMatchObject({ code: 'AUTH-00016', paths: ['/systemUsers/0'] });
    const unknownRequest = await seed({ requests: [{ systemId: `${VENDOR}_nope`, partyOrgNo: ORG.rorOgVann, rights: [krav] }] });
    expect(unknownRequest.json.validationErrors[0]).toMatchObject({ code: 'AUTH-00011', paths: ['/requests/0'] });
    const missing = await seed({ requests: [{ partyOrgNo: ORG.rorOgVann }] });
    expect(missing.json.validationErrors[0]).toMatchObject({ code: 'TESTBED.FIXTURE', paths: ['/requests/0', 'SystemId'] });
    expect((await seed({ tenants: [] })).status).toBe(400);
  });
});
