// The accounting-firm journey at API level (the seed's Tallmakerne AS): SmartCloud asks the firm
// for an agent system user, the firm's daglig leder approves, its client administrator adds a
// client, and SmartCloud reads the client's claims with a token whose system user belongs to the
// FIRM (systemuser_org = the firm, the client only in Skatteetaten's path).
import type { TestbedConfig } from '@testbed/common/config';
import { altinnPersonToken } from '@testbed/common/person-login';
import { findOrg, ORG, PERSON } from '@testbed/common/world';
import { adminHeaders } from '@testbed/common/testbed-control';
import { expectThat, type JourneyRun } from '../run.js';
import { AGENT_PACKAGES, type Vendor } from '../vendor.js';

const KRAV_SCOPE = 'skatteetaten:kravogbetalinger';
const CLIENT_SCOPES = 'openid altinn:clientdelegations.read altinn:clientdelegations.write';

export async function apiAccountingFirmJourney(config: TestbedConfig, vendor: Vendor, run: JourneyRun): Promise<void> {
  const altinn = `${config.urls.altinn}/authentication/api/v1`;
  const firm = findOrg(ORG.tallmakerne)!;
  const client = findOrg(ORG.rorOgVann)!;
  const lacking = findOrg(ORG.solbaer)!;
  const asVendor = async (path: string, init: RequestInit = {}) =>
    vendor.fetch(`${altinn}/${path}`, { ...init, headers: { authorization: `Bearer ${await vendor.vendorToken()}`, 'content-type': 'application/json' } });
  const as = (token: string) => (path: string, method = 'GET') => vendor.fetch(`${altinn}/${path}`, { method, headers: { authorization: `Bearer ${token}` } });

  const request = await run.step(`SmartCloud asks ${firm.name} for an agent system user`, async () => {
    const res = await asVendor('systemuser/request/vendor/agent', {
      method: 'POST',
      body: JSON.stringify({ systemId: vendor.agentSystemId, partyOrgNo: firm.orgNo, accessPackages: AGENT_PACKAGES }),
    });
    expectThat(res.status === 201, `expected 201, got ${res.status}: ${await res.clone().text()}`);
    const body = (await res.json()) as { id: string; confirmUrl: string };
    expectThat(body.confirmUrl.includes('/systemuser/agentrequest?id='), `confirmUrl should point at the agentrequest page: ${body.confirmUrl}`);
    return body;
  });

  try {
    await run.step('Tone, daglig leder of Tallmakerne, approves it in Altinn', async () => {
      const tone = as(await altinnPersonToken(config, PERSON.tone));
      const res = await tone(`systemuser/request/agent/${firm.partyId}/${request.id}/approve`, 'POST');
      expectThat(res.ok, `approve answered ${res.status}: ${await res.text()}`);
    });

    const kasper = as(await run.step('Kasper, the client administrator, logs in with ID-porten', () => altinnPersonToken(config, PERSON.kasper, CLIENT_SCOPES)));

    await run.step(`Kasper adds ${client.name} as a client of the agent system user`, async () => {
      const available = await kasper(`enduser/systemuser/clients/available?agent=${request.id}`);
      const list = (await available.json()) as { data: { clientId: string }[] };
      expectThat(list.data.some((c) => c.clientId === client.partyUuid), `${client.name} is not among the available clients`);
      const res = await kasper(`enduser/systemuser/clients?agent=${request.id}&client=${client.partyUuid}`, 'POST');
      expectThat(res.ok, `adding the client answered ${res.status}: ${await res.text()}`);
    });

    await run.step(`Adding ${lacking.name}, which gave the firm only one of the packages, is refused (AUTH-00080)`, async () => {
      const res = await kasper(`enduser/systemuser/clients?agent=${request.id}&client=${lacking.partyUuid}`, 'POST');
      const body = (await res.json()) as { code?: string };
      expectThat(res.status === 400 && body.code === 'AUTH-00080', `expected 400 AUTH-00080, got ${res.status} ${JSON.stringify(body)}`);
    });

    const token = await run.step('SmartCloud gets a token for the firm’s system user (systemuser_org = the firm)', async () => {
      // A token cached for an earlier agent system user of the same firm would name that one.
      vendor.agentClient.clear();
      const { access_token } = await vendor.agentClient.token({ scope: KRAV_SCOPE, systemUser: { systemUserOrg: firm.orgNo } });
      return access_token;
    });

    const claims = async (orgNo: string) =>
      vendor.fetch(`${config.urls.skatteetaten}/v1/regnskapssystem/${orgNo}/aapnekrav`, { headers: { authorization: `Bearer ${token}` } });

    await run.step(`Skatteetaten answers for the client ${client.name} (PDP Permit through the client delegation)`, async () => {
      const res = await claims(client.orgNo);
      const body = (await res.json()) as { kode?: string };
      expectThat(res.status === 200 || body.kode === 'KB-007', `expected the claims, got ${res.status} ${JSON.stringify(body)}`);
    });

    await run.step(`Skatteetaten refuses ${lacking.name}, which is not a client (DAS-008)`, async () => {
      const res = await claims(lacking.orgNo);
      expectThat(res.status === 403, `expected 403, got ${res.status}`);
    });

    await run.step(`Kasper removes ${client.name}; Skatteetaten refuses it from then on`, async () => {
      const res = await kasper(`enduser/systemuser/clients?agent=${request.id}&client=${client.partyUuid}`, 'DELETE');
      expectThat(res.ok, `removing the client answered ${res.status}`);
      const after = await claims(client.orgNo);
      expectThat(after.status === 403, `expected 403 after the removal, got ${after.status}`);
    });
  } finally {
    // Agent system users are removed in Altinn's portal, which has no API for them here; the
    // test-only delete keeps the journey repeatable.
    await vendor.fetch(`${config.urls.altinn}/_testbed/systemusers/${request.id}`, { method: 'DELETE', headers: adminHeaders(config) });
  }
}
