// The self-service API (/api/v1): clients and keys, scopes, access, delegation sources; its
// authentication with Maskinporten tokens; and validation of what callers send.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Testbed } from '@testbed/common/service';
import { api as apiOf, control, expectError, issuerOf, makeKey, moveClock, Org, sign, startMaskinporten } from './harness.js';

const SMARTCLOUD = '310000027';
const SKATTEETATEN = '974761076';
const TALLMAKERNE = '310000035';
const SELF_SERVICE = ['idporten:dcr.read', 'idporten:dcr.write', 'idporten:dcr.modify', 'idporten:scopes.write'];

let tb: Testbed;
let vendor: Org;
let vendorToken: string;
let ske: Org;
let skeToken: string;

const api = (path: string, token: string | undefined, method = 'GET', body?: unknown, contentType?: string) => apiOf(tb, path, token, method, body, contentType);
const json = async <T = Record<string, unknown>>(res: Response) => (await res.json()) as T;
const newClient = (token: string, extra: Record<string, unknown> = {}) =>
  api('/clients', token, 'POST', { integration_type: 'maskinporten', client_name: 'my-system', description: 'Test', ...extra });

beforeAll(async () => {
  tb = await startMaskinporten({ altinn: false });
  vendor = await Org.onboard(tb, SMARTCLOUD, ['altinn:authorization/authorize']);
  vendorToken = await vendor.accessToken();
  ske = await Org.onboard(tb, SKATTEETATEN);
  skeToken = await ske.accessToken();
});
afterAll(() => tb.close());

describe('authentication', () => {
  it('401 without a token, with a WWW-Authenticate challenge', async () => {
    const res = await api('/clients', undefined);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="maskinporten-self-service"/);
    await expectError(tb, res, { status: 401, error: 'invalid_token', description: 'Missing bearer token' });
  });

  it('401 for a token not signed by Maskinporten, and for an expired one (test-bed clock)', async () => {
    const forged = await makeKey();
    const now = Math.floor(Date.now() / 1000);
    const fake = await sign({ iss: issuerOf(tb), scope: 'idporten:dcr.read', consumer: { authority: 'iso6523-actorid-upis', ID: `0192:${SMARTCLOUD}` }, iat: now, exp: now + 60 }, { alg: 'RS256', kid: forged.kid }, forged.privateKey);
    await expectError(tb, await api('/clients', fake), { status: 401, error: 'invalid_token', description: 'The access token is invalid' });
    try {
      await moveClock(tb, 3600);
      await expectError(tb, await api('/clients', vendorToken), { status: 401, error: 'invalid_token', description: 'The access token is invalid' });
    } finally {
      await moveClock(tb, 0);
    }
  });

  it('403 insufficient_scope for a token without the endpoint\'s scope', async () => {
    const readOnly = await vendor.accessToken('idporten:dcr.read');
    expect((await api('/clients', readOnly)).status).toBe(200);
    await expectError(tb, await newClient(readOnly), { status: 403, error: 'insufficient_scope', description: 'The access token lacks the scope idporten:dcr.write' });
    await expectError(tb, await api('/scopes', readOnly), { status: 403, error: 'insufficient_scope', description: 'The access token lacks the scope idporten:scopes.write' });
  });
});

