// Onboarding (POST /_testbed/onboarding), through common/onboarding.ts as the setup scripts call
// it, and the Altinn API delegations the control plane keeps in Altinn's place.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Clock } from '@testbed/common/clock';
import { createServiceFetch } from '@testbed/common/http-client';
import { Journal } from '@testbed/common/journal';
import { KeyRing } from '@testbed/common/keys';
import { MaskinportenClient } from '@testbed/common/maskinporten-client';
import { onboard } from '@testbed/common/onboarding';
import type { Testbed } from '@testbed/common/service';
import { api, control, makeKey, Org, postGrant, startMaskinporten } from './harness.js';

const SMARTCLOUD = '310000027';
const SELF_SERVICE = ['idporten:dcr.read', 'idporten:dcr.write', 'idporten:dcr.modify', 'idporten:scopes.write'];
const VENDOR = ['altinn:authentication/systemregister.write', 'altinn:authentication/systemuser.request.read', 'altinn:authentication/systemuser.request.write'];

let tb: Testbed;
let keys: KeyRing;
const fetchAs = createServiceFetch({ service: 'smartregnskap', journal: new Journal('smartregnskap') });

beforeAll(async () => {
  tb = await startMaskinporten({ altinn: false });
  keys = await KeyRing.open(await mkdtemp(path.join(os.tmpdir(), 'vendor-keys-')), 'smartcloud-maskinporten', { bits: 2048, now: Date.now });
});
afterAll(() => tb.close());

const problems = async (res: Response) => {
  expect(res.status).toBe(400);
  const body = (await res.json()) as { type: string; title: string; errors: { path: string; message: string }[] };
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return body;
};

