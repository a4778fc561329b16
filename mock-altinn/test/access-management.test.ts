import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORG, PERSON, findOrg, findPerson } from '@testbed/common/world';
import { addClient } from '../src/access-management/client-delegation.js';
import { delegateToSystemUser } from '../src/access-management/delegation.js';
import { PACKAGES } from '../src/access-management/packages.js';
import type { AltinnState } from '../src/state.js';
import { addResource, bearer, consumer, resourceFixture, startAuthzTestbed, systemUserFixture, type AuthzTestbed } from './authz-fixtures.js';

const META = '/accessmanagement/api/v1/meta/info';
const PARTIES = '/accessmanagement/api/v1/enduser/authorizedparties';
const STANDARD = '3f2e1d0c-9b8a-4765-a432-10fedcba9876';
const AGENT = '4a3b2c1d-0e9f-4a8b-b7c6-d5e4f3a2b1c0';
const NOW = '2026-02-01T00:00:00.000Z';
const owner = (orgNo: string) => ({ orgNo, partyUuid: findOrg(orgNo)!.partyUuid });

function prepare(s: AltinnState) {
  addResource(s, resourceFixture('ske-krav-og-betalinger'), [{ subjects: [[['urn:altinn:accesspackage', 'krav-og-utlegg']], [['urn:altinn:rolecode', 'DAGL']]], actions: ['read'] }]);
  s.systemUsers.push(
    systemUserFixture(STANDARD, owner(ORG.rorOgVann), 'standard'),
    systemUserFixture(AGENT, owner(ORG.tallmakerne), 'agent', ['regnskapsforer-med-signeringsrettighet']),
  );
  delegateToSystemUser(s, ORG.rorOgVann, STANDARD, { rights: [], accessPackages: [{ urn: 'urn:altinn:accesspackage:krav-og-utlegg' }] }, NOW);
  const agent = { id: AGENT, facilitatorOrgNo: ORG.tallmakerne, packages: ['urn:altinn:accesspackage:regnskapsforer-med-signeringsrettighet'] };
  for (const client of [ORG.rorOgVann, ORG.fjellbekk]) addClient(s, agent, findOrg(client)!.partyUuid, NOW);
}

/** An exchanged system-user token: `authorization_details` is an object after exchange. */
const systemUserClaims = (id: string, ownerOrgNo: string) => ({
  scope: 'altinn:accessmanagement/authorizedparties',
  authorization_details: { type: 'urn:altinn:systemuser', systemuser_org: { authority: 'iso6523-actorid-upis', ID: `0192:${ownerOrgNo}` }, systemuser_id: [id], system_id: '310000027_smartregnskap' },
  consumer: consumer(ORG.smartcloud),
});

