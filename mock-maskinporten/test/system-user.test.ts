// System-user grants: authorization_details checks (MP-301/302/303), the lookup in Altinn over
// HTTP with Maskinporten's own token (verified by the fake Altinn against /jwk), the token's
// exact shape, and what happens when Altinn is down.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Testbed } from '@testbed/common/service';
import { control, decodePart, expectError, issuerOf, moveClock, Org, seedSystemUsers, startMaskinporten } from './harness.js';

const SMARTCLOUD = '310000027';
const ROR_OG_VANN = '310000019';
const TALLMAKERNE = '310000035';
const FJELLBEKK = '312000008';
const SCOPE = 'altinn:authentication/systemuser.request.read';
const SYSTEM_ID = `${SMARTCLOUD}_smartregnskap`;

let tb: Testbed;
let vendor: Org;
const standardId = randomUUID();
const withRefId = randomUUID();
const agentId = randomUUID();

const details = (org: string, extra: Record<string, unknown> = {}) => [
  { type: 'urn:altinn:systemuser', systemuser_org: { authority: 'iso6523-actorid-upis', ID: `0192:${org}` }, ...extra },
];
const MP303 = { error: 'invalid_altinn_customer_configuration', description: 'Invalid authorization details values', code: 'MP-303' };
const altinnJournal = async () =>
  ((await (await fetch(`${tb.urls.altinn}/_testbed/journal`)).json()) as { entries: { path: string; direction: string }[] }).entries.filter((e) => e.path.includes('byExternalId'));

beforeAll(async () => {
  tb = await startMaskinporten();
  vendor = await Org.onboard(tb, SMARTCLOUD, [SCOPE]);
  const res = await seedSystemUsers(tb, [
    { id: standardId, systemId: SYSTEM_ID, clientIds: [vendor.clientId], vendorOrgNo: SMARTCLOUD, ownerOrgNo: ROR_OG_VANN },
    { id: withRefId, systemId: SYSTEM_ID, clientIds: [vendor.clientId], vendorOrgNo: SMARTCLOUD, ownerOrgNo: FJELLBEKK, externalRef: 'avdeling-7' },
    { id: agentId, systemId: SYSTEM_ID, clientIds: [vendor.clientId], vendorOrgNo: SMARTCLOUD, ownerOrgNo: TALLMAKERNE, userType: 'agent' },
  ]);
  expect(res.status).toBe(200);
});
afterAll(() => tb.close());
beforeEach(async () => {
  await fetch(`${tb.urls.altinn}/_testbed/faults`, { method: 'DELETE' });
});

describe('a system-user token', () => {
  it('has authorization_details first, the vendor as consumer, and no supplier', async () => {
    const res = await vendor.token({ scope: SCOPE, authorization_details: details(ROR_OG_VANN) });
    expect(res.status, await res.clone().text()).toBe(200);
    const claims = decodePart(((await res.json()) as { access_token: string }).access_token, 1);
    expect(Object.keys(claims)).toEqual(['authorization_details', 'scope', 'iss', 'client_amr', 'token_type', 'exp', 'iat', 'client_id', 'jti', 'consumer']);
    expect(claims).toMatchObject({
      authorization_details: [
        { type: 'urn:altinn:systemuser', systemuser_org: { authority: 'iso6523-actorid-upis', ID: `0192:${ROR_OG_VANN}` }, systemuser_id: [standardId], system_id: SYSTEM_ID },
      ],
      scope: SCOPE,
      iss: issuerOf(tb),
      consumer: { authority: 'iso6523-actorid-upis', ID: `0192:${SMARTCLOUD}` },
    });
    expect(Object.keys((claims.authorization_details as object[])[0]!)).toEqual(['type', 'systemuser_org', 'systemuser_id', 'system_id']);
  });

  it('asks Altinn byExternalId with the client, the vendor, the owner and an empty externalRef', async () => {
    await fetch(`${tb.urls.altinn}/_testbed/journal`, { method: 'DELETE' });
    await vendor.token({ scope: SCOPE, authorization_details: details(ROR_OG_VANN) });
    const [entry] = await altinnJournal();
    expect(entry!.path).toBe(
      `/authentication/api/v1/systemuser/byExternalId?clientId=${vendor.clientId}&systemProviderOrgNo=${SMARTCLOUD}&systemUserOwnerOrgNo=${ROR_OG_VANN}&externalRef=`,
    );
  });

  it('echoes externalRef when the grant sends it', async () => {
    const res = await vendor.token({ scope: SCOPE, authorization_details: details(FJELLBEKK, { externalRef: 'avdeling-7' }) });
    const [entry] = (decodePart(((await res.json()) as { access_token: string }).access_token, 1).authorization_details as Record<string, unknown>[]);
    expect(entry).toEqual({
      type: 'urn:altinn:systemuser',
      systemuser_org: { authority: 'iso6523-actorid-upis', ID: `0192:${FJELLBEKK}` },
      systemuser_id: [withRefId],
      system_id: SYSTEM_ID,
      externalRef: 'avdeling-7',
    });
  });

  it('is issued for an agent system user owned by the accounting firm', async () => {
    expect((await vendor.token({ scope: SCOPE, authorization_details: details(TALLMAKERNE) })).status).toBe(200);
  });

  it('reuses Maskinporten\'s own Altinn token until it nears expiry', async () => {
    const before = ((await (await fetch(`${tb.urls.altinn}/fake/bearers`)).json()) as string[]).length;
    await vendor.token({ scope: SCOPE, authorization_details: details(ROR_OG_VANN) });
    await vendor.token({ scope: SCOPE, authorization_details: details(ROR_OG_VANN) });
    const seen = (await (await fetch(`${tb.urls.altinn}/fake/bearers`)).json()) as string[];
    expect(seen.length - before).toBe(2);
    expect(new Set(seen).size).toBe(1);
  });
});