describe('clients', () => {
  it('creates a client with a UUID client_id, reads and lists it', async () => {
    const res = await newClient(vendorToken, { scopes: ['altinn:authorization/authorize'] });
    expect(res.status).toBe(201);
    const client = await json(res);
    expect(client).toMatchObject({
      client_name: 'my-system',
      client_orgno: SMARTCLOUD,
      description: 'Test',
      integration_type: 'maskinporten',
      token_endpoint_auth_method: 'private_key_jwt',
      grant_types: ['urn:ietf:params:oauth:grant-type:jwt-bearer'],
      scopes: ['altinn:authorization/authorize'],
      access_token_lifetime: 120,
      active: true,
    });
    expect(client.client_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await json(await api(`/clients/${client.client_id}`, vendorToken))).toEqual(client);
    const list = await json<{ client_id: string }[]>(await api('/clients', vendorToken));
    expect(list.map((c) => c.client_id)).toContain(client.client_id);
    expect(list.every((c) => (c as unknown as { client_orgno: string }).client_orgno === SMARTCLOUD)).toBe(true);
  });

  it('hides other organisations\' clients', async () => {
    await expectError(tb, await api(`/clients/${vendor.clientId}`, skeToken), { status: 404, error: 'not_found', description: `No client ${vendor.clientId} for organisation ${SKATTEETATEN}` });
    expect((await json<{ client_id: string }[]>(await api('/clients', skeToken))).map((c) => c.client_id)).not.toContain(vendor.clientId);
  });

  it('updates a client partially', async () => {
    const { client_id } = await json<{ client_id: string }>(await newClient(vendorToken));
    const res = await api(`/clients/${client_id}`, vendorToken, 'PUT', { description: 'Changed', access_token_lifetime: 600 });
    expect(await json(res)).toMatchObject({ client_name: 'my-system', description: 'Changed', access_token_lifetime: 600 });
  });

  it('refuses a scope the organisation has no access to, naming its owner', async () => {
    await api('/scopes', skeToken, 'POST', { prefix: 'skatteetaten', subscope: 'closed', description: 'Closed' });
    const res = await newClient(vendorToken, { scopes: ['skatteetaten:closed', 'altinn:serviceowner', 'nope:gone'] });
    const body = await expectError(tb, res, {
      error: 'invalid_scope',
      description: `organisation ${SMARTCLOUD} has not been granted access to skatteetaten:closed; ask its owner (${SKATTEETATEN}) to grant it; organisation ${SMARTCLOUD} has not been granted access to altinn:serviceowner; ask its owner (991825827) to grant it; scope nope:gone does not exist`,
    });
    expect((body.validation_errors as { field: string }[]).map((f) => f.field)).toEqual(['scopes.0', 'scopes.1', 'scopes.2']);
  });

  it('deactivates on DELETE; inactive=TRUE lists it; it can no longer be changed', async () => {
    const { client_id } = await json<{ client_id: string }>(await newClient(vendorToken, { client_name: 'short-lived' }));
    const deleted = await json(await api(`/clients/${client_id}`, vendorToken, 'DELETE'));
    expect(deleted).toMatchObject({ client_id, active: false });
    expect((await json<{ client_id: string }[]>(await api('/clients', vendorToken))).map((c) => c.client_id)).not.toContain(client_id);
    expect((await json<{ client_id: string }[]>(await api('/clients?inactive=TRUE', vendorToken))).map((c) => c.client_id)).toContain(client_id);
    await expectError(tb, await api(`/clients/${client_id}`, vendorToken, 'PUT', { description: 'x' }), { error: 'invalid_request', description: `Client ${client_id} is deactivated` });
  });

  it('overwrites the key set and answers {keys, created, last_updated}', async () => {
    const { client_id } = await json<{ client_id: string }>(await newClient(vendorToken));
    const [a, b] = [await makeKey(), await makeKey()];
    const first = await api(`/clients/${client_id}/jwks`, vendorToken, 'POST', { keys: [a.publicJwk] });
    expect(first.status).toBe(201);
    const firstBody = await json<{ keys: { kid: string }[]; created: string; last_updated: string }>(first);
    expect(Object.keys(firstBody)).toEqual(['keys', 'created', 'last_updated']);
    const second = await json<{ keys: { kid: string }[]; created: string }>(await api(`/clients/${client_id}/jwks`, vendorToken, 'POST', { keys: [b.publicJwk] }));
    expect(second.keys.map((k) => k.kid)).toEqual([b.kid]);
    expect(second.created).toBe(firstBody.created);
    expect(await json(await api(`/clients/${client_id}/jwks`, vendorToken))).toEqual(second);
  });

  it('requires kid unique across all clients and within the set', async () => {
    const { client_id } = await json<{ client_id: string }>(await newClient(vendorToken));
    const taken = await api(`/clients/${client_id}/jwks`, vendorToken, 'POST', { keys: [{ ...(await makeKey(vendor.key.kid)).publicJwk }] });
    await expectError(tb, taken, { error: 'invalid_request', description: `Invalid key set: kid ${vendor.key.kid} is already registered on another client; kid must be unique across Maskinporten` });
    const k = await makeKey();
    const twice = await api(`/clients/${client_id}/jwks`, vendorToken, 'POST', { keys: [k.publicJwk, k.publicJwk] });
    expect((await json<{ validation_errors: unknown[] }>(twice)).validation_errors).toEqual([{ field: 'keys.1.kid', message: `kid ${k.kid} appears twice in the set` }]);
  });

  it('refuses private keys, small keys, non-RSA keys and more than 5 keys', async () => {
    const { client_id } = await json<{ client_id: string }>(await newClient(vendorToken));
    const k = await makeKey();
    const upload = (keys: unknown[]) => api(`/clients/${client_id}/jwks`, vendorToken, 'POST', { keys });
    const fields = async (res: Response) => {
      expect(res.status).toBe(400);
      return (await json<{ validation_errors: { field: string; message: string }[] }>(res)).validation_errors;
    };
    expect(await fields(await upload([{ ...k.publicJwk, d: 'secret' }]))).toEqual([{ field: 'keys.0.d', message: 'private key material: upload the public key only' }]);
    expect(await fields(await upload([{ ...k.publicJwk, n: k.publicJwk.n!.slice(0, 200) }]))).toEqual([{ field: 'keys.0.n', message: 'the RSA key must be at least 2048 bits' }]);
    expect((await fields(await upload([{ kty: 'EC', kid: 'ec', crv: 'P-256', x: 'a', y: 'b' }])))[0]!.field).toBe('keys.0.kty');
    expect(await fields(await upload(Array.from({ length: 6 }, (_, i) => ({ ...k.publicJwk, kid: `k${i}` }))))).toEqual([{ field: 'keys', message: 'at most 5 keys per client' }]);
  });

  it('validates bodies with field-level messages', async () => {
    const res = await api('/clients', vendorToken, 'POST', { integration_type: 'idporten', client_name: 42, scopes: 'a b', access_token_lifetime: -1, redirect: 1 });
    const body = await json<{ error: string; validation_errors: { field: string }[] }>(res);
    expect(res.status).toBe(400);
    expect(body.error).toBe('invalid_request');
    expect(body.validation_errors.map((f) => f.field).sort()).toEqual(['(body)', 'access_token_lifetime', 'client_name', 'integration_type', 'scopes']);
    await expectError(tb, await api('/clients/not-a-uuid', vendorToken), { error: 'invalid_request', description: 'client_id must be a UUID' });
    expect((await api('/clients?inactive=maybe', vendorToken)).status).toBe(400);
  });
});

