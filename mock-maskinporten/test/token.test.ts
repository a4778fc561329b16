// POST /token: the form, every grant check in the real order with its exact error, and the
// issued token's exact shape. Discovery and /jwk too, since a client starts there.
import { randomUUID } from 'node:crypto';
import { CompactSign, createRemoteJWKSet, compactVerify } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Testbed } from '@testbed/common/service';
import { api as apiOf, control, decodePart, expectError, issuerOf, JWT_BEARER, makeKey, moveClock, Org, postForm, postGrant, serverNow, sign, startMaskinporten } from './harness.js';

const SMARTCLOUD = '310000027';
const SKATTEETATEN = '974761076';
const ROR_OG_VANN = '310000019';
const TALLMAKERNE = '310000035';

let tb: Testbed;
let vendor: Org;
let skatteetaten: Org;
let skeToken: string;

const api = (path: string, token: string, method = 'GET', body?: unknown) => apiOf(tb, path, token, method, body);

beforeAll(async () => {
  tb = await startMaskinporten({ altinn: false });
  vendor = await Org.onboard(tb, SMARTCLOUD, ['altinn:authentication/systemuser.request.read']);
  skatteetaten = await Org.onboard(tb, SKATTEETATEN);
  skeToken = await skatteetaten.accessToken();
});
afterAll(() => tb.close());

