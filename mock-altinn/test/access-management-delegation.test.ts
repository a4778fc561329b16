import { describe, expect, it } from 'vitest';
import { ORG, PERSON, findOrg } from '@testbed/common/world';
import { packagesFrom, rightsFrom } from '../src/access-management/access.js';
import { addClient, availableClients, delegatedClients, removeClient } from '../src/access-management/client-delegation.js';
import { checkDelegation, delegateToSystemUser, revokeFromSystemUser, type DelegationRequest } from '../src/access-management/delegation.js';
import { AltinnProblem } from '../src/problems.js';
import { seedAltinn } from '../src/seed.js';
import type { AltinnState } from '../src/state.js';
import { addResource, resourceFixture } from './authz-fixtures.js';

const NOW = '2026-02-01T00:00:00.000Z';
const SU = '5b3e0c9a-1d2f-4e6a-9b8c-7d6e5f4a3b2c';
const AGENT = '7c6b5a49-3827-4f16-a5d4-c3b2a1908f7e';

function world(): AltinnState {
  const s = seedAltinn();
  addResource(s, resourceFixture('ske-krav-og-betalinger'), [
    { subjects: [[['urn:altinn:accesspackage', 'krav-og-utlegg']], [['urn:altinn:rolecode', 'DAGL']]], actions: ['read'] },
    { subjects: [[['urn:altinn:rolecode', 'DAGL']]], actions: ['write'] },
  ]);
  addResource(s, resourceFixture('ske-regnskap'), [{ subjects: [[['urn:altinn:accesspackage', 'regnskap-okonomi-rapport']]], actions: ['read'] }]);
  addResource(s, resourceFixture('ske-skjema', { resourceType: 'MaskinportenSchema' }), [{ subjects: [[['urn:altinn:rolecode', 'DAGL']]], actions: ['read'] }]);
  addResource(s, resourceFixture('ske-intern', { delegable: false }), [{ subjects: [[['urn:altinn:rolecode', 'DAGL']]], actions: ['read'] }]);
  addResource(s, resourceFixture('ske-liste', { accessListMode: 'Enabled' }), [{ subjects: [[['urn:altinn:rolecode', 'DAGL']]], actions: ['read'] }]);
  s.resources.push(resourceFixture('ske-uten-policy'));
  return s;
}

const right = (resource: string, action?: string) => ({ ...(action ? { action } : {}), resource: [{ id: 'urn:altinn:resource', value: resource }] });
const request = (rights: DelegationRequest['rights'], packages: string[] = []): DelegationRequest => ({
  rights,
  accessPackages: packages.map((code) => ({ urn: `urn:altinn:accesspackage:${code}` })),
});
const codes = (failures: { code: string }[]) => failures.map((f) => f.code);