describe('access management', () => {
  let t: AuthzTestbed;
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${t.url}${path}`, { headers });

  beforeAll(async () => {
    t = await startAuthzTestbed(prepare);
  });
  afterAll(() => t.tb.close());

  describe('metadata', () => {
    it('finds a package by URN, with its area and the resources whose policy uses it', async () => {
      const res = await get(`${META}/accesspackages/package/urn/${encodeURIComponent('urn:altinn:accesspackage:krav-og-utlegg')}`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        id: 'a02fc602-872a-4671-b338-8b86a64b534a',
        name: 'Krav, betalinger og utlegg',
        urn: 'urn:altinn:accesspackage:krav-og-utlegg',
        description: 'Krav, betalinger og utlegg',
        isDelegable: true,
        isAssignable: true,
        area: {
          id: '7d32591d-34b7-4afc-8afa-013722f8c05d',
          name: 'Skatt, avgift, regnskap og toll',
          urn: 'accesspackage:area:skatt_avgift_regnskap_og_toll',
          description: 'Skatt, avgift, regnskap og toll',
          icon: null,
        },
        resources: [expect.objectContaining({ refId: 'ske-krav-og-betalinger', name: 'Tittel ske-krav-og-betalinger' })],
      });
    });

    it('finds a package by id, in English when asked, and answers an unknown one with 404', async () => {
      const pkg = await (await get(`${META}/accesspackages/package/955d5779-3e2b-4098-b11d-0431dc41ddbe`, { 'accept-language': 'en' })).json();
      expect(pkg).toMatchObject({ urn: 'urn:altinn:accesspackage:regnskapsforer-med-signeringsrettighet', name: 'Accountant with signing rights', isAssignable: false });
      expect((await get(`${META}/accesspackages/package/urn/urn:altinn:accesspackage:kravogutlegg`)).status).toBe(404);
      expect((await get(`${META}/accesspackages/package/00000000-0000-0000-0000-000000000000`)).status).toBe(404);
      expect((await get(`${META}/accesspackages/package/urn/%E0%A4%A`)).status).toBe(400);
    });

    it('exports every package under its area group and area', async () => {
      const groups = await (await get(`${META}/accesspackages/export`)).json();
      expect(groups.map((g: { name: string }) => g.name)).toEqual(['Allment', 'Bransje', 'Særskilt']);
      const packages = groups.flatMap((g: { areas: { packages: unknown[] }[] }) => g.areas.flatMap((a) => a.packages));
      expect(packages).toHaveLength(PACKAGES.length);
      const special = groups[2].areas.map((a: { urn: string }) => a.urn);
      expect(special).toContain('accesspackage:area:fullmakter_for_regnskapsforer');
    });

    it('lists roles and finds one by id', async () => {
      const roles = await (await get(`${META}/roles`)).json();
      expect(roles.map((r: { code: string }) => r.code)).toEqual(['daglig-leder', 'styreleder', 'innehaver', 'regnskapsforer', 'revisor', 'rettighetshaver', 'agent']);
      expect(await (await get(`${META}/roles/46e27685-b3ba-423e-8b42-faab54de5817`)).json()).toMatchObject({
        code: 'regnskapsforer',
        urn: 'urn:altinn:external-role:ccr:regnskapsforer',
        legacyRoleCode: 'regn',
        legacyUrn: 'urn:altinn:rolecode:regn',
        isKeyRole: false,
      });
      expect((await get(`${META}/roles/00000000-0000-0000-0000-000000000000`)).status).toBe(404);
    });
  });

  describe('authorized parties', () => {
    const parties = async (claims: Record<string, unknown>, query = '') => {
      const res = await get(`${PARTIES}${query}`, bearer(await t.altinnToken(claims)));
      expect(res.status).toBe(200);
      return (await res.json()) as { links: { next: null }; data: { organizationNumber: string; authorizedAccessPackages: string[] }[] };
    };

    it('lists the owner of a standard system user, with its packages and resources when asked', async () => {
      const body = await parties(systemUserClaims(STANDARD, ORG.rorOgVann), '?includeAccessPackages=true&includeResources=true&includeRoles=true');
      const ror = findOrg(ORG.rorOgVann)!;
      expect(body).toEqual({
        links: { next: null },
        data: [
          {
            partyUuid: ror.partyUuid,
            name: 'Rør og Vann AS',
            organizationNumber: ORG.rorOgVann,
            personId: null,
            partyId: ror.partyId,
            type: 'Organization',
            unitType: 'AS',
            isDeleted: false,
            onlyHierarchyElementWithNoAccess: false,
            authorizedAccessPackages: ['urn:altinn:accesspackage:krav-og-utlegg'],
            authorizedResources: ['ske-krav-og-betalinger'],
            authorizedRoles: [],
            subunits: [],
          },
        ],
      });
    });

    it("lists an agent system user's clients, not its owner, and filters by party", async () => {
      const body = await parties(systemUserClaims(AGENT, ORG.tallmakerne));
      expect(body.data.map((p) => p.organizationNumber)).toEqual([ORG.rorOgVann, ORG.fjellbekk]);
      expect(body.data[0]!.authorizedAccessPackages).toEqual([]);
      const filtered = await parties(systemUserClaims(AGENT, ORG.tallmakerne), `?partyFilter=${findOrg(ORG.fjellbekk)!.partyUuid}`);
      expect(filtered.data.map((p) => p.organizationNumber)).toEqual([ORG.fjellbekk]);
    });

    it('lists a person and the organisations they have a role or package for', async () => {
      const body = await parties({ scope: 'altinn:accessmanagement/authorizedparties', pid: PERSON.pia }, '?includeRoles=true');
      expect(body.data).toEqual([
        expect.objectContaining({ type: 'Person', personId: PERSON.pia, partyUuid: findPerson(PERSON.pia)!.partyUuid, organizationNumber: null }),
        expect.objectContaining({ organizationNumber: ORG.rorOgVann, authorizedRoles: ['urn:altinn:external-role:ccr:daglig-leder'] }),
      ]);
    });

    it('needs an Altinn token with the scope, for a system user or a person', async () => {
      expect((await get(PARTIES)).status).toBe(401);
      expect((await get(PARTIES, bearer(await t.altinnToken({ ...systemUserClaims(STANDARD, ORG.rorOgVann), scope: 'altinn:authorization/authorize' })))).status).toBe(403);
      const raw = await t.maskinportenToken({ ...systemUserClaims(STANDARD, ORG.rorOgVann), authorization_details: [systemUserClaims(STANDARD, ORG.rorOgVann).authorization_details] });
      expect((await get(PARTIES, bearer(raw))).status).toBe(401);
      const org = await get(PARTIES, bearer(await t.altinnToken({ scope: 'altinn:accessmanagement/authorizedparties', consumer: consumer(ORG.smartcloud) })));
      expect([org.status, await org.text()]).toEqual([401, 'Unknown user type']);
      expect((await get(`${PARTIES}?includeRoles=maybe`, bearer(await t.altinnToken(systemUserClaims(STANDARD, ORG.rorOgVann))))).status).toBe(400);
    });
  });
});
