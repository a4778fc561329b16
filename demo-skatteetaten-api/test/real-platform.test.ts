import { randomUUID } from 'node:crypto';
import { startTestbed, type Testbed } from '@testbed/common/service';
import { ORG } from '@testbed/common/world';
import { createAltinn } from '@testbed/mock-altinn/service';
import { createMaskinporten } from '@testbed/mock-maskinporten/service';
import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSkatteetaten } from '../src/service.js';
import { setupSkatteetaten } from '../src/setup/index.js';
import { expectFeil } from './expect-feil.js';
import { callApi, control, SYSTEM_USER, systemUserToken } from './testbed.js';

// The whole chain with the real mock-maskinporten and mock-altinn: the setup through their public
// APIs, real signed tokens, and the real PDP evaluating the policy the setup uploaded.
const packageUrn = (code: string) => `urn:altinn:accesspackage:${code}`;
const aapnekrav = (orgNo: string) => `/v1/regnskapssystem/${orgNo}/aapnekrav`;
const AGENT_SYSTEM = `${ORG.smartcloud}_smartregnskap_byraa`;
const system = (id: string, accessPackage: string, isVisible: boolean) => ({
  id,
  vendor: { ID: `0192:${ORG.smartcloud}` },
  name: { nb: id },
  description: { nb: 'SmartRegnskap' },
  accessPackages: [{ urn: packageUrn(accessPackage) }],
  clientId: [randomUUID()],
  isVisible,
});

describe('with the real Maskinporten and Altinn mocks', () => {
  let tb: Testbed;
  let standard: string;
  let agent: string;

  beforeAll(async () => {
    tb = await startTestbed({ skatteetaten: createSkatteetaten, maskinporten: createMaskinporten, altinn: createAltinn });
    const seeded = await control(tb.urls.altinn, '/seed', {
      // Agent packages may only be on a system hidden from customers (AUTH.VLD-00018): one system each.
      systems: [
        system(SYSTEM_USER.systemId, 'krav-og-utlegg', true),
        system(AGENT_SYSTEM, 'regnskapsforer-med-signeringsrettighet', false),
      ],
      systemUsers: [
        { systemId: SYSTEM_USER.systemId, partyOrgNo: ORG.rorOgVann, accessPackages: [{ urn: packageUrn('krav-og-utlegg') }] },
        { kind: 'agent', systemId: AGENT_SYSTEM, partyOrgNo: ORG.tallmakerne, accessPackages: [{ urn: packageUrn('regnskapsforer-med-signeringsrettighet') }], clients: [ORG.rorOgVann] },
      ],
    });
    expect(seeded.status, await seeded.clone().text()).toBe(200);
    const { systemUsers } = (await seeded.json()) as { systemUsers: { id: string; partyOrgNo: string }[] };
    standard = systemUsers.find((u) => u.partyOrgNo === ORG.rorOgVann)!.id;
    agent = systemUsers.find((u) => u.partyOrgNo === ORG.tallmakerne)!.id;
  });
  afterAll(() => tb.close());

  it('sets Skatteetaten up, and a second run changes nothing', async () => {
    expect((await setupSkatteetaten(tb.config)).changes).toHaveLength(5);
    // The control plane's route (used by `npm start` and the console) runs the same setup.
    const again = await control(tb.urls.skatteetaten, '/setup', {});
    expect(again.status).toBe(200);
    expect((await again.json()).changes).toEqual([]);
  });

  it('permits a standard system user with krav-og-utlegg for its own organisation only', async () => {
    const token = await systemUserToken(tb, { systemUserId: standard, systemUserOrg: ORG.rorOgVann });
    expect((await callApi(tb, aapnekrav(ORG.rorOgVann), { token })).status).toBe(200);
    await expectFeil(await callApi(tb, aapnekrav(ORG.fjellbekk), { token }), 403, 'DAS-008', /PDP decision NotApplicable/);
  });

  it('permits an accounting firm’s agent system user for its client, not for others', async () => {
    const token = await systemUserToken(tb, { systemUserId: agent, systemUserOrg: ORG.tallmakerne });
    expect((await callApi(tb, aapnekrav(ORG.rorOgVann), { token })).status).toBe(200);
    await expectFeil(await callApi(tb, aapnekrav(ORG.solbaer), { token }), 403, 'DAS-008', /PDP decision NotApplicable/);
  });

  it('refuses a system user Altinn does not know', async () => {
    const token = await systemUserToken(tb);
    await expectFeil(await callApi(tb, aapnekrav(ORG.rorOgVann), { token }), 403, 'DAS-008', /PDP decision NotApplicable/);
  });

  it('keeps verifying tokens after Maskinporten rotates its key', async () => {
    const before = await systemUserToken(tb, { systemUserId: standard, systemUserOrg: ORG.rorOgVann });
    expect((await callApi(tb, aapnekrav(ORG.rorOgVann), { token: before })).status).toBe(200);
    const rotated = await control(tb.urls.maskinporten, '/keys/rotate', {});
    expect(rotated.ok).toBe(true);
    const after = await systemUserToken(tb, { systemUserId: standard, systemUserOrg: ORG.rorOgVann });
    expect(decodeProtectedHeader(after).kid).not.toBe(decodeProtectedHeader(before).kid);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await callApi(tb, aapnekrav(ORG.rorOgVann), { token: after })).status).toBe(200);
  });
});