describe('delegation check as the approving person', () => {
  const s = world();

  it('passes a daglig leder for every action of a right and for a package of theirs', () => {
    expect(checkDelegation(s, PERSON.pia, ORG.rorOgVann, request([right('ske-krav-og-betalinger')], ['krav-og-utlegg', 'skattegrunnlag']))).toEqual([]);
  });

  it('refuses a right that is unknown, has no policy, names no resource or an action the policy lacks (AUTH-00001)', () => {
    const failures = checkDelegation(
      s,
      PERSON.pia,
      ORG.rorOgVann,
      request([right('finnes-ikke'), right('ske-uten-policy'), { resource: [{ id: 'urn:altinn:org', value: 'skd' }] }, right('ske-krav-og-betalinger', 'sign')]),
    );
    expect(failures).toEqual([
      { code: 'AUTH-00001', resource: 'finnes-ikke', detail: 'The resource finnes-ikke is not in the resource registry.' },
      { code: 'AUTH-00001', resource: 'ske-uten-policy', detail: 'The resource ske-uten-policy has no policy.' },
      { code: 'AUTH-00001', detail: 'The right names no urn:altinn:resource.' },
      { code: 'AUTH-00001', resource: 'ske-krav-og-betalinger', detail: 'The policy of ske-krav-og-betalinger has no action "sign".' },
    ]);
  });

  it('refuses a Maskinporten schema (00071), a non-delegable resource (00070) and an access-list resource off the list (00069)', () => {
    expect(codes(checkDelegation(s, PERSON.pia, ORG.rorOgVann, request([right('ske-skjema'), right('ske-intern'), right('ske-liste')])))).toEqual([
      'AUTH-00071',
      'AUTH-00070',
      'AUTH-00069',
    ]);
    const listed = world();
    listed.accessLists.push({
      id: 'l',
      owner: 'skd',
      identifier: 'l',
      name: 'l',
      description: '',
      members: [{ partyUuid: findOrg(ORG.rorOgVann)!.partyUuid, since: NOW }],
      resourceConnections: [{ resource: 'ske-liste', actions: [], created: NOW, updated: NOW }],
      created: NOW,
      updated: NOW,
    });
    expect(checkDelegation(listed, PERSON.pia, ORG.rorOgVann, request([right('ske-liste')]))).toEqual([]);
  });

  it('tells a right held only through a delegation (00018) from no delegable access at all (00016), per action', () => {
    expect(checkDelegation(s, PERSON.emil, ORG.rorOgVann, request([right('ske-regnskap')]))).toEqual([
      {
        code: 'AUTH-00018',
        resource: 'ske-regnskap',
        detail: 'The person has "read" on ske-regnskap only through a delegation, which cannot be passed on.',
      },
    ]);
    expect(codes(checkDelegation(s, PERSON.ola, ORG.rorOgVann, request([right('ske-krav-og-betalinger')])))).toEqual(['AUTH-00016', 'AUTH-00016']);
    expect(codes(checkDelegation(s, PERSON.pia, ORG.tallmakerne, request([right('ske-krav-og-betalinger', 'write')])))).toEqual(['AUTH-00016']);
  });

  it('refuses unknown, non-delegable and client packages (00064) and packages the person cannot hand on (00053)', () => {
    const failures = checkDelegation(
      s,
      PERSON.emil,
      ORG.rorOgVann,
      request([], ['finnes-ikke', 'tilgangsstyrer', 'regnskapsforer-lonn', 'regnskap-okonomi-rapport', 'krav-og-utlegg']),
    );
    expect(failures).toEqual([
      { code: 'AUTH-00064', package: 'urn:altinn:accesspackage:finnes-ikke', detail: 'urn:altinn:accesspackage:finnes-ikke is not an access package.' },
      { code: 'AUTH-00064', package: 'urn:altinn:accesspackage:tilgangsstyrer', detail: 'Access manager cannot be delegated.' },
      { code: 'AUTH-00064', package: 'urn:altinn:accesspackage:regnskapsforer-lonn', detail: 'Accountant salary is for client relationships and goes to agent system users only.' },
      { code: 'AUTH-00053', package: 'urn:altinn:accesspackage:regnskap-okonomi-rapport', detail: 'The person has Accounting and economic reporting but may not delegate it.' },
      { code: 'AUTH-00053', package: 'urn:altinn:accesspackage:krav-og-utlegg', detail: `The person does not have Claims, payments and enforcement for ${ORG.rorOgVann}.` },
    ]);
  });
});

describe('delegation to a standard system user', () => {
  it('delegates packages and rights (no action = every action of the policy), once', () => {
    const s = world();
    const req = request([right('ske-krav-og-betalinger')], ['krav-og-utlegg']);
    delegateToSystemUser(s, ORG.rorOgVann, SU, req, NOW);
    delegateToSystemUser(s, ORG.rorOgVann, SU, req, NOW);
    const holder = { kind: 'systemUser' as const, id: SU };
    expect(packagesFrom(s, holder, ORG.rorOgVann)).toEqual([{ code: 'krav-og-utlegg', canDelegate: false, via: 'delegation' }]);
    expect(rightsFrom(s, holder, ORG.rorOgVann)).toEqual([{ resource: 'ske-krav-og-betalinger', actions: ['read', 'write'] }]);
    expect(s.packageDelegations.filter((d) => d.to === SU)).toHaveLength(1);
  });

  it('refuses an unknown organisation or a right without a policy, leaving the state untouched', () => {
    const s = world();
    const before = JSON.stringify(s);
    expect(() => delegateToSystemUser(s, '999999999', SU, request([], ['krav-og-utlegg']), NOW)).toThrow(AltinnProblem);
    expect(() => delegateToSystemUser(s, ORG.rorOgVann, SU, request([right('ske-uten-policy')], ['krav-og-utlegg']), NOW)).toThrow(
      expect.objectContaining({ code: 'AUTH-00001' }),
    );
    expect(JSON.stringify(s)).toBe(before);
  });

  it('revokes one action, one package, or everything', () => {
    const s = world();
    delegateToSystemUser(s, ORG.rorOgVann, SU, request([right('ske-krav-og-betalinger')], ['krav-og-utlegg', 'skattegrunnlag']), NOW);
    const holder = { kind: 'systemUser' as const, id: SU };
    revokeFromSystemUser(s, SU, request([right('ske-krav-og-betalinger', 'write')], ['skattegrunnlag']));
    expect(rightsFrom(s, holder, ORG.rorOgVann)).toEqual([{ resource: 'ske-krav-og-betalinger', actions: ['read'] }]);
    expect(packagesFrom(s, holder, ORG.rorOgVann).map((p) => p.code)).toEqual(['krav-og-utlegg']);
    revokeFromSystemUser(s, SU);
    expect(packagesFrom(s, holder, ORG.rorOgVann)).toEqual([]);
    expect(rightsFrom(s, holder, ORG.rorOgVann)).toEqual([]);
  });
});