describe('authorization_details checks', () => {
  it('MP-301 for an unknown type', async () => {
    const res = await vendor.token({ scope: SCOPE, authorization_details: [{ type: 'urn:altinn:consent', systemuser_org: details(ROR_OG_VANN)[0]!.systemuser_org }] });
    await expectError(tb, res, { error: 'invalid_request', description: 'Unknown authorization details type', code: 'MP-301' });
  });

  it('MP-302 for unknown fields (the old pilot spelling too)', async () => {
    const res = await vendor.token({ scope: SCOPE, authorization_details: details(ROR_OG_VANN, { systemuserorg: 'x' }) });
    const body = await expectError(tb, res, { error: 'invalid_request', description: 'Unknown fields in the authorization details', code: 'MP-302' });
    expect(body.mock_hint).toMatch(/systemuserorg/);
  });

  it('MP-303 for malformed values: not an array, two entries, lower-case id, bad org number, empty externalRef', async () => {
    await expectError(tb, await vendor.token({ scope: SCOPE, authorization_details: details(ROR_OG_VANN)[0] }), MP303);
    await expectError(tb, await vendor.token({ scope: SCOPE, authorization_details: [...details(ROR_OG_VANN), ...details(FJELLBEKK)] }), MP303);
    const lower = await vendor.token({ scope: SCOPE, authorization_details: [{ type: 'urn:altinn:systemuser', systemuser_org: { authority: 'iso6523-actorid-upis', id: `0192:${ROR_OG_VANN}` } }] });
    expect((await expectError(tb, lower, MP303)).mock_hint).toMatch(/upper-case ID/);
    await expectError(tb, await vendor.token({ scope: SCOPE, authorization_details: details('310000010') }), MP303);
    await expectError(tb, await vendor.token({ scope: SCOPE, authorization_details: details(ROR_OG_VANN, { externalRef: '' }) }), MP303);
  });

  it('MP-303 when Altinn has no such system user, with what Altinn was asked in the hint', async () => {
    const res = await vendor.token({ scope: SCOPE, authorization_details: details('313000001') });
    const body = await expectError(tb, res, MP303);
    expect(body.mock_hint).toContain('systemUserOwnerOrgNo=313000001');
  });

  it('MP-303 when the system user was made with an externalRef the grant leaves out, or a wrong one', async () => {
    expect((await expectError(tb, await vendor.token({ scope: SCOPE, authorization_details: details(FJELLBEKK) }), MP303)).mock_hint).toContain('externalRef=""');
    expect((await expectError(tb, await vendor.token({ scope: SCOPE, authorization_details: details(FJELLBEKK, { externalRef: 'avdeling-8' }) }), MP303)).mock_hint).toContain('externalRef="avdeling-8"');
  });

  it('MP-303 when the system user was deleted', async () => {
    const id = randomUUID();
    await seedSystemUsers(tb, [{ id, systemId: SYSTEM_ID, clientIds: [vendor.clientId], vendorOrgNo: SMARTCLOUD, ownerOrgNo: '310000051' }]);
    expect((await vendor.token({ scope: SCOPE, authorization_details: details('310000051') })).status).toBe(200);
    await seedSystemUsers(tb, [{ id, systemId: SYSTEM_ID, clientIds: [vendor.clientId], vendorOrgNo: SMARTCLOUD, ownerOrgNo: '310000051', isDeleted: true }]);
    await expectError(tb, await vendor.token({ scope: SCOPE, authorization_details: details('310000051') }), MP303);
  });

  it('MP-303 when the client is not one of the system\'s clients', async () => {
    const other = await Org.onboard(tb, SMARTCLOUD, [SCOPE], 'second-client');
    await expectError(tb, await other.token({ scope: SCOPE, authorization_details: details(ROR_OG_VANN) }), MP303);
  });

  it('checks consumer_org (steps 10–11) before the system user (step 12)', async () => {
    await expectError(tb, await vendor.token({ scope: SCOPE, consumer_org: ROR_OG_VANN, authorization_details: details(ROR_OG_VANN) }), {
      status: 403,
      error: 'forbidden',
      description: `Consumer has not been granted access to the scope ${SCOPE}.`,
      code: 'MP-250',
    });
  });

  it('checks scopes (step 10) before authorization_details (step 12)', async () => {
    await expectError(tb, await vendor.token({ scope: 'altinn:authorization/authorize', authorization_details: [{ type: 'x' }] }), {
      error: 'invalid_scope',
      description: 'Token request contains invalid scopes for client, altinn:authorization/authorize',
      code: 'MP-200',
    });
  });
});

