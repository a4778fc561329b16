import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iso6523 } from '@testbed/common/identifiers';
import { KeyRing } from '@testbed/common/keys';
import { findPerson, ORG, PERSON } from '@testbed/common/world';
import { authLevelOf } from '../src/auth/exchange-claims.js';
import { startHarness, type Harness } from './authn-harness.js';

const EXCHANGE = '/authentication/api/v1/exchange';
const systemUserDetails = [
  {
    type: 'urn:altinn:systemuser',
    systemuser_org: iso6523(ORG.rorOgVann),
    systemuser_id: ['f950ddae-06c3-4b57-b940-702417a90df0'],
    system_id: `${ORG.smartcloud}_smartregnskap`,
  },
];

describe('token exchange', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const exchange = (provider: string, token?: string, headers: Record<string, string> = {}) =>
    h.call(`${EXCHANGE}/${provider}`, { ...(token ? { token } : {}), headers });

  it('exchanges a Maskinporten system-user token with exactly the claims Altinn issues', async () => {
    const original = await h.maskinporten(ORG.smartcloud, 'altinn:systembruker.demo', { authorization_details: systemUserDetails, sid: 'session', aud: 'x' });
    const res = await exchange('maskinporten', original);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const claims = decodeJwt(res.text);
    const before = decodeJwt(original);
    expect(Object.keys(claims)).toEqual([
      'scope',
      'token_type',
      'exp',
      'iat',
      'nbf',
      'client_id',
      'consumer',
      'authorization_details',
      'urn:altinn:orgNumber',
      'urn:altinn:authenticatemethod',
      'urn:altinn:authlevel',
      'iss',
      'jti',
    ]);
    expect(claims).toEqual({
      scope: 'altinn:systembruker.demo',
      token_type: 'Bearer',
      exp: claims.iat! + 1800,
      iat: expect.any(Number),
      nbf: claims.iat,
      client_id: before.client_id,
      consumer: iso6523(ORG.smartcloud),
      authorization_details: systemUserDetails[0],
      'urn:altinn:orgNumber': ORG.smartcloud,
      'urn:altinn:authenticatemethod': 'maskinporten',
      'urn:altinn:authlevel': 3,
      iss: `${h.tb.urls.altinn}/authentication/api/v1/openid/`,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(Math.abs(claims.iat! - (await h.nowSeconds()))).toBeLessThanOrEqual(2);
    const header = decodeProtectedHeader(res.text);
    expect(header).toMatchObject({ alg: 'RS256', typ: 'JWT', kid: expect.stringMatching(/^[0-9A-F]{40}$/) });
    const jwks = createRemoteJWKSet(new URL(h.url('/authentication/api/v1/openid/.well-known/openid-configuration/jwks')));
    await expect(jwtVerify(res.text, jwks, { issuer: claims.iss! })).resolves.toBeDefined();
  });

  it('adds urn:altinn:org only for a service owner asking for altinn:serviceowner', async () => {
    const skd = await exchange('maskinporten', await h.maskinporten(ORG.skatteetaten, 'altinn:serviceowner/instances.read'));
    expect(decodeJwt(skd.text)['urn:altinn:org']).toBe('skd');
    const skdNoScope = await exchange('maskinporten', await h.maskinporten(ORG.skatteetaten, 'altinn:instances.read'));
    expect(decodeJwt(skdNoScope.text)['urn:altinn:org']).toBeUndefined();
    const vendor = await exchange('maskinporten', await h.maskinporten(ORG.smartcloud, 'altinn:serviceowner'));
    expect(decodeJwt(vendor.text)['urn:altinn:org']).toBeUndefined();
    const digdirTest = await exchange('maskinporten?test=true', await h.maskinporten(ORG.digdir, 'altinn:serviceowner'));
    expect(decodeJwt(digdirTest.text)['urn:altinn:org']).toBe('ttd');
  });

  it('takes the provider in any case and answers an unknown one with text', async () => {
    const token = await h.maskinporten(ORG.smartcloud, 'altinn:systembruker.demo');
    expect((await exchange('MaskinPorten', token)).status).toBe(200);
    const unknown = await exchange('bankid', token);
    expect([unknown.status, unknown.text]).toEqual([
      400,
      "Invalid token provider: bankid. Trusted token providers are 'Maskinporten', 'Id-porten' and 'AltinnStudio'.",
    ]);
  });

  it('answers 401 with an empty body for every untrusted token or consumer', async () => {
    const cases = [
      await exchange('maskinporten'),
      await exchange('maskinporten', 'not-a-jwt'),
      await exchange('maskinporten', await h.maskinporten(undefined, 'altinn:systembruker.demo')),
      await exchange('maskinporten', await h.maskinporten(ORG.smartcloud, 'x', { consumer: { authority: 'other', ID: `0192:${ORG.smartcloud}` } })),
      await exchange('maskinporten', await h.person(PERSON.pia)),
      await exchange('altinnstudio', await h.maskinporten(ORG.smartcloud, 'x')),
    ];
    const now = await h.nowSeconds();
    cases.push(await exchange('maskinporten', await h.maskinporten(ORG.smartcloud, 'x', { iat: now - 200, exp: now - 30 })));
    const stranger = await KeyRing.open(h.config.dataDir, 'stranger', { bits: 2048, now: () => Date.now() });
    cases.push(await exchange('maskinporten', await stranger.sign({ iss: `${h.config.urls.maskinporten}/`, consumer: iso6523(ORG.smartcloud), exp: now + 60 })));
    for (const res of cases) expect([res.status, res.text]).toEqual([401, '']);
  });

  it('accepts a token expired within the 10 s clock skew', async () => {
    const now = await h.nowSeconds();
    const res = await exchange('maskinporten', await h.maskinporten(ORG.smartcloud, 'x', { iat: now - 120, exp: now - 5 }));
    expect(res.status).toBe(200);
  });

  it('answers 410 Gone for an enterprise-user login', async () => {
    const res = await exchange('maskinporten', await h.maskinporten(ORG.smartcloud, 'x'), { 'X-Altinn-EnterpriseUser-Authentication': 'dXNlcjpwYXNz' });
    expect(res.status).toBe(410);
    expect(res.json).toMatchObject({ status: 410, title: 'Gone' });
  });

  it('exchanges an ID-porten token for a person token', async () => {
    const original = await h.idporten(PERSON.pia);
    const res = await exchange('id-porten', original);
    expect(res.status).toBe(200);
    const claims = decodeJwt(res.text);
    const pia = findPerson(PERSON.pia)!;
    expect(Object.keys(claims)).toEqual([
      'nameid',
      'urn:altinn:userid',
      'urn:altinn:partyid',
      'urn:altinn:party:uuid',
      'urn:altinn:authenticatemethod',
      'urn:altinn:authlevel',
      'client_amr',
      'pid',
      'token_type',
      'client_id',
      'acr',
      'scope',
      'amr',
      'exp',
      'iat',
      'nbf',
      'iss',
      'jti',
    ]);
    expect(claims).toMatchObject({
      nameid: String(pia.userId),
      'urn:altinn:userid': String(pia.userId),
      'urn:altinn:partyid': pia.partyId,
      'urn:altinn:party:uuid': pia.partyUuid,
      'urn:altinn:authenticatemethod': 'TestID',
      'urn:altinn:authlevel': 3,
      pid: PERSON.pia,
      scope: 'altinn:portal/enduser',
      amr: 'TestID',
      exp: claims.iat! + 1800,
    });
    // The exchanged token is what the portal endpoints take.
    expect((await h.call('/authentication/api/v1/systemregister', { token: res.text })).status).toBe(200);
  });

  it('maps ID-porten levels and refuses tokens it cannot use', async () => {
    expect([authLevelOf('idporten-loa-low'), authLevelOf('idporten-loa-substantial'), authLevelOf('idporten-loa-high'), authLevelOf('Level4')]).toEqual([0, 3, 4, 4]);
    const high = await exchange('id-porten', await h.idporten(PERSON.tone, { acr: 'idporten-loa-high' }));
    expect(decodeJwt(high.text)['urn:altinn:authlevel']).toBe(4);
    const noAltinnScope = await exchange('id-porten', await h.idporten(PERSON.pia, { scope: 'openid profile' }));
    expect([noAltinnScope.status, noAltinnScope.text]).toEqual([403, '']);
    const unknownPerson = await exchange('id-porten', await h.idporten('01010112345'));
    expect(unknownPerson.status).toBe(401);
    const maskinporten = await exchange('id-porten', await h.maskinporten(ORG.smartcloud, 'altinn:x'));
    expect(maskinporten.status).toBe(401);
  });
});