describe('scopes', () => {
  it('creates a scope under the caller\'s prefix with defaults, reads, lists and updates it', async () => {
    const res = await api('/scopes', skeToken, 'POST', { prefix: 'skatteetaten', subscope: 'api/read', description: 'Read', at_max_age: 300 });
    expect(res.status).toBe(201);
    const scope = await json(res);
    expect(scope).toMatchObject({
      prefix: 'skatteetaten',
      subscope: 'api/read',
      name: 'skatteetaten:api/read',
      description: 'Read',
      active: true,
      visibility: 'PUBLIC',
      token_type: 'SELF_CONTAINED',
      at_max_age: 300,
      allowed_integration_types: ['maskinporten'],
      accessible_for_all: false,
      owner_orgno: SKATTEETATEN,
    });
    expect(await json(await api('/scopes?scope=skatteetaten:api/read', skeToken))).toEqual(scope);
    expect((await json<{ name: string }[]>(await api('/scopes', skeToken))).map((s) => s.name)).toContain('skatteetaten:api/read');
    const updated = await json(await api('/scopes?scope=skatteetaten:api/read', skeToken, 'PUT', { description: 'Read it', accessible_for_all: true }));
    expect(updated).toMatchObject({ description: 'Read it', accessible_for_all: true, at_max_age: 300 });
  });

  it('lists public active scopes at /scopes/all without a token', async () => {
    const all = await json<{ name: string; visibility: string }[]>(await api('/scopes/all', undefined));
    const names = all.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['altinn:authentication/systemregister.write', 'idporten:dcr.read', 'digdir:dialogporten']));
    expect(names).not.toContain('altinn:maskinporten/systemuser.read');
    expect(all.every((s) => s.visibility === 'PUBLIC')).toBe(true);
  });

  it('refuses another organisation\'s prefix, an unknown prefix, a bad subscope and a duplicate', async () => {
    await expectError(tb, await api('/scopes', vendorToken, 'POST', { prefix: 'skatteetaten', subscope: 'mine', description: 'x' }), { status: 403, error: 'forbidden', description: `Prefix skatteetaten is owned by ${SKATTEETATEN}, not ${SMARTCLOUD}` });
    await expectError(tb, await api('/scopes', vendorToken, 'POST', { prefix: 'smartcloud', subscope: 'api', description: 'x' }), { error: 'invalid_request', description: 'Prefix smartcloud does not exist; Digdir assigns prefixes' });
    const bad = await api('/scopes', skeToken, 'POST', { prefix: 'skatteetaten', subscope: 'Bad Name/', description: 'x' });
    expect((await json<{ validation_errors: { field: string }[] }>(bad)).validation_errors.map((f) => f.field)).toEqual(['subscope']);
    await api('/scopes', skeToken, 'POST', { prefix: 'skatteetaten', subscope: 'twice', description: 'x' });
    await expectError(tb, await api('/scopes', skeToken, 'POST', { prefix: 'skatteetaten', subscope: 'twice', description: 'x' }), { status: 409, error: 'invalid_request', description: 'Scope skatteetaten:twice already exists' });
  });

  it('accepts only a known delegation_source', async () => {
    const sources = await json<{ name: string; issuer: string }[]>(await api('/delegationsources', skeToken));
    expect(sources).toEqual([expect.objectContaining({ name: 'altinn', issuer: `${tb.urls.altinn}/` })]);
    const bad = await api('/scopes', skeToken, 'POST', { prefix: 'skatteetaten', subscope: 'deleg', description: 'x', delegation_source: 'https://example.com/' });
    expect((await json<{ validation_errors: { field: string }[] }>(bad)).validation_errors.map((f) => f.field)).toEqual(['delegation_source']);
    expect((await api('/scopes', skeToken, 'POST', { prefix: 'skatteetaten', subscope: 'deleg', description: 'x', delegation_source: `${tb.urls.altinn}/` })).status).toBe(201);
  });

  it('answers 404 for an unknown scope and 403 for someone else\'s', async () => {
    await expectError(tb, await api('/scopes?scope=skatteetaten:nothing', skeToken), { status: 404, error: 'not_found', description: 'No scope skatteetaten:nothing' });
    await expectError(tb, await api('/scopes?scope=idporten:dcr.read', skeToken, 'PUT', { description: 'mine now' }), { status: 403, error: 'forbidden', description: `Scope idporten:dcr.read is owned by 991825827, not ${SKATTEETATEN}` });
    expect((await api('/scopes?scope=a:b&scope=c:d', skeToken)).status).toBe(400);
  });

  it('deactivates on DELETE, after which tokens with it fail with MP-200', async () => {
    await api('/scopes', skeToken, 'POST', { prefix: 'skatteetaten', subscope: 'retired', description: 'x' });
    const client = await json<{ scopes: string[] }>(await api(`/clients/${ske.clientId}`, skeToken));
    await api(`/clients/${ske.clientId}`, skeToken, 'PUT', { scopes: [...client.scopes, 'skatteetaten:retired'] });
    expect((await ske.token({ scope: 'skatteetaten:retired' })).status).toBe(200);
    expect(await json(await api('/scopes?scope=skatteetaten:retired', skeToken, 'DELETE'))).toMatchObject({ active: false });
    await expectError(tb, await ske.token({ scope: 'skatteetaten:retired' }), { error: 'invalid_scope', description: 'Token request contains invalid scopes for client, skatteetaten:retired', code: 'MP-200' });
  });
});

