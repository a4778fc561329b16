import { maskinportenIssuer } from '@testbed/common/config';
import { Clock } from '@testbed/common/clock';
import { createServiceFetch } from '@testbed/common/http-client';
import { iso6523 } from '@testbed/common/identifiers';
import { Journal } from '@testbed/common/journal';
import { KeyRing } from '@testbed/common/keys';
import { startTestbed, type Testbed } from '@testbed/common/service';
import { ORG } from '@testbed/common/world';
import { decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SCOPE } from '../src/auth/token.js';
import { createSkatteetaten } from '../src/service.js';
import { ensureClient } from '../src/setup/client.js';
import { createFakeAltinn } from './fakes/altinn.js';
import { createFakeMaskinporten } from './fakes/maskinporten.js';
import { callApi, control, decide, signedToken, startPermitted, startWithFakes, SYSTEM_USER, systemUserToken } from './testbed.js';
import { expectFeil } from './expect-feil.js';

const path = `/v1/regnskapssystem/${ORG.rorOgVann}/aapnekrav`;

/** Claims of a system-user token as Maskinporten issues them, for variations. */
function systemUserClaims(tb: Testbed, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const iat = Math.floor(Date.now() / 1000);
  return {
    authorization_details: [{ type: 'urn:altinn:systemuser', systemuser_org: iso6523(SYSTEM_USER.org), systemuser_id: [SYSTEM_USER.id], system_id: SYSTEM_USER.systemId }],
    scope: SCOPE,
    iss: maskinportenIssuer(tb.config),
    client_amr: 'private_key_jwt',
    token_type: 'Bearer',
    exp: iat + 120,
    iat,
    client_id: 'vendor-client',
    jti: 'jti-1',
    consumer: iso6523(ORG.smartcloud),
    ...overrides,
  };
}

describe('the Maskinporten token', () => {
  let tb: Testbed;
  beforeAll(async () => {
    ({ tb } = await startPermitted());
  });
  afterAll(() => tb.close());

  it('is required: KB-004 (401) with a Bearer challenge without one', async () => {
    const res = await callApi(tb, path);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    await expectFeil(res, 401, 'KB-004', /No "Authorization: Bearer/);
  });

  it('must be a well-formed JWT', async () => {
    await expectFeil(await callApi(tb, path, { token: 'not-a-jwt' }), 401, 'KB-004', /malformed/);
  });

  it('must be signed with Maskinporten’s key', async () => {
    const real = await systemUserToken(tb);
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(systemUserClaims(tb)).setProtectedHeader({ alg: 'RS256', kid: decodeProtectedHeader(real).kid! }).sign(privateKey);
    await expectFeil(await callApi(tb, path, { token: forged }), 401, 'KB-004', /signature/);
    const unknownKid = await new SignJWT(systemUserClaims(tb)).setProtectedHeader({ alg: 'RS256', kid: 'someone-else' }).sign(privateKey);
    await expectFeil(await callApi(tb, path, { token: unknownKid }), 401, 'KB-004', /signature/);
    const hmac = await new SignJWT(systemUserClaims(tb)).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('x'.repeat(32)));
    await expectFeil(await callApi(tb, path, { token: hmac }), 401, 'KB-004');
  });

  it('must come from Maskinporten’s issuer', async () => {
    const token = await signedToken(tb, systemUserClaims(tb, { iss: 'https://test.maskinporten.no/' }));
    await expectFeil(await callApi(tb, path, { token }), 401, 'KB-004', /issuer/);
  });

  it('must not have expired on the test-bed clock', async () => {
    const token = await systemUserToken(tb);
    expect((await callApi(tb, path, { token })).status).toBe(200);
    await control(tb.urls.skatteetaten, '/clock', { advanceSeconds: 121 }, 'PUT');
    try {
      await expectFeil(await callApi(tb, path, { token }), 401, 'KB-004', /expired/);
    } finally {
      await control(tb.urls.skatteetaten, '/clock', { offsetSeconds: 0 }, 'PUT');
    }
    expect((await callApi(tb, path, { token })).status).toBe(200);
  });

  it('must carry the scope skatteetaten:kravogbetalinger: DAS-008 (403) otherwise', async () => {
    const token = await systemUserToken(tb, { scopes: ['skatteetaten:annet', 'skatteetaten:kravogbetalinger.read'] });
    await expectFeil(await callApi(tb, path, { token }), 403, 'DAS-008', /does not include skatteetaten:kravogbetalinger/);
    const both = await systemUserToken(tb, { scopes: ['skatteetaten:annet', SCOPE] });
    expect((await callApi(tb, path, { token: both })).status).toBe(200);
  });

  it('must be a system-user token on regnskapssystem', async () => {
    const { authorization_details: _details, ...orgToken } = systemUserClaims(tb);
    await expectFeil(await callApi(tb, path, { token: await signedToken(tb, orgToken) }), 403, 'DAS-008', /not a system-user token/);
    const otherType = systemUserClaims(tb, { authorization_details: [{ type: 'ansattporten:altinn:service', resource: 'x' }] });
    await expectFeil(await callApi(tb, path, { token: await signedToken(tb, otherType) }), 403, 'DAS-008', /no entry of type urn:altinn:systemuser/);
    const badId = systemUserClaims(tb, { authorization_details: [{ type: 'urn:altinn:systemuser', systemuser_org: iso6523(SYSTEM_USER.org), systemuser_id: 'x' }] });
    await expectFeil(await callApi(tb, path, { token: await signedToken(tb, badId) }), 403, 'DAS-008', /systemuser_id/);
  });

  it('may write systemuser_org with id in any case, as docs do', async () => {
    for (const org of [{ authority: 'iso6523-actorid-upis', id: `0192:${SYSTEM_USER.org}` }, { Authority: 'iso6523-actorid-upis', Id: `0192:${SYSTEM_USER.org}` }]) {
      const claims = systemUserClaims(tb, { authorization_details: [{ type: 'urn:altinn:systemuser', systemuser_org: org, systemuser_id: [SYSTEM_USER.id] }] });
      expect((await callApi(tb, path, { token: await signedToken(tb, claims) })).status).toBe(200);
    }
  });

  it('still verifies after Maskinporten rotates its key (the JWKS is fetched again for a new kid)', async () => {
    const before = await systemUserToken(tb);
    expect((await callApi(tb, path, { token: before })).status).toBe(200);
    const rotated = (await (await control(tb.urls.maskinporten, '/keys/rotate', {})).json()) as { previous_kid: string; active_kid: string };
    const after = await systemUserToken(tb);
    expect(decodeProtectedHeader(after).kid).toBe(rotated.active_kid);
    // The JWKS cache refetches at most once a second (jose's cooldown).
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await callApi(tb, path, { token: after })).status).toBe(200);
    expect((await callApi(tb, path, { token: before })).status).toBe(200);
  });
});