describe('when Altinn is unavailable', () => {
  const fault = (rule: object) =>
    fetch(`${tb.urls.altinn}/_testbed/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path: '/authentication/api/v1/systemuser/byExternalId', ...rule }) });
  const unavailable = { status: 503, error: 'server_error', description: 'The system user could not be looked up in Altinn. Try again later' };

  it('answers 503 server_error when Altinn answers 5xx', async () => {
    await fault({ status: 500 });
    const body = await expectError(tb, await vendor.token({ scope: SCOPE, authorization_details: details(ROR_OG_VANN) }), unavailable);
    expect(body.mock_hint).toMatch(/HTTP 500/);
  });

  it('answers 503 server_error when Altinn drops the connection', async () => {
    await fault({ drop: true });
    await expectError(tb, await vendor.token({ scope: SCOPE, authorization_details: details(ROR_OG_VANN) }), unavailable);
  });

  it('answers 503 server_error, not a hang, when Altinn does not answer in time', async () => {
    await fault({ latencyMs: 8000, times: 1 });
    const started = Date.now();
    await expectError(tb, await vendor.token({ scope: SCOPE, authorization_details: details(ROR_OG_VANN) }), unavailable);
    expect(Date.now() - started).toBeLessThan(7000);
  });

  it('answers 500 server_error when Altinn refuses Maskinporten\'s token', async () => {
    await fault({ status: 403 });
    const body = await expectError(tb, await vendor.token({ scope: SCOPE, authorization_details: details(ROR_OG_VANN) }), {
      status: 500,
      error: 'server_error',
      description: 'Altinn answered the system-user lookup unexpectedly',
    });
    expect(body.mock_hint).toMatch(/HTTP 403/);
  });

  it('gets a fresh token when Altinn\'s clock has moved past the cached one', async () => {
    try {
      await moveClock(tb, 3600, 'altinn');
      expect((await vendor.token({ scope: SCOPE, authorization_details: details(ROR_OG_VANN) })).status).toBe(500);
      await moveClock(tb, 0, 'altinn');
      expect((await vendor.token({ scope: SCOPE, authorization_details: details(ROR_OG_VANN) })).status).toBe(200);
    } finally {
      await moveClock(tb, 0, 'altinn');
    }
  });
});

describe('the test-token shortcut', () => {
  it('mints a system-user token of the same shape without Altinn', async () => {
    const id = randomUUID();
    const res = await control(tb, '/tokens/systemuser', { systemUserId: id, systemUserOrg: ROR_OG_VANN, systemId: SYSTEM_ID, supplierOrgNo: SMARTCLOUD, scopes: [SCOPE], externalRef: 'ref-1', ttl: 600 });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { access_token: string; expires_in: number; token_type: string; scope: string };
    expect(body).toMatchObject({ expires_in: 600, token_type: 'Bearer', scope: SCOPE });
    expect(decodePart(body.access_token, 0)).toEqual({ kid: expect.any(String), alg: 'RS256' });
    const claims = decodePart(body.access_token, 1);
    expect(Object.keys(claims)).toEqual(['authorization_details', 'scope', 'iss', 'client_amr', 'token_type', 'exp', 'iat', 'client_id', 'jti', 'consumer']);
    expect(claims.authorization_details).toEqual([
      { type: 'urn:altinn:systemuser', systemuser_org: { authority: 'iso6523-actorid-upis', ID: `0192:${ROR_OG_VANN}` }, systemuser_id: [id], system_id: SYSTEM_ID, externalRef: 'ref-1' },
    ]);
    expect(claims.consumer).toEqual({ authority: 'iso6523-actorid-upis', ID: `0192:${SMARTCLOUD}` });
  });

  it('validates the request', async () => {
    const res = await control(tb, '/tokens/systemuser', { systemUserId: 'nope', systemUserOrg: '123', systemId: 'other_system', supplierOrgNo: SMARTCLOUD, scopes: [] });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { path: string }[] };
    expect(body.errors.map((e) => e.path).sort()).toEqual(['scopes', 'systemId', 'systemUserId', 'systemUserOrg']);
  });
});