describe('onboarding', () => {
  it('gives the organisation a client with the self-service scopes and the vendor scopes it asked for', async () => {
    const client = await onboard(fetchAs, tb.urls.maskinporten, undefined, { orgno: SMARTCLOUD, client_name: 'smartregnskap', scopes: VENDOR }, keys);
    expect(client).toMatchObject({ client_orgno: SMARTCLOUD, scopes: [...SELF_SERVICE, ...VENDOR], active: true, integration_type: 'maskinporten' });
    expect(client.client_id).toMatch(/^[0-9a-f-]{36}$/);

    const mp = new MaskinportenClient({ maskinportenUrl: tb.urls.maskinporten, clientId: client.client_id, keys, fetch: fetchAs, clock: new Clock() });
    expect((await mp.token({ scope: VENDOR.join(' ') })).scope).toBe(VENDOR.join(' '));
    const granted = (await (await api(tb, '/scopes/access/all', (await mp.token({ scope: 'idporten:scopes.write' })).access_token)).json()) as { scope: string; state: string; owner_orgno: string }[];
    expect(granted.map((g) => g.scope).sort()).toEqual([...SELF_SERVICE, ...VENDOR].sort());
    expect(granted.every((g) => g.state === 'APPROVED' && g.owner_orgno === '991825827')).toBe(true);
  });

  it('is idempotent by client_name: 200, same client, new keys, scopes added', async () => {
    const before = await onboard(fetchAs, tb.urls.maskinporten, undefined, { orgno: SMARTCLOUD, client_name: 'smartregnskap', scopes: [] }, keys);
    await keys.rotate();
    const res = await control(tb, '/onboarding', { orgno: SMARTCLOUD, client_name: 'smartregnskap', jwks: keys.jwks(0), scopes: ['digdir:dialogporten'] });
    expect(res.status).toBe(200);
    const after = (await res.json()) as { client_id: string; scopes: string[] };
    expect(after.client_id).toBe(before.client_id);
    expect(after.scopes).toEqual([...SELF_SERVICE, ...VENDOR, 'digdir:dialogporten']);
    const mp = new MaskinportenClient({ maskinportenUrl: tb.urls.maskinporten, clientId: after.client_id, keys, fetch: fetchAs, clock: new Clock() });
    expect((await mp.token({ scope: 'digdir:dialogporten' })).access_token).toBeTruthy();
  });

  it('refuses admin and internal scopes, and scopes Digdir does not own, with a clear 400', async () => {
    await control(tb, '/onboarding', { orgno: '974761076', client_name: 'ske', jwks: { keys: [(await makeKey()).publicJwk] } });
    const body = await problems(
      await control(tb, '/onboarding', { orgno: SMARTCLOUD, client_name: 'greedy', jwks: { keys: [(await makeKey()).publicJwk] }, scopes: ['altinn:authentication/systemregister.admin', 'altinn:maskinporten/systemuser.read', 'skatteetaten:api', 'nope:gone'] }),
    );
    expect(body.errors.map((e) => e.path)).toEqual(['scopes.0', 'scopes.1', 'scopes.2', 'scopes.3']);
    expect(body.errors[0]!.message).toMatch(/^altinn:authentication\/systemregister.admin is an admin or internal scope/);
    expect(body.errors[3]!.message).toBe('nope:gone does not exist');
  });

  it('validates the org number (mod 11), the keys and the body', async () => {
    const k = await makeKey();
    const body = await problems(await control(tb, '/onboarding', { orgno: '310000010', client_name: '', jwks: { keys: [{ ...k.publicJwk, d: 'x' }] }, scopes: 'all' }));
    expect(body.errors.map((e) => e.path).sort()).toEqual(['client_name', 'jwks.keys.0.d', 'orgno', 'scopes']);
    const taken = await problems(await control(tb, '/onboarding', { orgno: '310000035', client_name: 'copycat', jwks: keys.jwks(0), scopes: [] }));
    expect(taken.errors).toEqual([{ path: 'jwks.keys.0.kid', message: expect.stringMatching(/already registered on another client/) }]);
    const malformed = await fetch(`${tb.urls.maskinporten}/_testbed/onboarding`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(malformed.status).toBe(400);
  });
});

describe('Altinn API delegations (control plane)', () => {
  it('are created, listed and deleted, for delegation scopes only', async () => {
    const ske = await Org.onboard(tb, '974761076', [], 'ske');
    const token = await ske.accessToken();
    await api(tb, '/scopes', token, 'POST', { prefix: 'skatteetaten', subscope: 'delegert', description: 'x', delegation_source: `${tb.urls.altinn}/` });
    const made = await control(tb, '/delegations', { consumer_orgno: '310000019', supplier_orgno: SMARTCLOUD, scope: 'skatteetaten:delegert' });
    expect(made.status).toBe(201);
    const delegation = (await made.json()) as { id: string };
    expect((await control(tb, '/delegations', { consumer_orgno: '310000019', supplier_orgno: SMARTCLOUD, scope: 'skatteetaten:delegert' })).status).toBe(200);
    expect(((await (await control(tb, '/delegations', undefined, 'GET')).json()) as { delegations: unknown[] }).delegations).toEqual([delegation]);
    expect((await control(tb, `/delegations/${delegation.id}`, undefined, 'DELETE')).status).toBe(204);
    expect((await control(tb, `/delegations/${delegation.id}`, undefined, 'DELETE')).status).toBe(404);

    const notDelegable = await problems(await control(tb, '/delegations', { consumer_orgno: '310000019', supplier_orgno: SMARTCLOUD, scope: 'idporten:dcr.read' }));
    expect(notDelegable.title).toBe('Scope idporten:dcr.read has no delegation_source, so it cannot be delegated in Altinn');
    const self = await problems(await control(tb, '/delegations', { consumer_orgno: SMARTCLOUD, supplier_orgno: SMARTCLOUD, scope: 'skatteetaten:delegert' }));
    expect(self.errors).toEqual([{ path: 'supplier_orgno', message: 'an organisation does not delegate to itself' }]);
  });
});

describe('reset', () => {
  it('returns to the seeded world and forgets used grants and counters', async () => {
    const org = await Org.onboard(tb, '312000008', [], 'before-reset');
    const grant = await org.grant();
    await postGrant(tb, grant);
    expect((await control(tb, '/reset')).status).toBe(200);
    const state = (await (await control(tb, '/state', undefined, 'GET')).json()) as { clients: unknown[]; access: unknown[] };
    expect(state.clients).toEqual([]);
    expect(state.access).toEqual([]);
    expect(((await (await control(tb, '/stats', undefined, 'GET')).json()) as { clients: unknown[] }).clients).toEqual([]);
  });
});