describe('client delegation to an agent system user', () => {
  const SIGNING = 'urn:altinn:accesspackage:regnskapsforer-med-signeringsrettighet';
  const SALARY = 'urn:altinn:accesspackage:regnskapsforer-lonn';
  const uuid = (orgNo: string) => findOrg(orgNo)!.partyUuid;

  it('finds the clients that gave the facilitator any of the packages, through REGN or a delegation', () => {
    const s = seedAltinn();
    expect(availableClients(s, ORG.tallmakerne, [SIGNING]).map((c) => c.orgNo)).toEqual([ORG.rorOgVann, ORG.fjellbekk, ORG.nordlys]);
    const withSalary = availableClients(s, ORG.tallmakerne, [SALARY, 'regnskapsforer-med-signeringsrettighet']);
    expect(withSalary.find((c) => c.orgNo === ORG.solbaer)).toEqual({
      partyUuid: uuid(ORG.solbaer),
      orgNo: ORG.solbaer,
      name: 'Solbær Design AS',
      packages: [SALARY],
      roles: ['rettighetshaver'],
    });
    expect(withSalary.find((c) => c.orgNo === ORG.rorOgVann)).toMatchObject({ packages: [SIGNING, SALARY], roles: ['regnskapsforer'] });
    expect(availableClients(s, ORG.revisjonshuset, [SIGNING])).toEqual([]);
  });

  it('adds a client that gave every package, once, and removes it again', () => {
    const s = seedAltinn();
    const agent = { id: AGENT, facilitatorOrgNo: ORG.tallmakerne, packages: [SIGNING, SALARY] };
    addClient(s, agent, uuid(ORG.rorOgVann), NOW);
    addClient(s, agent, uuid(ORG.rorOgVann).toUpperCase(), NOW);
    expect(delegatedClients(s, AGENT)).toEqual([{ partyUuid: uuid(ORG.rorOgVann), orgNo: ORG.rorOgVann, name: 'Rør og Vann AS', packages: [SIGNING, SALARY], roles: ['regnskapsforer'] }]);
    expect(s.packageDelegations.filter((d) => d.to === AGENT)).toEqual([
      expect.objectContaining({ from: uuid(ORG.rorOgVann), package: 'regnskapsforer-med-signeringsrettighet', role: 'agent', facilitator: uuid(ORG.tallmakerne), facilitatorRole: 'regnskapsforer' }),
      expect.objectContaining({ package: 'regnskapsforer-lonn' }),
    ]);
    expect(packagesFrom(s, { kind: 'systemUser', id: AGENT }, ORG.rorOgVann).map((p) => p.via)).toEqual(['client:regnskapsforer', 'client:regnskapsforer']);
    expect(removeClient(s, AGENT, uuid(ORG.rorOgVann))).toBe(true);
    expect(removeClient(s, AGENT, uuid(ORG.rorOgVann))).toBe(false);
    expect(delegatedClients(s, AGENT)).toEqual([]);
  });

  it('refuses an organisation that is no client (AUTH-00079) and a client lacking a package (AUTH-00080)', () => {
    const s = seedAltinn();
    const before = JSON.stringify(s);
    const agent = { id: AGENT, facilitatorOrgNo: ORG.tallmakerne, packages: [SIGNING, SALARY] };
    expect(() => addClient(s, agent, uuid(ORG.utenRegnskapsforer), NOW)).toThrow(expect.objectContaining({ code: 'AUTH-00079', status: 400 }));
    expect(() => addClient(s, agent, 'not-a-party', NOW)).toThrow(expect.objectContaining({ code: 'AUTH-00079' }));
    expect(() => addClient(s, agent, uuid(ORG.solbaer), NOW)).toThrow(expect.objectContaining({ code: 'AUTH-00080', extensions: { MissingPackages: SIGNING } }));
    expect(JSON.stringify(s)).toBe(before);
  });
});
