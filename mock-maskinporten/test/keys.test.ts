// Signing-key rotation through the control plane: the previous key stays in /jwk for the grace
// period (test-bed clock), new tokens carry the new kid, and Altinn lookups keep working.
import { randomUUID } from 'node:crypto';
import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Testbed } from '@testbed/common/service';
import { control, decodePart, moveClock, Org, seedSystemUsers, startMaskinporten } from './harness.js';

let tb: Testbed;
let vendor: Org;

const jwks = async () => (await (await fetch(`${tb.urls.maskinporten}/jwk`)).json()) as JSONWebKeySet;
const kids = async () => (await jwks()).keys.map((k) => k.kid);

beforeAll(async () => {
  tb = await startMaskinporten();
  vendor = await Org.onboard(tb, '310000027', ['altinn:authentication/systemuser.request.read']);
  await seedSystemUsers(tb, [{ id: randomUUID(), systemId: '310000027_smartregnskap', clientIds: [vendor.clientId], vendorOrgNo: '310000027', ownerOrgNo: '310000019' }]);
});
afterAll(async () => {
  await moveClock(tb, 0);
  await tb.close();
});

describe('key rotation', () => {
  it('publishes old and new key, signs with the new one, and drops the old one after the grace period', async () => {
    const selfServiceToken = await vendor.accessToken();
    const oldToken = ((await (await vendor.token()).json()) as { access_token: string }).access_token;
    const [oldKid] = await kids();
    const rotated = await control(tb, '/keys/rotate');
    const body = (await rotated.json()) as { previous_kid: string; active_kid: string; grace_seconds: number };
    expect(body).toMatchObject({ previous_kid: oldKid, grace_seconds: 86400 });
    expect(await kids()).toEqual([body.active_kid, oldKid]);

    const newToken = ((await (await vendor.token()).json()) as { access_token: string }).access_token;
    expect(decodePart(newToken, 0).kid).toBe(body.active_kid);
    const published = createLocalJWKSet(await jwks());
    await compactVerify(oldToken, published);
    await compactVerify(newToken, published);
    // Tokens from before the rotation still open the self-service API.
    expect((await fetch(`${tb.urls.maskinporten}/api/v1/clients`, { headers: { authorization: `Bearer ${selfServiceToken}` } })).status).toBe(200);

    await moveClock(tb, 86400 - 60);
    expect(await kids()).toEqual([body.active_kid, oldKid]);
    await moveClock(tb, 86400 + 1);
    expect(await kids()).toEqual([body.active_kid]);
    await moveClock(tb, 0);
  });

  it('keeps system-user lookups in Altinn working (Maskinporten\'s own token is re-signed)', async () => {
    const grant = () => vendor.token({ scope: 'altinn:authentication/systemuser.request.read', authorization_details: [{ type: 'urn:altinn:systemuser', systemuser_org: { authority: 'iso6523-actorid-upis', ID: '0192:310000019' } }] });
    expect((await grant()).status).toBe(200);
    await control(tb, '/keys/rotate');
    // Altinn refetches /jwk for an unknown kid at most once a second.
    await new Promise((r) => setTimeout(r, 1100));
    const res = await grant();
    expect(res.status, await res.clone().text()).toBe(200);
  });
});
