// The direct-customer journey at API level: what SmartCloud's code and Pia's clicks send over the
// wire, without a browser. Pia's clicks are the portal API calls the approval page makes.
import type { TestbedConfig } from '@testbed/common/config';
import { MaskinportenError } from '@testbed/common/maskinporten-client';
import { findOrg, ORG, PERSON } from '@testbed/common/world';
import { altinnPersonToken } from '@testbed/common/person-login';
import { expectThat, type JourneyRun } from '../run.js';
import { KRAV_RIGHT, type Vendor } from '../vendor.js';

const KRAV_SCOPE = 'skatteetaten:kravogbetalinger';

interface RequestResponse {
  id: string;
  status: string;
  confirmUrl: string;
}

export async function apiDirectCustomerJourney(config: TestbedConfig, vendor: Vendor, run: JourneyRun, customer: string = ORG.rorOgVann): Promise<void> {
  const altinn = `${config.urls.altinn}/authentication/api/v1`;
  const party = findOrg(customer);
  expectThat(party, `${customer} is not in the seeded world`);
  const asVendor = async (path: string, init: RequestInit = {}) =>
    vendor.fetch(`${altinn}/${path}`, { ...init, headers: { authorization: `Bearer ${await vendor.vendorToken()}`, 'content-type': 'application/json' } });

  const request = await run.step(`SmartCloud asks ${party.name} for a system access`, async () => {
    const res = await asVendor('systemuser/request/vendor', {
      method: 'POST',
      body: JSON.stringify({
        systemId: vendor.systemId,
        partyOrgNo: customer,
        rights: [KRAV_RIGHT],
        redirectUrl: `${config.urls.smartregnskap}/scenario/return`,
      }),
    });
    expectThat(res.status === 201, `expected 201 Created, got ${res.status}: ${await res.clone().text()}`);
    return (await res.json()) as RequestResponse;
  });

  const pia = await run.step('Pia logs in with ID-porten; Altinn exchanges her token', () => altinnPersonToken(config, PERSON.pia));
  const asPia = (path: string, method = 'GET') => vendor.fetch(`${altinn}/${path}`, { method, headers: { authorization: `Bearer ${pia}` } });

  await run.step('Pia approves the system access in Altinn', async () => {
    const res = await asPia(`systemuser/request/${party.partyId}/${request.id}/approve`, 'POST');
    expectThat(res.ok, `approve answered ${res.status}: ${await res.text()}`);
  });

  await run.step('SmartCloud polls the request and sees Accepted', async () => {
    const res = await asVendor(`systemuser/request/vendor/${request.id}`);
    const body = (await res.json()) as RequestResponse;
    expectThat(body.status === 'Accepted', `expected status Accepted, got ${body.status}`);
  });

  const token = await run.step('SmartCloud gets a system-user token from Maskinporten', async () => {
    const { access_token } = await vendor.client.token({ scope: KRAV_SCOPE, systemUser: { systemUserOrg: customer } });
    const details = JSON.parse(Buffer.from(access_token.split('.')[1]!, 'base64url').toString()).authorization_details;
    expectThat(details?.[0]?.systemuser_id?.[0] === request.id, `systemuser_id should be the request id ${request.id}`);
    return access_token;
  });

  const claims = (bearer: string) =>
    vendor.fetch(`${config.urls.skatteetaten}/v1/regnskapssystem/${customer}/aapnekrav`, { headers: { authorization: `Bearer ${bearer}` } });

  await run.step('Skatteetaten asks the PDP (Permit) and answers with the claims', async () => {
    const res = await claims(token);
    // KB-007 means Skatteetaten let the call through and found nothing open: still a Permit.
    const body = (await res.json()) as { kode?: string };
    expectThat(res.status === 200 || body.kode === 'KB-007', `expected the claims, got ${res.status} ${JSON.stringify(body)}`);
  });

  await run.step('Pia withdraws the system access in Altinn', async () => {
    const res = await asPia(`systemuser/${party.partyId}/${request.id}`, 'DELETE');
    expectThat(res.status === 202, `withdrawal answered ${res.status}: ${await res.text()}`);
  });

  await run.step('The next token request fails with MP-303', async () => {
    vendor.client.clear();
    const refused = await vendor.client.token({ scope: KRAV_SCOPE, systemUser: { systemUserOrg: customer } }).then(
      () => null,
      (err: unknown) => err,
    );
    expectThat(refused instanceof MaskinportenError, 'Maskinporten issued a token for a withdrawn system user');
    expectThat(refused.code === 'MP-303' && refused.body.error === 'invalid_altinn_customer_configuration', `expected MP-303, got ${refused.message}`);
  });

  await run.step('Skatteetaten refuses the old token (PDP NotApplicable)', async () => {
    const res = await claims(token);
    const body = (await res.json()) as { kode?: string };
    expectThat(res.status === 403 && body.kode === 'DAS-008', `expected 403 DAS-008, got ${res.status} ${JSON.stringify(body)}`);
  });
}