describe('the PDP decision', () => {
  let tb: Testbed;
  let token: string;
  beforeAll(async () => {
    tb = await startWithFakes();
    token = await systemUserToken(tb);
  });
  afterAll(() => tb.close());

  it('Permit gives the claims', async () => {
    await decide(tb, 'Permit');
    expect((await callApi(tb, path, { token })).status).toBe(200);
  });

  it.each(['NotApplicable', 'Deny', 'Indeterminate'] as const)('%s gives DAS-008 (403), naming the decision in the hint', async (decision) => {
    await decide(tb, decision);
    const res = await callApi(tb, path, { token });
    await expectFeil(res, 403, 'DAS-008', new RegExp(`^PDP decision ${decision} `));
  });

  it('is asked about the party in the path: an agent system user reads its client', async () => {
    const agent = { systemUserId: '8f7c2a43-6a4e-4f55-9d43-8e0c35c1d0b2', systemUserOrg: ORG.tallmakerne };
    const agentToken = await systemUserToken(tb, agent);
    await decide(tb, 'Permit', agent.systemUserId, ORG.rorOgVann);
    expect((await callApi(tb, `/v1/regnskapssystem/${ORG.rorOgVann}/aapnekrav`, { token: agentToken })).status).toBe(200);
    await expectFeil(await callApi(tb, `/v1/regnskapssystem/${ORG.tallmakerne}/aapnekrav`, { token: agentToken }), 403, 'DAS-008', /owned by 310000035\) on party 310000035,/);
  });

  it('uses one exchanged Altinn token until it is near expiry', async () => {
    await decide(tb, 'Permit');
    await control(tb.urls.altinn, '/journal', undefined, 'DELETE');
    for (let i = 0; i < 5; i++) expect((await callApi(tb, path, { token })).status).toBe(200);
    const exchanges = async () =>
      ((await (await control(tb.urls.altinn, '/journal')).json()) as { entries: { path: string }[] }).entries.filter((e) => e.path.startsWith('/authentication/api/v1/exchange')).length;
    expect(await exchanges()).toBe(0);
    // Altinn tokens live 30 minutes: 29.5 minutes later Skatteetaten exchanges a new one.
    await control(tb.urls.skatteetaten, '/clock', { advanceSeconds: 1770 }, 'PUT');
    try {
      expect((await callApi(tb, path, { token: await systemUserToken(tb) })).status).toBe(401);
      await control(tb.urls.maskinporten, '/clock', { advanceSeconds: 1770 }, 'PUT');
      expect((await callApi(tb, path, { token: await systemUserToken(tb) })).status).toBe(200);
      expect(await exchanges()).toBe(1);
    } finally {
      await control(tb.urls.skatteetaten, '/clock', { offsetSeconds: 0 }, 'PUT');
      await control(tb.urls.maskinporten, '/clock', { offsetSeconds: 0 }, 'PUT');
    }
  });
});

