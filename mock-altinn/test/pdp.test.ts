import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORG, PERSON, findOrg, findPerson } from '@testbed/common/world';
import { addClient } from '../src/access-management/client-delegation.js';
import { delegateToSystemUser } from '../src/access-management/delegation.js';
import type { AltinnState } from '../src/state.js';
import { addResource, bearer, resourceFixture, startAuthzTestbed, systemUserFixture, type AuthzTestbed } from './authz-fixtures.js';

const RESOURCE = 'ske-krav-og-betalinger';
const LISTED = 'ske-tilgangsliste';
const SU = {
  standard: 'a545ca29-7fb8-4810-a2f2-0be171cb2a26',
  right: '6e7adea4-928e-451b-ab93-d7e453ca6add',
  agent: '0f1c2a3b-4d5e-4f60-8a7b-9c8d7e6f5a4b',
  withRole: '1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d',
  fjellbekk: '9d8c7b6a-5f4e-4d3c-ab2a-1f0e9d8c7b6a',
};
const ACTION_ID = 'urn:oasis:names:tc:xacml:1.0:action:action-id';
const STRING = 'http://www.w3.org/2001/XMLSchema#string';
const OK = 'urn:oasis:names:tc:xacml:1.0:status:ok';
const PROCESSING_ERROR = 'urn:oasis:names:tc:xacml:1.0:status:processing-error';
const owner = (orgNo: string) => ({ orgNo, partyUuid: findOrg(orgNo)!.partyUuid });
const NOW = '2026-02-01T00:00:00.000Z';

function prepare(s: AltinnState) {
  addResource(s, resourceFixture(RESOURCE), [
    {
      subjects: [[['urn:altinn:accesspackage', 'krav-og-utlegg']], [['urn:altinn:accesspackage', 'regnskapsforer-med-signeringsrettighet']], [['urn:altinn:rolecode', 'DAGL']]],
      actions: ['read'],
    },
    { subjects: [[['urn:altinn:rolecode', 'REVI']]], actions: ['read'], effect: 'Deny' },
    { subjects: [[['urn:altinn:rolecode', 'DAGL']]], actions: ['write'] },
  ]);
  addResource(s, resourceFixture(LISTED, { accessListMode: 'Enabled' }), [{ subjects: [[['urn:altinn:accesspackage', 'krav-og-utlegg']]], actions: ['read'] }]);
  s.accessLists.push({
    id: 'list-1',
    owner: 'skd',
    identifier: 'godkjente',
    name: 'Godkjente',
    description: '',
    members: [{ partyUuid: findOrg(ORG.fjellbekk)!.partyUuid, since: NOW }],
    resourceConnections: [{ resource: LISTED, actions: [], created: NOW, updated: NOW }],
    created: NOW,
    updated: NOW,
  });
  s.systemUsers.push(
    systemUserFixture(SU.standard, owner(ORG.rorOgVann), 'standard'),
    systemUserFixture(SU.right, owner(ORG.rorOgVann), 'standard'),
    systemUserFixture(SU.agent, owner(ORG.tallmakerne), 'agent', ['regnskapsforer-med-signeringsrettighet']),
    systemUserFixture(SU.withRole, owner(ORG.rorOgVann), 'standard'),
    systemUserFixture(SU.fjellbekk, owner(ORG.fjellbekk), 'standard'),
  );
  delegateToSystemUser(s, ORG.rorOgVann, SU.standard, { rights: [], accessPackages: [{ urn: 'urn:altinn:accesspackage:krav-og-utlegg' }] }, NOW);
  delegateToSystemUser(s, ORG.rorOgVann, SU.right, { rights: [{ action: 'read', resource: [{ id: 'urn:altinn:resource', value: RESOURCE }] }], accessPackages: [] }, NOW);
  delegateToSystemUser(s, ORG.fjellbekk, SU.fjellbekk, { rights: [], accessPackages: [{ urn: 'urn:altinn:accesspackage:krav-og-utlegg' }] }, NOW);
  addClient(s, { id: SU.agent, facilitatorOrgNo: ORG.tallmakerne, packages: ['urn:altinn:accesspackage:regnskapsforer-med-signeringsrettighet'] }, findOrg(ORG.rorOgVann)!.partyUuid, NOW);
  // Even an ER role recorded against a system user's id must never reach the PDP.
  s.erRoles.push({ org: ORG.rorOgVann, holder: SU.withRole, role: 'DAGL' });
}

