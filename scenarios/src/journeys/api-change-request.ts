// The change-request journey at API level: a standard system user gets the access package
// krav-og-utlegg added and the single right removed through change requests Pia approves, and
// Skatteetaten keeps answering because the policy permits the package. A change request with
// nothing to change is answered NoChangeNeeded and never reaches Pia.
import { randomUUID } from 'node:crypto';
import type { TestbedConfig } from '@testbed/common/config';
import { altinnPersonToken } from '@testbed/common/person-login';
import { findOrg, ORG, PERSON } from '@testbed/common/world';
import { expectThat, type JourneyRun } from '../run.js';
import { KRAV_RIGHT, type Vendor } from '../vendor.js';

const KRAV_SCOPE = 'skatteetaten:kravogbetalinger';
const KRAV_PACKAGE = { urn: 'urn:altinn:accesspackage:krav-og-utlegg' };

interface ChangeRequest {
  id: string;
  status: string;
  confirmUrl: string;
}

export async function apiChangeRequestJourney(config: TestbedConfig, vendor: Vendor, run: JourneyRun, customer: string = ORG.rorOgVann): Promise<void> {
  const altinn = `${config.urls.altinn}/authentication/api/v1`;
  const party = findOrg(customer)!;
  const asVendor = async (path: string, init: RequestInit = {}) =>
    vendor.fetch(`${altinn}/${path}`, { ...init, headers: { authorization: `Bearer ${await vendor.vendorToken()}`, 'content-type': 'application/json' } });

  const systemUserId = await run.step(`SmartCloud's request for ${party.name} (the single right only) is approved by Pia`, async () => {
    const res = await asVendor('systemuser/request/vendor', {
      method: 'POST',
      body: JSON.stringify({ systemId: vendor.systemId, partyOrgNo: customer, rights: [KRAV_RIGHT] }),
    });
    expectThat(res.status === 201, `expected 201, got ${res.status}: ${await res.clone().text()}`);
    const { id } = (await res.json()) as { id: string };
    const pia = await altinnPersonToken(config, PERSON.pia);
    const approved = await vendor.fetch(`${altinn}/systemuser/request/${party.partyId}/${id}/approve`, { method: 'POST', headers: { authorization: `Bearer ${pia}` } });
    expectThat(approved.ok, `approve answered ${approved.status}`);
    return id;
  });
  const pia = await altinnPersonToken(config, PERSON.pia);

  const change = async (body: object) => {
    const res = await asVendor(`systemuser/changerequest/vendor?correlation-id=${randomUUID()}&system-user-id=${systemUserId}`, { method: 'POST', body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as ChangeRequest };
  };
  const approve = async (changeRequest: ChangeRequest) => {
    const res = await vendor.fetch(`${altinn}/systemuser/changerequest/${party.partyId}/${changeRequest.id}/approve`, { method: 'POST', headers: { authorization: `Bearer ${pia}` } });
    expectThat(res.ok, `approving the change answered ${res.status}: ${await res.text()}`);
    const polled = (await (await asVendor(`systemuser/changerequest/vendor/${changeRequest.id}`)).json()) as ChangeRequest;
    expectThat(polled.status === 'Accepted', `expected Accepted, got ${polled.status}`);
  };
  const claims = async () => {
    vendor.client.clear();
    const { access_token } = await vendor.client.token({ scope: KRAV_SCOPE, systemUser: { systemUserOrg: customer } });
    const res = await vendor.fetch(`${config.urls.skatteetaten}/v1/regnskapssystem/${customer}/aapnekrav`, { headers: { authorization: `Bearer ${access_token}` } });
    const body = (await res.json()) as { kode?: string };
    expectThat(res.status === 200 || body.kode === 'KB-007', `expected the claims, got ${res.status} ${JSON.stringify(body)}`);
  };

  try {
    await run.step('A change request with nothing to change is NoChangeNeeded', async () => {
      const { status, body } = await change({});
      expectThat(status === 200 && body.status === 'NoChangeNeeded', `expected 200 NoChangeNeeded, got ${status} ${body.status}`);
    });

    await run.step('SmartCloud asks to add the access package krav-og-utlegg; Pia approves', async () => {
      const { status, body } = await change({ requiredAccessPackages: [KRAV_PACKAGE] });
      expectThat(status === 201 && body.confirmUrl.includes('/systemuser/changerequest?id='), `expected 201 with a changerequest confirmUrl, got ${status}`);
      await approve(body);
    });

    await run.step('SmartCloud asks to remove the single right; Pia approves', async () => {
      const { status, body } = await change({ unwantedRights: [KRAV_RIGHT] });
      expectThat(status === 201, `expected 201, got ${status}`);
      await approve(body);
    });

    await run.step('Skatteetaten still answers: the PDP permits through the package now', claims);
  } finally {
    await vendor.fetch(`${altinn}/systemuser/${party.partyId}/${systemUserId}`, { method: 'DELETE', headers: { authorization: `Bearer ${pia}` } });
  }
}
