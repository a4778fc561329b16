// Every Altinn Authentication endpoint fed junk: malformed or deep JSON, wrong types, odd ids and
// queries. Nothing may answer 500, and every error is in one of Altinn's formats.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORG, PERSON } from '@testbed/common/world';
import { SCOPE, startHarness, systemBody, VENDOR, type Harness } from './authn-harness.js';

const A = '/authentication/api/v1';
const GUID = '6e7adea4-928e-451b-ab93-d7e453ca6add';
const ODD_IDS = ['x', '%20', 'a'.repeat(3000), '-1', '99999999999', GUID.toUpperCase(), '%E2%80%8B'];

const ROUTES: [string, string][] = [
  ['GET', `${A}/exchange/maskinporten`],
  ['GET', `${A}/exchange/id-porten`],
  ['GET', `${A}/systemregister`],
  ['GET', `${A}/systemregister/vendor`],
  ['POST', `${A}/systemregister/vendor`],
  ['GET', `${A}/systemregister/vendor/{id}`],
  ['PUT', `${A}/systemregister/vendor/{id}`],
  ['PUT', `${A}/systemregister/vendor/{id}/rights`],
  ['PUT', `${A}/systemregister/vendor/{id}/accesspackages`],
  ['DELETE', `${A}/systemregister/vendor/{id}`],
  ['GET', `${A}/systemregister/vendor/{id}/changelog`],
  ['GET', `${A}/systemregister/{id}`],
  ['GET', `${A}/systemregister/{id}/rights`],
  ['POST', `${A}/systemuser/request/vendor`],
  ['POST', `${A}/systemuser/request/vendor/agent`],
  ['GET', `${A}/systemuser/request/vendor/{id}`],
  ['GET', `${A}/systemuser/request/vendor/agent/{id}`],
  ['GET', `${A}/systemuser/request/vendor/bysystem/{id}`],
  ['GET', `${A}/systemuser/request/vendor/byexternalref/{id}/{id}/{id}`],
  ['DELETE', `${A}/systemuser/request/vendor/{id}`],
  ['GET', `${A}/systemuser/request/{id}`],
  ['GET', `${A}/systemuser/request/{id}/{id}`],
  ['POST', `${A}/systemuser/request/{id}/{id}/approve`],
  ['POST', `${A}/systemuser/request/agent/{id}/{id}/reject`],
  ['GET', `${A}/systemuser/request/{id}/{id}/pending`],
  ['POST', `${A}/systemuser/changerequest/vendor`],
  ['GET', `${A}/systemuser/changerequest/vendor/{id}`],
  ['GET', `${A}/systemuser/changerequest/vendor/bysystem/{id}`],
  ['POST', `${A}/systemuser/changerequest/{id}/{id}/approve`],
  ['GET', `${A}/systemuser/vendor/bysystem/{id}`],
  ['GET', `${A}/systemuser/vendor/byquery`],
  ['GET', `${A}/systemuser/byExternalId`],
  ['GET', `${A}/systemuser/{id}`],
  ['GET', `${A}/systemuser/{id}/{id}/delegations`],
  ['DELETE', `${A}/systemuser/{id}/{id}`],
  ['GET', `${A}/enduser/systemuser/agents`],
  ['GET', `${A}/enduser/systemuser/clients/available`],
  ['POST', `${A}/enduser/systemuser/clients`],
  ['DELETE', `${A}/enduser/systemuser/clients`],
];

const QUERIES = [
  '',
  '?token=%%%',
  '?token[]=a&token[]=b',
  '?agent[x]=1&client=2',
  `?agent=${GUID}&client=${GUID}&party=1e999`,
  '?correlation-id=abc&system-user-id[]=1',
  `?clientId=a&systemProviderOrgNo=b&systemUserOwnerOrgNo=c&externalRef[a]=1`,
  '?system-id=x&orgno=y&external-ref=z&useOldFormatForApp=yes&test=maybe',
];

const BODIES = ['{', 'null', '[]', '"text"', '12', '{"id":{"nested":true},"rights":{"a":1}}', '['.repeat(20_000) + ']'.repeat(20_000), JSON.stringify({ rights: [{ resource: [null] }], accessPackages: [{ urn: 5 }] })];

describe('bad input to the authentication endpoints', () => {
  let h: Harness;
  let tokens: string[];
  beforeAll(async () => {
    h = await startHarness();
    const all = Object.values(SCOPE).join(' ');
    tokens = [await h.maskinporten(VENDOR, all), await h.person(PERSON.pia, all)];
    await h.call(`${A}/systemregister/vendor`, { method: 'POST', token: tokens[0], body: systemBody('x') });
  });
  afterAll(() => h.close());

  const expectNoCrash = (res: { status: number; headers: Headers; text: string }, what: string) => {
    expect(res.status, what).toBeLessThan(500);
    if (res.status >= 400 && res.text) expect(res.headers.get('content-type'), what).toMatch(/problem\+json|application\/json|text\/plain/);
  };

  it('never answers 500 for odd ids and queries', async () => {
    for (const [method, template] of ROUTES) {
      for (const id of ODD_IDS) {
        for (const token of tokens) {
          const path = template.replaceAll('{id}', id);
          expectNoCrash(await h.call(path, { method, token }), `${method} ${path}`);
        }
      }
      for (const query of QUERIES) {
        const path = template.replaceAll('{id}', GUID) + query;
        expectNoCrash(await h.call(path, { method, token: tokens[0] }), `${method} ${path}`);
        expectNoCrash(await h.call(path, { method, token: tokens[1] }), `${method} ${path}`);
      }
    }
  });

  it('never answers 500 for junk bodies', async () => {
    for (const [method, template] of ROUTES.filter(([m]) => m === 'POST' || m === 'PUT')) {
      for (const raw of BODIES) {
        for (const token of tokens) {
          const path = template.replaceAll('{id}', `${VENDOR}_x`) + `?correlation-id=${GUID}&system-user-id=${GUID}`;
          const res = await h.call(path, { method, token, raw, headers: { 'content-type': 'application/json' } });
          expectNoCrash(res, `${method} ${path} ${raw.slice(0, 40)}`);
        }
      }
    }
  });

  it('never answers 500 for junk control-plane fixtures', async () => {
    for (const raw of [...BODIES, '{"systems":[1],"requests":[null],"systemUsers":[{"kind":"x"}]}', `{"systemUsers":[{"systemId":"${VENDOR}_x","partyOrgNo":"${ORG.rorOgVann}","rights":[],"clients":[1]}]}`]) {
      const res = await h.call('/_testbed/seed', { method: 'POST', raw, headers: { 'content-type': 'application/json' } });
      expectNoCrash(res, raw.slice(0, 60));
    }
  });
});