describe('discovery', () => {
  it('serves RFC 8414 metadata with the issuer (trailing slash) and /jwk', async () => {
    const res = await fetch(`${tb.urls.maskinporten}/.well-known/oauth-authorization-server`);
    expect(await res.json()).toEqual({
      issuer: issuerOf(tb),
      token_endpoint: `${tb.urls.maskinporten}/token`,
      jwks_uri: `${tb.urls.maskinporten}/jwk`,
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      grant_types_supported: [JWT_BEARER],
      token_endpoint_auth_signing_alg_values_supported: ['RS256', 'RS384', 'RS512'],
      authorization_details_types_supported: ['urn:altinn:systemuser', 'urn:altinn:consent'],
    });
  });

  it('publishes public keys only at /jwk', async () => {
    const { keys } = (await (await fetch(`${tb.urls.maskinporten}/jwk`)).json()) as { keys: Record<string, unknown>[] };
    expect(keys).toHaveLength(1);
    expect(Object.keys(keys[0]!).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n']);
    expect(keys[0]!.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('explains an MP-code at its error_uri', async () => {
    const res = await fetch(`${tb.urls.maskinporten}/errors/MP-012`);
    expect(await res.json()).toMatchObject({ code: 'MP-012', error: 'invalid_grant', error_description: 'Grant is used before' });
    expect((await fetch(`${tb.urls.maskinporten}/errors/MP-999`)).status).toBe(404);
  });
});

describe('the issued token', () => {
  it('has the real header, claim order, values and response', async () => {
    const res = await vendor.token({ scope: 'idporten:dcr.read altinn:authentication/systemuser.request.read' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['access_token', 'token_type', 'expires_in', 'scope']);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 120, scope: 'idporten:dcr.read altinn:authentication/systemuser.request.read' });
    const token = body.access_token as string;
    const header = decodePart(token, 0);
    const { keys } = (await (await fetch(`${tb.urls.maskinporten}/jwk`)).json()) as { keys: { kid: string }[] };
    expect(header).toEqual({ kid: keys[0]!.kid, alg: 'RS256' });
    expect(Object.keys(header)).toEqual(['kid', 'alg']);
    const claims = decodePart(token, 1);
    expect(Object.keys(claims)).toEqual(['scope', 'iss', 'client_amr', 'token_type', 'exp', 'iat', 'client_id', 'jti', 'consumer']);
    expect(claims).toMatchObject({
      scope: 'idporten:dcr.read altinn:authentication/systemuser.request.read',
      iss: issuerOf(tb),
      client_amr: 'private_key_jwt',
      token_type: 'Bearer',
      client_id: vendor.clientId,
      consumer: { authority: 'iso6523-actorid-upis', ID: `0192:${SMARTCLOUD}` },
    });
    expect((claims.exp as number) - (claims.iat as number)).toBe(120);
    expect(claims.jti).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await compactVerify(token, createRemoteJWKSet(new URL(`${tb.urls.maskinporten}/jwk`)));
  });

  it('adds aud only for resource, and pid, after consumer', async () => {
    const withResource = (await (await vendor.token({ resource: ['https://api.example/'], pid: '12837849150' })).json()) as { access_token: string };
    const claims = decodePart(withResource.access_token, 1);
    expect(Object.keys(claims).slice(-3)).toEqual(['consumer', 'aud', 'pid']);
    expect(claims).toMatchObject({ aud: 'https://api.example/', pid: '12837849150' });
    const two = (await (await vendor.token({ resource: ['https://a.example/', 'https://b.example/'] })).json()) as { access_token: string };
    expect(decodePart(two.access_token, 1).aud).toEqual(['https://a.example/', 'https://b.example/']);
    const plain = (await (await vendor.token()).json()) as { access_token: string };
    expect(decodePart(plain.access_token, 1)).not.toHaveProperty('aud');
  });

  it('lives min(client access_token_lifetime, scope at_max_age)', async () => {
    await api('/scopes', skeToken, 'POST', { prefix: 'skatteetaten', subscope: 'shortlived', description: 'Short', at_max_age: 60, accessible_for_all: true });
    const org = await Org.onboard(tb, TALLMAKERNE);
    const orgToken = await org.accessToken();
    const expiresIn = async (scope: string) => ((await (await org.token({ scope })).json()) as { expires_in: number }).expires_in;
    expect(await expiresIn('idporten:dcr.read')).toBe(120);
    expect((await api(`/clients/${org.clientId}`, orgToken, 'PUT', { access_token_lifetime: 300, scopes: ['idporten:dcr.read', 'idporten:dcr.write', 'idporten:dcr.modify', 'idporten:scopes.write', 'skatteetaten:shortlived'] })).status).toBe(200);
    expect(await expiresIn('idporten:dcr.read')).toBe(300);
    expect(await expiresIn('idporten:dcr.read skatteetaten:shortlived')).toBe(60);
    await api(`/clients/${org.clientId}`, orgToken, 'PUT', { access_token_lifetime: 90 });
    expect(await expiresIn('idporten:dcr.read')).toBe(90);
  });

  it('works with a real OAuth client library (openid-client discovery + JWT-bearer grant)', async () => {
    const config = await oidc.discovery(new URL(issuerOf(tb)), vendor.clientId, undefined, undefined, {
      algorithm: 'oauth2',
      execute: [oidc.allowInsecureRequests],
    });
    expect(config.serverMetadata().token_endpoint).toBe(`${tb.urls.maskinporten}/token`);
    const tokens = await oidc.genericGrantRequest(config, JWT_BEARER, { assertion: await vendor.grant() });
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.expires_in).toBe(120);
    expect(decodePart(tokens.access_token, 1).client_id).toBe(vendor.clientId);
  });

  it('counts token requests per client at /_testbed/stats', async () => {
    const before = (await (await control(tb, '/stats', undefined, 'GET')).json()) as { clients: { client_id: string; requests: number; issued: number; refused: number }[] };
    const mine = before.clients.find((c) => c.client_id === vendor.clientId)!;
    await vendor.token({ scope: 'altinn:authorization/authorize' });
    await vendor.token();
    const after = (await (await control(tb, '/stats', undefined, 'GET')).json()) as { clients: { client_id: string; requests: number; issued: number; refused: number; refusals: Record<string, number> }[] };
    const now = after.clients.find((c) => c.client_id === vendor.clientId)!;
    expect(now.requests - mine.requests).toBe(2);
    expect(now.issued - mine.issued).toBe(1);
    expect(now.refusals['MP-200']).toBeGreaterThanOrEqual(1);
  });
});

describe('the token request form', () => {
  it('answers a JSON body with a helpful 400', async () => {
    const res = await fetch(`${tb.urls.maskinporten}/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: JWT_BEARER, assertion: 'x' }) });
    const body = await expectError(tb, res, {
      error: 'invalid_request',
      description: 'The token request must be sent as application/x-www-form-urlencoded with grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer and assertion=<the signed JWT grant>',
    });
    expect(body.mock_hint).toMatch(/the body is JSON/);
  });

  it('requires grant_type, the JWT-bearer grant type, and an assertion', async () => {
    await expectError(tb, await postForm(tb, { assertion: 'x' }), { error: 'invalid_request', description: 'Missing grant_type' });
    await expectError(tb, await postForm(tb, { grant_type: 'client_credentials', assertion: 'x' }), {
      error: 'unsupported_grant_type',
      description: 'Unsupported grant_type. Maskinporten supports urn:ietf:params:oauth:grant-type:jwt-bearer',
    });
    await expectError(tb, await postForm(tb, { grant_type: JWT_BEARER }), { error: 'invalid_request', description: 'Missing assertion' });
  });

  it('refuses a repeated parameter and a non-JWT assertion (MP-011)', async () => {
    const twice = await fetch(`${tb.urls.maskinporten}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `grant_type=${JWT_BEARER}&grant_type=x&assertion=y` });
    await expectError(tb, twice, { error: 'invalid_request', description: 'Parameter grant_type is given more than once' });
    await expectError(tb, await postGrant(tb, 'not-a-jwt'), { error: 'invalid_request', description: 'Invalid assertion. Invalid parameter value', code: 'MP-011' });
    const arrayPayload = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from('[1]').toString('base64url')}.sig`;
    await expectError(tb, await postGrant(tb, arrayPayload), { error: 'invalid_request', description: 'Invalid assertion. Invalid parameter value', code: 'MP-011' });
  });
});

describe('grant checks, in order', () => {
  it('2. alg must be RS256, RS384 or RS512', async () => {
    const hs = await new CompactSign(new TextEncoder().encode(JSON.stringify(await vendor.claims()))).setProtectedHeader({ alg: 'HS256', kid: vendor.key.kid }).sign(new Uint8Array(32));
    await expectError(tb, await postGrant(tb, hs), { error: 'invalid_grant', description: 'Invalid assertion. Client authentication failed. Invalid JWT. Unsupported signing algorithm' });
  });

  it('2. accepts RS384 and RS512 with keys registered for them', async () => {
    const k384 = await makeKey(undefined, 'RS384');
    const k512 = await makeKey(undefined, 'RS512');
    const org = await Org.onboard(tb, '312000008', [], 'algs', k384);
    await control(tb, '/onboarding', { orgno: '312000008', client_name: 'algs', jwks: { keys: [k384.publicJwk, k512.publicJwk] }, scopes: [] });
    expect((await org.token()).status).toBe(200);
    const grant512 = await sign(await org.claims(), { alg: 'RS512', kid: k512.kid }, k512.privateKey);
    expect((await postGrant(tb, grant512)).status).toBe(200);
  });

  it('3. MP-100 for an unknown client', async () => {
    const res = await vendor.token({ iss: randomUUID() });
    const body = await expectError(tb, res, { error: 'invalid_grant', description: 'Invalid assertion. Client authentication failed.', code: 'MP-100' });
    expect(body.mock_hint).toMatch(/no client with client_id/);
  });

  it('3. MP-100 for a deleted (deactivated) client', async () => {
    const org = await Org.onboard(tb, '313000001', [], 'to-be-deleted');
    const token = await org.accessToken();
    expect((await api(`/clients/${org.clientId}`, token, 'DELETE')).status).toBe(200);
    await expectError(tb, await org.token(), { error: 'invalid_grant', description: 'Invalid assertion. Client authentication failed.', code: 'MP-100' });
  });

  it('4. MP-110 when aud is the token endpoint, with the expected value in the hint', async () => {
    const res = await vendor.token({ aud: `${tb.urls.maskinporten}/token` });
    const body = await expectError(tb, res, { error: 'invalid_grant', description: 'Invalid assertion. Client authentication failed. Invalid JWT claim aud', code: 'MP-110' });
    expect(body.mock_hint).toBe(`expected aud "${issuerOf(tb)}", got "${tb.urls.maskinporten}/token": the token endpoint URL is no longer accepted as aud`);
    expect((await expectError(tb, await vendor.token({ aud: tb.urls.maskinporten }), { error: 'invalid_grant', description: 'Invalid assertion. Client authentication failed. Invalid JWT claim aud', code: 'MP-110' })).mock_hint).toMatch(/trailing slash/);
    expect((await expectError(tb, await vendor.token({ aud: [issuerOf(tb)] }), { error: 'invalid_grant', description: 'Invalid assertion. Client authentication failed. Invalid JWT claim aud', code: 'MP-110' })).mock_hint).toMatch(/single string/);
  });

  it('5. an unknown kid', async () => {
    const res = await vendor.token({}, { kid: 'not-registered' });
    const body = await expectError(tb, res, { error: 'invalid_grant', description: 'Invalid assertion. Client authentication failed. Unknown key identifier (kid) for client' });
    expect(body.mock_hint).toContain(vendor.key.kid);
  });

  it('5. MP-121 when the registered key has expired (one year after upload)', async () => {
    try {
      await moveClock(tb, 366 * 86400);
      await expectError(tb, await vendor.token(), { error: 'invalid_grant', description: 'Invalid assertion. Client authentication failed. Expired key', code: 'MP-121' });
    } finally {
      await moveClock(tb, 0);
    }
  });

  it('5. a JWK client sending x5c without kid', async () => {
    const grant = await sign(await vendor.claims(), { alg: 'RS256', x5c: ['MIIB'] }, vendor.key.privateKey);
    await expectError(tb, await postGrant(tb, grant), {
      error: 'invalid_grant',
      description: 'Invalid assertion. Client authentication failed. Invalid JWT. The client requires pre-registered jwk and no key identifier (kid) provided',
    });
  });

  it('6. MP-124 when the signature does not verify with the registered key', async () => {
    const other = await makeKey(vendor.key.kid);
    const grant = await sign(await vendor.claims(), { alg: 'RS256', kid: vendor.key.kid }, other.privateKey);
    await expectError(tb, await postGrant(tb, grant), { error: 'invalid_grant', description: 'Invalid JWT signature', code: 'MP-124' });
  });

  it('7. too long lifetime (180 s accepted, 181 s refused), then iat in the future, then exp (MP-130)', async () => {
    const now = await serverNow(tb);
    expect((await vendor.token({ iat: now, exp: now + 180 })).status).toBe(200);
    const long = await vendor.token({ iat: now, exp: now + 181 });
    expect((await expectError(tb, long, { error: 'invalid_grant', description: 'JWT has too long lifetime' })).mock_hint).toMatch(/181 s; at most 180 s/);
    await expectError(tb, await vendor.token({ iat: now + 30, exp: now + 90 }), { error: 'invalid_grant', description: 'Issue time is in the future' });
    expect((await vendor.token({ iat: now + 5, exp: now + 60 })).status).toBe(200);
    await expectError(tb, await vendor.token({ iat: now - 100, exp: now - 20 }), { error: 'invalid_grant', description: 'JWT has expired', code: 'MP-130' });
    expect((await vendor.token({ iat: now - 100, exp: now - 5 })).status).toBe(200);
    // The order: an expired grant that is also too long is told about the lifetime first.
    await expectError(tb, await vendor.token({ iat: now - 500, exp: now - 100 }), { error: 'invalid_grant', description: 'JWT has too long lifetime' });
  });

  it('7. iat and exp must be numbers (MP-011)', async () => {
    await expectError(tb, await vendor.token({ iat: 'now' }), { error: 'invalid_request', description: 'Invalid assertion. Invalid parameter value', code: 'MP-011' });
  });

  it('8. MP-012 when a grant is used twice', async () => {
    const grant = await vendor.grant();
    expect((await postGrant(tb, grant)).status).toBe(200);
    await expectError(tb, await postGrant(tb, grant), { error: 'invalid_grant', description: 'Grant is used before', code: 'MP-012' });
  });

  it('9. unknown claims pass outside strict mode', async () => {
    expect((await vendor.token({ sub: vendor.clientId, foo: 'bar' })).status).toBe(200);
  });

  it('10. MP-200 for a scope not registered on the client, naming it', async () => {
    const body = await expectError(tb, await vendor.token({ scope: 'idporten:dcr.read altinn:authorization/authorize' }), {
      error: 'invalid_scope',
      description: 'Token request contains invalid scopes for client, altinn:authorization/authorize',
      code: 'MP-200',
    });
    expect(body.mock_hint).toMatch(/not registered on client/);
    await expectError(tb, await vendor.token({ scope: 'nope:missing' }), { error: 'invalid_scope', description: 'Token request contains invalid scopes for client, nope:missing', code: 'MP-200' });
    await expectError(tb, await vendor.token({ scope: ' ' }), { error: 'invalid_scope', description: 'Token request contains no scope' });
  });

  it('10. MP-201 for a scope that does not allow maskinporten', async () => {
    await api('/scopes', skeToken, 'POST', { prefix: 'skatteetaten', subscope: 'personlogin', description: 'ID-porten only', allowed_integration_types: ['idporten'] });
    await api(`/clients/${skatteetaten.clientId}`, skeToken, 'PUT', { scopes: ['idporten:dcr.read', 'idporten:dcr.write', 'idporten:dcr.modify', 'idporten:scopes.write', 'skatteetaten:personlogin'] });
    await expectError(tb, await skatteetaten.token({ scope: 'skatteetaten:personlogin' }), {
      error: 'invalid_scope',
      description: 'Token request contains scopes not allowed for maskinporten',
      code: 'MP-201',
    });
  });

  it('10. MP-250 (403 forbidden) when the owner revokes the consumer, and accessible_for_all opens a scope', async () => {
    await api('/scopes', skeToken, 'POST', { prefix: 'skatteetaten', subscope: 'kravogbetalinger', description: 'Krav og betalinger' });
    expect((await api(`/scopes/access/${SMARTCLOUD}?scope=skatteetaten:kravogbetalinger`, skeToken, 'PUT')).status).toBe(200);
    const vendorToken = await vendor.accessToken();
    const client = (await (await api(`/clients/${vendor.clientId}`, vendorToken)).json()) as { scopes: string[] };
    expect((await api(`/clients/${vendor.clientId}`, vendorToken, 'PUT', { scopes: [...client.scopes, 'skatteetaten:kravogbetalinger'] })).status).toBe(200);
    expect((await vendor.token({ scope: 'skatteetaten:kravogbetalinger' })).status).toBe(200);
    expect((await api(`/scopes/access/${SMARTCLOUD}?scope=skatteetaten:kravogbetalinger`, skeToken, 'DELETE')).status).toBe(204);
    const body = await expectError(tb, await vendor.token({ scope: 'skatteetaten:kravogbetalinger' }), {
      status: 403,
      error: 'forbidden',
      description: 'Consumer has not been granted access to the scope skatteetaten:kravogbetalinger.',
      code: 'MP-250',
    });
    expect(body.mock_hint).toContain(`PUT /api/v1/scopes/access/${SMARTCLOUD}`);
    await api('/scopes?scope=skatteetaten:kravogbetalinger', skeToken, 'PUT', { accessible_for_all: true });
    expect((await vendor.token({ scope: 'skatteetaten:kravogbetalinger' })).status).toBe(200);
  });

  it('11. consumer_org: own org, scope without delegation_source, MP-251, then a delegated token', async () => {
    const altinnIssuer = `${tb.urls.altinn}/`;
    const created = await api('/scopes', skeToken, 'POST', { prefix: 'skatteetaten', subscope: 'delegert', description: 'Delegable', delegation_source: altinnIssuer });
    expect(created.status).toBe(201);
    await api(`/scopes/access/${ROR_OG_VANN}?scope=skatteetaten:delegert`, skeToken, 'PUT');
    const combination = 'Validation of JWT claim failed: The combination consumer_org in claim and delegation scope on client is invalid';
    await expectError(tb, await vendor.token({ scope: 'skatteetaten:delegert', consumer_org: SMARTCLOUD }), { status: 403, error: 'forbidden', description: 'Consumer has not been granted access to the scope skatteetaten:delegert.', code: 'MP-250' });
    await api(`/scopes/access/${SMARTCLOUD}?scope=skatteetaten:delegert`, skeToken, 'PUT');
    await expectError(tb, await vendor.token({ scope: 'skatteetaten:delegert', consumer_org: SMARTCLOUD }), { error: 'invalid_request', description: combination });
    await expectError(tb, await vendor.token({ scope: 'idporten:dcr.read', consumer_org: ROR_OG_VANN }), { status: 403, error: 'forbidden', description: 'Consumer has not been granted access to the scope idporten:dcr.read.', code: 'MP-250' });
    await control(tb, '/onboarding', { orgno: ROR_OG_VANN, client_name: 'ror', jwks: { keys: [(await makeKey()).publicJwk] }, scopes: [] });
    await expectError(tb, await vendor.token({ scope: 'idporten:dcr.read', consumer_org: ROR_OG_VANN }), { error: 'invalid_request', description: combination });
    const notDelegated = await vendor.token({ scope: 'skatteetaten:delegert', consumer_org: ROR_OG_VANN });
    await expectError(tb, notDelegated, {
      status: 403,
      error: 'forbidden',
      description: `Consumer ${ROR_OG_VANN} has not delegated access to the scope skatteetaten:delegert to supplier ${SMARTCLOUD}.`,
      code: 'MP-251',
    });
    expect((await control(tb, '/delegations', { consumer_orgno: ROR_OG_VANN, supplier_orgno: SMARTCLOUD, scope: 'skatteetaten:delegert' })).status).toBe(201);
    const ok = await vendor.token({ scope: 'skatteetaten:delegert', consumer_org: ROR_OG_VANN });
    expect(ok.status).toBe(200);
    const claims = decodePart(((await ok.json()) as { access_token: string }).access_token, 1);
    expect(Object.keys(claims)).toEqual(['scope', 'iss', 'client_amr', 'token_type', 'exp', 'iat', 'client_id', 'jti', 'consumer', 'supplier', 'delegation_source']);
    expect(claims).toMatchObject({
      consumer: { authority: 'iso6523-actorid-upis', ID: `0192:${ROR_OG_VANN}` },
      supplier: { authority: 'iso6523-actorid-upis', ID: `0192:${SMARTCLOUD}` },
      delegation_source: altinnIssuer,
    });
  });

  it('11. consumer_org must be a valid organisation number string (MP-011)', async () => {
    await expectError(tb, await vendor.token({ consumer_org: 310000019 }), { error: 'invalid_request', description: 'Invalid assertion. Invalid parameter value', code: 'MP-011' });
    await expectError(tb, await vendor.token({ consumer_org: '310000010' }), { error: 'invalid_request', description: 'Invalid assertion. Invalid parameter value', code: 'MP-011' });
  });
});

describe('strict mode', () => {
  let strict: Testbed;
  let org: Org;
  beforeAll(async () => {
    strict = await startMaskinporten({ altinn: false, env: { TESTBED_STRICT: 'true', MASKINPORTEN_DOCS_STRICT: 'true' } });
    org = await Org.onboard(strict, SMARTCLOUD);
  });
  afterAll(() => strict.close());

  it('refuses unknown claims (MP-011) and gives no mock_hint', async () => {
    const body = await expectError(strict, await org.token({ foo: 'bar' }), { error: 'invalid_request', description: 'Invalid assertion. Invalid parameter value', code: 'MP-011' });
    expect(body).not.toHaveProperty('mock_hint');
    expect((await org.token({ sub: org.clientId })).status).toBe(200);
  });

  it('accepts at most 120 s grant lifetime in docs-strict mode', async () => {
    const now = await serverNow(strict);
    expect((await org.token({ iat: now, exp: now + 120 })).status).toBe(200);
    await expectError(strict, await org.token({ iat: now, exp: now + 121 }), { error: 'invalid_grant', description: 'JWT has too long lifetime' });
  });
});