describe('outages of Altinn and Maskinporten give KB-002 (500), promptly', () => {
  let tb: Testbed;
  let token: string;
  beforeAll(async () => {
    ({ tb, token } = await startPermitted());
  });
  afterEach(async () => {
    await control(tb.urls.altinn, '/faults', undefined, 'DELETE');
    await control(tb.urls.maskinporten, '/faults', undefined, 'DELETE');
    await control(tb.urls.altinn, '/pdp/malformed', { on: false });
  });
  afterAll(() => tb.close());

  it('the PDP answering 5xx', async () => {
    await control(tb.urls.altinn, '/faults', { path: '/authorization/api/v1/authorize', status: 500 });
    await expectFeil(await callApi(tb, path, { token }), 500, 'KB-002', /PDP answered HTTP 500/);
  });

  it('the PDP answering something that is not a XACML response', async () => {
    await control(tb.urls.altinn, '/pdp/malformed', { on: true });
    await expectFeil(await callApi(tb, path, { token }), 500, 'KB-002', /not an XACML JSON response/);
  });

  it('the PDP dropping the connection', async () => {
    await control(tb.urls.altinn, '/faults', { path: '/authorization/api/v1/authorize', drop: true });
    await expectFeil(await callApi(tb, path, { token }), 500, 'KB-002', /authorize/);
  });

  it('the PDP hanging: Skatteetaten gives up after 5 seconds', async () => {
    await control(tb.urls.altinn, '/faults', { path: '/authorization/api/v1/authorize', latencyMs: 8000, times: 1 });
    const started = Date.now();
    await expectFeil(await callApi(tb, path, { token }), 500, 'KB-002', /timed out/);
    expect(Date.now() - started).toBeLessThan(6500);
  });

  it('the token exchange failing', async () => {
    // A reset drops the cached Altinn token, so the next call exchanges again.
    await control(tb.urls.skatteetaten, '/reset', {});
    await control(tb.urls.altinn, '/faults', { path: '/authentication/api/v1/exchange/maskinporten', status: 503, times: 1 });
    await expectFeil(await callApi(tb, path, { token }), 500, 'KB-002', /Altinn token exchange failed with HTTP 503/);
    expect((await callApi(tb, path, { token })).status).toBe(200);
  });

  it('Maskinporten refusing Skatteetaten’s own token', async () => {
    await tb.restart('skatteetaten');
    await control(tb.urls.maskinporten, '/faults', { path: '/token', status: 500, times: 1 });
    await expectFeil(await callApi(tb, path, { token }), 500, 'KB-002', /could not get its Altinn token for the PDP: 500/);
    expect((await callApi(tb, path, { token })).status).toBe(200);
  });

  it('Maskinporten’s /jwk failing when the keys must be fetched', async () => {
    await tb.restart('skatteetaten');
    await control(tb.urls.maskinporten, '/faults', { path: '/jwk', status: 500 });
    await expectFeil(await callApi(tb, path, { token }), 500, 'KB-002', /keys could not be fetched/);
  });
});

describe('without Altinn or Maskinporten running', () => {
  it('answers KB-002 when Altinn refuses connections', async () => {
    const tb = await startTestbed({ skatteetaten: createSkatteetaten, maskinporten: createFakeMaskinporten });
    try {
      const fetch = createServiceFetch({ service: 'skatteetaten', journal: new Journal('test') });
      await ensureClient(tb.config, fetch, new Clock());
      await expectFeil(await callApi(tb, path, { token: await systemUserToken(tb) }), 500, 'KB-002', /ECONNREFUSED/);
    } finally {
      await tb.close();
    }
  });

  it('answers KB-002 when Maskinporten’s /jwk is unreachable', async () => {
    const tb = await startTestbed({ skatteetaten: createSkatteetaten, altinn: createFakeAltinn });
    try {
      const keys = await KeyRing.open(tb.config.dataDir, 'stray-issuer', { bits: 2048, now: Date.now });
      await expectFeil(await callApi(tb, path, { token: await keys.sign(systemUserClaims(tb)) }), 500, 'KB-002', /keys could not be fetched/);
    } finally {
      await tb.close();
    }
  });

  it('answers KB-002 with a hint to run the setup when Skatteetaten has no client yet', async () => {
    const tb = await startTestbed({ skatteetaten: createSkatteetaten, maskinporten: createFakeMaskinporten, altinn: createFakeAltinn });
    try {
      await expectFeil(await callApi(tb, path, { token: await systemUserToken(tb) }), 500, 'KB-002', /npm run setup -w demo-skatteetaten-api/);
    } finally {
      await tb.close();
    }
  });
});
