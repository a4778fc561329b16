// The whole vendor journey against the real mock-maskinporten: onboarding, system register,
// request, approval, a system-user token (Maskinporten asks Altinn's byExternalId), the exchange,
// then withdrawal and the token that can no longer be had.
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Clock } from '@testbed/common/clock';
import { iso6523 } from '@testbed/common/identifiers';
import { KeyRing } from '@testbed/common/keys';
import { exchangeForAltinnToken, MaskinportenClient, MaskinportenError } from '@testbed/common/maskinporten-client';
import { onboard } from '@testbed/common/onboarding';
import { findOrg, ORG, PERSON } from '@testbed/common/world';
import { createMaskinporten } from '../../mock-maskinporten/src/service.js';
import { krav, startHarness, systemBody, VENDOR, type Harness } from './authn-harness.js';

const VENDOR_SCOPES = ['altinn:authentication/systemregister.write', 'altinn:authentication/systemuser.request.write', 'altinn:authentication/systemuser.request.read'];
const API_SCOPE = 'altinn:authorization/authorize';

describe('system user journey with the real Maskinporten', () => {
  let h: Harness;
  let client: MaskinportenClient;
  beforeAll(async () => {
    h = await startHarness({ maskinporten: createMaskinporten });
    const keys = await KeyRing.open(h.config.dataDir, 'smartcloud-client', { bits: 2048, now: () => Date.now() });
    const onboarded = await onboard(fetch, h.tb.urls.maskinporten, undefined, { orgno: VENDOR, client_name: 'SmartRegnskap', scopes: [...VENDOR_SCOPES, API_SCOPE] }, keys);
    client = new MaskinportenClient({ maskinportenUrl: h.tb.urls.maskinporten, clientId: onboarded.client_id, keys, fetch, clock: new Clock() });
  });
  afterAll(() => h?.close());

  it('registers, gets approved, gets and exchanges a system-user token, and loses it on withdrawal', async () => {
    const vendor = (await client.token({ scope: VENDOR_SCOPES.join(' ') })).access_token;
    const system = systemBody('journey', { clientId: [client.clientId] });
    expect((await h.call('/authentication/api/v1/systemregister/vendor', { method: 'POST', token: vendor, body: system })).status).toBe(200);
    const request = await h.call('/authentication/api/v1/systemuser/request/vendor', { method: 'POST', token: vendor, body: { systemId: system.id, partyOrgNo: ORG.rorOgVann, rights: [krav] } });
    expect(request.status).toBe(201);
    const partyId = findOrg(ORG.rorOgVann)!.partyId;
    const pia = await h.person(PERSON.pia);
    expect((await h.call(`/authentication/api/v1/systemuser/request/${partyId}/${request.json.id}/approve`, { method: 'POST', token: pia })).status).toBe(200);

    const systemUserToken = (await client.token({ scope: API_SCOPE, systemUser: { systemUserOrg: ORG.rorOgVann } })).access_token;
    const exchanged = decodeJwt(await exchangeForAltinnToken(fetch, h.tb.urls.altinn, systemUserToken));
    expect(exchanged).toMatchObject({
      authorization_details: { type: 'urn:altinn:systemuser', systemuser_org: iso6523(ORG.rorOgVann), systemuser_id: [request.json.id], system_id: system.id },
      consumer: iso6523(VENDOR),
      client_id: client.clientId,
      'urn:altinn:orgNumber': VENDOR,
      'urn:altinn:authenticatemethod': 'maskinporten',
      'urn:altinn:authlevel': 3,
      iss: `${h.tb.urls.altinn}/authentication/api/v1/openid/`,
    });
    expect(exchanged.exp! - exchanged.iat!).toBe(1800);

    const withdrawn = await h.call(`/authentication/api/v1/systemuser/${partyId}/${request.json.id}`, { method: 'DELETE', token: pia });
    expect(withdrawn.status).toBe(202);
    client.clear();
    const refused = await client.token({ scope: API_SCOPE, systemUser: { systemUserOrg: ORG.rorOgVann } }).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(MaskinportenError);
    expect((refused as MaskinportenError).code).toBe('MP-303');
  });
});