describe('access', () => {
  it('grants, lists (owner and consumer view) and revokes', async () => {
    await api('/scopes', skeToken, 'POST', { prefix: 'skatteetaten', subscope: 'granted', description: 'x' });
    const grant = await api(`/scopes/access/${TALLMAKERNE}?scope=skatteetaten:granted`, skeToken, 'PUT');
    const body = await json(grant);
    expect(body).toMatchObject({ scope: 'skatteetaten:granted', state: 'APPROVED', consumer_orgno: TALLMAKERNE, owner_orgno: SKATTEETATEN });
    expect(Object.keys(body)).toEqual(['scope', 'state', 'consumer_orgno', 'owner_orgno', 'created', 'last_updated']);
    expect(await json(await api('/scopes/access?scope=skatteetaten:granted', skeToken))).toEqual([body]);
    const firm = await Org.onboard(tb, TALLMAKERNE);
    const mine = await json<{ scope: string }[]>(await api('/scopes/access/all', await firm.accessToken()));
    expect(mine.map((g) => g.scope)).toEqual(expect.arrayContaining(['skatteetaten:granted', 'idporten:dcr.read']));
    expect((await api(`/scopes/access/${TALLMAKERNE}?scope=skatteetaten:granted`, skeToken, 'DELETE')).status).toBe(204);
    expect(await json(await api('/scopes/access?scope=skatteetaten:granted', skeToken))).toEqual([]);
    await expectError(tb, await api(`/scopes/access/${TALLMAKERNE}?scope=skatteetaten:granted`, skeToken, 'DELETE'), { status: 404, error: 'not_found', description: `${TALLMAKERNE} has no access to skatteetaten:granted` });
  });

  it('validates the organisation number and the scope owner', async () => {
    const bad = await api('/scopes/access/123456789?scope=skatteetaten:granted', skeToken, 'PUT');
    expect(await json(bad)).toMatchObject({ error: 'invalid_request', validation_errors: [{ field: 'consumer_orgno', message: '123456789 fails the organisation number check digit (mod 11)' }] });
    await expectError(tb, await api(`/scopes/access/${TALLMAKERNE}?scope=idporten:dcr.read`, skeToken, 'PUT'), { status: 403, error: 'forbidden', description: `Scope idporten:dcr.read is owned by 991825827, not ${SKATTEETATEN}` });
    expect((await api(`/scopes/access/${TALLMAKERNE}`, skeToken, 'PUT')).status).toBe(400);
  });
});