type Attr = [string, string];
const attrs = (list: Attr[]) => list.map(([AttributeId, Value]) => ({ AttributeId, Value }));
const single = (subject: Attr[], resource: Attr[], action = 'read') => ({
  Request: {
    ReturnPolicyIdList: false,
    AccessSubject: [{ Attribute: attrs(subject) }],
    Action: [{ Attribute: [{ AttributeId: ACTION_ID, Value: action, DataType: STRING }] }],
    Resource: [{ Attribute: attrs(resource) }],
  },
});
const forOrg = (orgNo: string, resource = RESOURCE): Attr[] => [
  ['urn:altinn:resource', resource],
  ['urn:altinn:organization:identifier-no', orgNo],
];
const systemUser = (id: string): Attr[] => [['urn:altinn:systemuser:uuid', id]];

describe('PDP /authorization/api/v1/authorize', () => {
  let t: AuthzTestbed;
  let token: string;
  const authorize = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${t.url}/authorization/api/v1/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'ocp-apim-subscription-key': 'any-key', ...bearer(token), ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const decisionOf = async (body: unknown) => {
    const res = await authorize(body);
    expect(res.status).toBe(200);
    return (await res.json()).response[0];
  };

  beforeAll(async () => {
    t = await startAuthzTestbed(prepare);
    token = await t.altinnToken({ scope: 'altinn:authorization/authorize', consumer: { authority: 'iso6523-actorid-upis', ID: `0192:${ORG.skatteetaten}` } });
  });
  afterAll(() => t.tb.close());

  it('permits a system user holding a package from the party, with the policy obligations', async () => {
    const res = await authorize(single(systemUser(SU.standard), forOrg(ORG.rorOgVann)));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      response: [
        {
          decision: 'Permit',
          status: { statusMessage: null, statusDetails: null, statusCode: { value: OK, statusCode: null } },
          obligations: [
            {
              id: 'urn:altinn:obligation:authenticationLevel1',
              attributeAssignment: [
                {
                  attributeId: 'urn:altinn:obligation-assignment:1',
                  value: '3',
                  category: 'urn:altinn:minimum-authenticationlevel',
                  dataType: 'http://www.w3.org/2001/XMLSchema#integer',
                  issuer: null,
                },
              ],
            },
          ],
          associateAdvice: null,
          category: null,
          policyIdentifierList: null,
        },
      ],
    });
  });

  it('answers NotApplicable for the same system user and another party', async () => {
    expect(await decisionOf(single(systemUser(SU.standard), forOrg(ORG.tallmakerne)))).toEqual({
      decision: 'NotApplicable',
      status: { statusMessage: null, statusDetails: null, statusCode: { value: OK, statusCode: null } },
      obligations: null,
      associateAdvice: null,
      category: null,
      policyIdentifierList: null,
    });
  });

  it('permits a right delegated directly to a system user, for that action only', async () => {
    expect((await decisionOf(single(systemUser(SU.right), forOrg(ORG.rorOgVann)))).decision).toBe('Permit');
    expect((await decisionOf(single(systemUser(SU.right), forOrg(ORG.rorOgVann), 'write'))).decision).toBe('NotApplicable');
  });

  it('permits an agent system user for a delegated client only (party by uuid or party id)', async () => {
    const client = findOrg(ORG.rorOgVann)!;
    expect((await decisionOf(single(systemUser(SU.agent), [['urn:altinn:resource', RESOURCE], ['urn:altinn:party:uuid', client.partyUuid]]))).decision).toBe('Permit');
    expect((await decisionOf(single(systemUser(SU.agent), [['urn:altinn:resource', RESOURCE], ['urn:altinn:partyid', String(client.partyId)]]))).decision).toBe('Permit');
    expect((await decisionOf(single(systemUser(SU.agent), forOrg(ORG.nordlys)))).decision).toBe('NotApplicable');
    expect((await decisionOf(single(systemUser(SU.agent), forOrg(ORG.tallmakerne)))).decision).toBe('NotApplicable');
  });

  it('never gives a system user ER roles', async () => {
    expect((await decisionOf(single(systemUser(SU.withRole), forOrg(ORG.rorOgVann)))).decision).toBe('NotApplicable');
    expect((await decisionOf(single(systemUser(SU.withRole), forOrg(ORG.rorOgVann), 'write'))).decision).toBe('NotApplicable');
  });

  it('permits a person through an ER role of the party, by fødselsnummer or user id', async () => {
    expect((await decisionOf(single([['urn:altinn:person:identifier-no', PERSON.pia]], forOrg(ORG.rorOgVann), 'write'))).decision).toBe('Permit');
    expect((await decisionOf(single([['urn:altinn:userid', String(findPerson(PERSON.pia)!.userId)]], forOrg(ORG.rorOgVann)))).decision).toBe('Permit');
    expect((await decisionOf(single([['urn:altinn:person:identifier-no', PERSON.pia]], forOrg(ORG.tallmakerne)))).decision).toBe('NotApplicable');
    expect((await decisionOf(single([['urn:altinn:person:identifier-no', PERSON.emil]], forOrg(ORG.rorOgVann)))).decision).toBe('NotApplicable');
  });

  it('evaluates organisations by their ER roles and packages for the party, deny overriding permit', async () => {
    const accountant = await decisionOf(single([['urn:altinn:organization:identifier-no', ORG.tallmakerne]], forOrg(ORG.rorOgVann)));
    expect(accountant.decision).toBe('Permit');
    const auditor = await decisionOf(single([['urn:altinn:organizationnumber', ORG.revisjonshuset]], forOrg(ORG.rorOgVann)));
    expect(auditor).toMatchObject({ decision: 'Deny', obligations: null, status: { statusCode: { value: OK } } });
  });

  it('is Indeterminate when the system user is combined with another subject attribute, or is no uuid', async () => {
    const combined = await decisionOf(single([...systemUser(SU.standard), ['urn:altinn:person:identifier-no', PERSON.pia]], forOrg(ORG.rorOgVann)));
    expect(combined).toEqual({
      decision: 'Indeterminate',
      status: {
        statusMessage: 'Subject attribute urn:altinn:systemuser:uuid can only be used by itself and not in combination with other subject identifiers.',
        statusDetails: null,
        statusCode: { value: PROCESSING_ERROR, statusCode: null },
      },
      obligations: null,
      associateAdvice: null,
      category: null,
      policyIdentifierList: null,
    });
    const badUuid = await decisionOf(single(systemUser('not-a-uuid'), forOrg(ORG.rorOgVann)));
    expect(badUuid).toMatchObject({ decision: 'Indeterminate', status: { statusMessage: 'urn:altinn:systemuser:uuid: Not a valid uuid', statusCode: { value: PROCESSING_ERROR } } });
  });

  it('is Indeterminate for an unknown resource, and for a person subject combined with an organisation', async () => {
    expect(await decisionOf(single(systemUser(SU.standard), forOrg(ORG.rorOgVann, 'ukjent-ressurs')))).toMatchObject({
      decision: 'Indeterminate',
      status: { statusMessage: 'Policy not found for resource', statusCode: { value: PROCESSING_ERROR } },
    });
    const both = await decisionOf(single([['urn:altinn:person:identifier-no', PERSON.pia], ['urn:altinn:organization:identifier-no', ORG.rorOgVann]], forOrg(ORG.rorOgVann)));
    expect(both.status.statusMessage).toBe('Not allowed to set organization number and person-id or userid for subject at the same time');
  });

  it('denies a Permit when the party is not on an access list of the resource', async () => {
    expect(await decisionOf(single(systemUser(SU.standard), forOrg(ORG.rorOgVann, LISTED)))).toMatchObject({
      decision: 'Deny',
      obligations: null,
      status: {
        statusMessage:
          'Access list authorization of resource party required. Access list authorization is controlled by the service owner of the resource/service of the authorization request.',
        statusCode: { value: OK },
      },
    });
    expect((await decisionOf(single(systemUser(SU.fjellbekk), forOrg(ORG.fjellbekk, LISTED)))).decision).toBe('Permit');
  });

  it('answers a multi-request with one result per reference, in order', async () => {
    const category = (id: string, list: Attr[]) => ({ Id: id, Attribute: attrs(list) });
    const res = await authorize({
      Request: {
        AccessSubject: [category('s1', systemUser(SU.standard)), category('s2', systemUser('bad'))],
        Action: [category('a1', [[ACTION_ID, 'read']])],
        Resource: [category('r1', forOrg(ORG.rorOgVann)), category('r2', forOrg(ORG.tallmakerne)), category('r3', forOrg(ORG.rorOgVann, 'ukjent-ressurs'))],
        MultiRequests: {
          RequestReference: [{ ReferenceId: ['s1', 'a1', 'r2'] }, { ReferenceId: ['s1', 'a1', 'r1'] }, { ReferenceId: ['s1', 'a1', 'r3'] }, { ReferenceId: ['s2', 'a1', 'r1'] }],
        },
      },
    });
    const { response } = await res.json();
    expect(response.map((r: { decision: string }) => r.decision)).toEqual(['NotApplicable', 'Permit', 'Indeterminate', 'Indeterminate']);
  });

  it('matches property names case-insensitively and echoes attributes with IncludeInResult', async () => {
    const body = {
      request: {
        accesssubject: [{ attribute: [{ attributeid: 'urn:altinn:systemuser:uuid', value: SU.standard }] }],
        ACTION: [{ ATTRIBUTE: [{ AttributeID: ACTION_ID, VALUE: 'read' }] }],
        resource: [{ attribute: [{ attributeId: 'urn:altinn:resource', value: RESOURCE }, { attributeId: 'urn:altinn:organization:identifier-no', value: ORG.rorOgVann, includeInResult: true }] }],
      },
    };
    const result = await decisionOf(body);
    expect(result.decision).toBe('Permit');
    expect(result.category).toEqual([
      {
        categoryId: 'urn:oasis:names:tc:xacml:3.0:attribute-category:resource',
        id: null,
        content: null,
        attribute: [{ attributeId: 'urn:altinn:organization:identifier-no', value: ORG.rorOgVann, dataType: STRING, issuer: null, includeInResult: true }],
      },
    ]);
  });

  it('needs an Altinn token with the authorize scope: a raw Maskinporten token is refused', async () => {
    const body = JSON.stringify(single(systemUser(SU.standard), forOrg(ORG.rorOgVann)));
    const post = (headers: Record<string, string>) =>
      fetch(`${t.url}/authorization/api/v1/authorize`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    expect((await post({})).status).toBe(401);
    expect((await post(bearer(await t.altinnToken({ scope: 'altinn:resourceregistry/resource.write' })))).status).toBe(403);
    const maskinporten = await t.maskinportenToken({ scope: 'altinn:authorization/authorize', consumer: { authority: 'iso6523-actorid-upis', ID: `0192:${ORG.skatteetaten}` } });
    const raw = await post(bearer(maskinporten));
    expect(raw.status).toBe(401);
    expect(await raw.text()).toBe('');
    expect((await post(bearer(await t.altinnToken({ scope: 'altinn:authorization/authorize.admin' })))).status).toBe(200);
  });

  it('answers a body that does not bind with a validation problem, never a 500', async () => {
    for (const body of ['"just a string"', '[]', '{}', JSON.stringify({ Request: { AccessSubject: [{ Attribute: [{ AttributeId: 'x', Value: 7 }] }] } })]) {
      const res = await authorize(body);
      expect(res.status, body).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect((await res.json()).errors).toBeDefined();
    }
    const missing = await (await authorize({})).json();
    expect(missing.errors).toEqual({ Request: ['The Request field is required.'] });
    const wrongType = await (await authorize({ Request: { AccessSubject: [{ Attribute: [{ AttributeId: 'x', Value: 7 }] }] } })).json();
    expect(Object.keys(wrongType.errors)).toEqual(['$.Request.AccessSubject[0].Attribute[0].Value', 'authorizationRequest']);
    expect((await authorize('{"Request":')).status).toBe(400);
    expect((await authorize('Request=1', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
  });
});