describe('bad input', () => {
  it('malformed JSON, a non-JSON body and a huge body get clear errors in the same shape', async () => {
    const malformed = await api('/clients', vendorToken, 'POST', '{"client_name":');
    expect(malformed.status).toBe(400);
    expect(await json(malformed)).toMatchObject({ error: 'invalid_request', error_description: expect.stringMatching(/^The request body could not be parsed/) });
    await expectError(tb, await api('/clients', vendorToken, 'POST', 'client_name=x', 'application/x-www-form-urlencoded'), { status: 415, error: 'invalid_request', description: 'The body must be JSON (Content-Type: application/json)' });
    await expectError(tb, await api('/clients', vendorToken, 'POST', JSON.stringify({ client_name: 'x'.repeat(100_000) })), { status: 413, error: 'invalid_request', description: 'The request body is too large.' });
    const arrayBody = await api('/scopes', skeToken, 'POST', [1, 2]);
    expect(await json(arrayBody)).toMatchObject({ error: 'invalid_request', validation_errors: [{ field: '(body)' }] });
  });

  it('an unknown path answers 404 in the same shape', async () => {
    await expectError(tb, await api('/nothing', vendorToken), { status: 404, error: 'not_found', description: 'No route for GET /api/v1/nothing.' });
  });
});

describe('self-service scopes the seed owns', () => {
  it('has Digdir\'s prefixes and scopes, and no customer clients', async () => {
    const fresh = await startMaskinporten({ altinn: false });
    try {
      const state = await json<{ clients: unknown[]; prefixes: { prefix: string; owner_orgno: string }[]; scopes: { name: string; owner_orgno: string }[] }>(await control(fresh, '/state', undefined, 'GET'));
      expect(state.clients).toEqual([]);
      expect(state.prefixes).toEqual([
        { prefix: 'altinn', owner_orgno: '991825827' },
        { prefix: 'idporten', owner_orgno: '991825827' },
        { prefix: 'digdir', owner_orgno: '991825827' },
        { prefix: 'skatteetaten', owner_orgno: SKATTEETATEN },
      ]);
      expect(state.scopes.map((s) => s.name)).toEqual(expect.arrayContaining([...SELF_SERVICE, 'altinn:maskinporten/systemuser.read', 'altinn:resourceregistry/resource.admin', 'altinn:serviceowner']));
      expect(state.scopes.every((s) => s.owner_orgno === '991825827')).toBe(true);
    } finally {
      await fresh.close();
    }
  });
});
