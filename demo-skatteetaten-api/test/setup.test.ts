import { execFile } from 'node:child_process';
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Clock } from '@testbed/common/clock';
import { createServiceFetch } from '@testbed/common/http-client';
import { Journal } from '@testbed/common/journal';
import { startTestbed, type Testbed } from '@testbed/common/service';
import { ORG } from '@testbed/common/world';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AltinnTokenSource } from '../src/auth/altinn-token.js';
import { readRegistration } from '../src/own-client.js';
import { createSkatteetaten } from '../src/service.js';
import { ensureClient, RESOURCE_WRITE_SCOPE, SCOPES_WRITE_SCOPE } from '../src/setup/client.js';
import { setupSkatteetaten } from '../src/setup/index.js';
import { readPolicy, RESOURCE } from '../src/setup/resource.js';
import { SCOPE_SETTINGS } from '../src/setup/scope.js';
import { createFakeAltinn, type FakeAltinnState } from './fakes/altinn.js';
import { createFakeMaskinporten, type FakeMaskinportenState, SELF_SERVICE_SCOPES } from './fakes/maskinporten.js';
import { callApi, control, decide, systemUserToken } from './testbed.js';

const SCOPE = 'skatteetaten:kravogbetalinger';
const testFetch = () => createServiceFetch({ service: 'skatteetaten', journal: new Journal('test') });

async function state<S>(baseUrl: string): Promise<S> {
  const { testbed: _settings, ...rest } = (await (await control(baseUrl, '/state')).json()) as S & { testbed: unknown };
  return rest as S;
}

/** The requests a service answered since the journal was cleared, as "METHOD path". */
async function received(baseUrl: string): Promise<string[]> {
  const { entries } = (await (await control(baseUrl, '/journal')).json()) as { entries: { direction: string; method: string; path: string }[] };
  return entries.filter((e) => e.direction === 'in' && !e.path.startsWith('/_testbed/journal')).map((e) => `${e.method} ${e.path}`);
}

async function clearJournals(tb: Testbed) {
  await control(tb.urls.maskinporten, '/journal', undefined, 'DELETE');
  await control(tb.urls.altinn, '/journal', undefined, 'DELETE');
}

describe('Skatteetaten’s setup', () => {
  let tb: Testbed;
  beforeAll(async () => {
    tb = await startTestbed({ skatteetaten: createSkatteetaten, maskinporten: createFakeMaskinporten, altinn: createFakeAltinn });
  });
  afterAll(() => tb.close());

  it('onboards a client, creates the scope, grants SmartCloud, registers the resource and its policy', async () => {
    await clearJournals(tb);
    const result = await setupSkatteetaten(tb.config);
    expect(result.changes).toEqual([
      `onboarded Maskinporten client ${result.clientId}`,
      `created scope ${SCOPE}`,
      `granted ${ORG.smartcloud} access to ${SCOPE}`,
      'registered resource ske-krav-og-betalinger',
      'uploaded the policy of ske-krav-og-betalinger',
    ]);
    const scopeQuery = `scope=${encodeURIComponent(SCOPE)}`;
    expect(await received(tb.urls.maskinporten)).toEqual([
      'POST /_testbed/onboarding',
      'POST /token',
      `GET /api/v1/scopes?${scopeQuery}`,
      'POST /api/v1/scopes',
      `GET /api/v1/scopes/access?${scopeQuery}`,
      `PUT /api/v1/scopes/access/${ORG.smartcloud}?${scopeQuery}`,
      'POST /token',
      'GET /jwk',
    ]);
    expect(await received(tb.urls.altinn)).toEqual([
      'GET /authentication/api/v1/exchange/maskinporten',
      'GET /resourceregistry/api/v1/resource/ske-krav-og-betalinger',
      'POST /resourceregistry/api/v1/resource',
      'GET /resourceregistry/api/v1/resource/ske-krav-og-betalinger/policy',
      'POST /resourceregistry/api/v1/resource/ske-krav-og-betalinger/policy',
    ]);
  });

  it('leaves the platform holding exactly what Skatteetaten asked for', async () => {
    const maskinporten = await state<FakeMaskinportenState>(tb.urls.maskinporten);
    const [client] = maskinporten.clients;
    expect(client).toMatchObject({ client_orgno: '974761076', scopes: ['altinn:authorization/authorize', RESOURCE_WRITE_SCOPE, ...SELF_SERVICE_SCOPES] });
    // Only the public key is registered; the private key stays in the data folder.
    expect(client!.jwks.keys).toHaveLength(1);
    expect(client!.jwks.keys[0]).not.toHaveProperty('d');
    await access(path.join(tb.config.dataDir, 'keys', 'skatteetaten-maskinporten-client.json'));
    expect(await readRegistration(tb.config.dataDir)).toEqual({ client_id: client!.client_id, client_orgno: '974761076', scopes: client!.scopes });
    expect(maskinporten.scopes).toEqual([{ prefix: 'skatteetaten', subscope: 'kravogbetalinger', ...SCOPE_SETTINGS, name: SCOPE, owner_orgno: '974761076', active: true }]);
    expect(maskinporten.access).toEqual([{ scope: SCOPE, consumer_orgno: ORG.smartcloud, owner_orgno: '974761076', state: 'APPROVED' }]);

    const altinn = await state<FakeAltinnState>(tb.urls.altinn);
    expect(altinn.resources['ske-krav-og-betalinger']).toEqual(RESOURCE);
    expect(RESOURCE).not.toHaveProperty('resourceReferences');
    expect(altinn.policies['ske-krav-og-betalinger']).toBe(await readPolicy());
  });

  it('uploads a deny-overrides policy: read for the packages and DAGL, authentication level 3', async () => {
    const policy = new XMLParser({ ignoreAttributes: false, removeNSPrefix: true, isArray: (name) => ['AnyOf', 'AllOf', 'Rule'].includes(name) }).parse(await readPolicy()).Policy;
    expect(policy['@_RuleCombiningAlgId']).toBe('urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:deny-overrides');
    expect(policy.Rule).toHaveLength(1);
    const [subjects, resources, actions] = policy.Rule[0].Target.AnyOf as { AllOf: { Match: { AttributeValue: { '#text': string }; AttributeDesignator: { '@_AttributeId': string } } }[] }[];
    const matches = (anyOf: typeof subjects) => anyOf!.AllOf.map((a) => `${a.Match.AttributeDesignator['@_AttributeId']}=${a.Match.AttributeValue['#text']}`);
    expect(matches(subjects)).toEqual([
      'urn:altinn:accesspackage=krav-og-utlegg',
      'urn:altinn:accesspackage=regnskapsforer-med-signeringsrettighet',
      'urn:altinn:accesspackage=regnskapsforer-uten-signeringsrettighet',
      'urn:altinn:rolecode=DAGL',
    ]);
    expect(matches(resources)).toEqual(['urn:altinn:resource=ske-krav-og-betalinger']);
    expect(matches(actions)).toEqual(['urn:oasis:names:tc:xacml:1.0:action:action-id=read']);
    const obligation = policy.ObligationExpressions.ObligationExpression.AttributeAssignmentExpression;
    expect(obligation['@_Category']).toBe('urn:altinn:minimum-authenticationlevel');
    expect(obligation.AttributeValue['#text']).toBe(3);
  });

  it('changes nothing when run again: it only reads', async () => {
    const before = [await state(tb.urls.maskinporten), await state(tb.urls.altinn)];
    await clearJournals(tb);
    const again = await setupSkatteetaten(tb.config);
    expect(again.changes).toEqual([]);
    const calls = [...(await received(tb.urls.maskinporten)), ...(await received(tb.urls.altinn))];
    expect(calls.filter((c) => !c.startsWith('GET ') && c !== 'POST /token')).toEqual([]);
    expect([await state(tb.urls.maskinporten), await state(tb.urls.altinn)]).toEqual(before);
  });

  it('puts back what drifted: the scope, the resource and the policy', async () => {
    const fetch = testFetch();
    const clock = new Clock();
    const { client } = await ensureClient(tb.config, fetch, clock);
    const scopesToken = (await client.token({ scope: SCOPES_WRITE_SCOPE })).access_token;
    const altinnToken = await new AltinnTokenSource({ scope: RESOURCE_WRITE_SCOPE, client: async () => client, fetch, altinnUrl: tb.urls.altinn, clock }).token();
    const send = (url: string, method: string, token: string, body: BodyInit, type?: string) =>
      fetch(url, { method, headers: { authorization: `Bearer ${token}`, ...(type ? { 'content-type': type } : {}) }, body });
    await send(`${tb.urls.maskinporten}/api/v1/scopes?scope=${encodeURIComponent(SCOPE)}`, 'PUT', scopesToken, JSON.stringify({ description: 'Gammel' }), 'application/json');
    await send(`${tb.urls.altinn}/resourceregistry/api/v1/resource/ske-krav-og-betalinger`, 'PUT', altinnToken, JSON.stringify({ ...RESOURCE, delegable: false }), 'application/json');
    const form = new FormData();
    form.append('policyFile', new Blob(['<xacml:Policy/>'], { type: 'text/xml' }), 'policy.xml');
    await send(`${tb.urls.altinn}/resourceregistry/api/v1/resource/ske-krav-og-betalinger/policy`, 'POST', altinnToken, form);

    const result = await setupSkatteetaten(tb.config);
    expect(result.changes).toEqual([`updated scope ${SCOPE}`, 'updated resource ske-krav-og-betalinger', 'uploaded the policy of ske-krav-og-betalinger']);
    expect((await state<FakeAltinnState>(tb.urls.altinn)).resources['ske-krav-og-betalinger']).toEqual(RESOURCE);
  });

  it('onboards a new client after Maskinporten was reset, and the running service uses it', async () => {
    const old = await readRegistration(tb.config.dataDir);
    await control(tb.urls.maskinporten, '/reset', {});
    const result = await setupSkatteetaten(tb.config);
    expect(result.clientId).not.toBe(old!.client_id);
    expect(result.changes).toEqual([`onboarded Maskinporten client ${result.clientId}`, `created scope ${SCOPE}`, `granted ${ORG.smartcloud} access to ${SCOPE}`]);
    await decide(tb, 'Permit');
    await control(tb.urls.skatteetaten, '/reset', {});
    expect((await callApi(tb, `/v1/regnskapssystem/${ORG.rorOgVann}/aapnekrav`, { token: await systemUserToken(tb) })).status).toBe(200);
  });

  it('stops with what the platform answered when a step fails', async () => {
    await control(tb.urls.altinn, '/faults', { path: '/resourceregistry/api/v1/resource/ske-krav-og-betalinger', method: 'GET', status: 500, times: 1 });
    await expect(setupSkatteetaten(tb.config)).rejects.toThrow(/^Reading resource ske-krav-og-betalinger failed: HTTP 500/);
  });

  it('runs from the command line, idempotently', async () => {
    const cli = fileURLToPath(new URL('../src/setup/cli.ts', import.meta.url));
    const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
    const env = {
      ...process.env,
      TESTBED_DATA_DIR: tb.config.dataDir,
      TESTBED_RSA_BITS: '2048',
      MASKINPORTEN_URL: tb.urls.maskinporten,
      ALTINN_URL: tb.urls.altinn,
    };
    await control(tb.urls.maskinporten, '/reset', {});
    const first = await promisify(execFile)(tsx, [cli], { env, timeout: 30_000 });
    expect(first.stdout).toMatch(/skatteetaten setup: onboarded Maskinporten client [0-9a-f-]+\n/);
    expect(first.stdout).toMatch(/Skatteetaten is set up \(client /);
    const second = await promisify(execFile)(tsx, [cli], { env, timeout: 30_000 });
    expect(second.stdout).toMatch(/^Skatteetaten was already set up \(client [0-9a-f-]+\); nothing changed\.\n$/);
    expect(await readFile(path.join(tb.config.dataDir, 'skatteetaten-client-registration.json'), 'utf8')).toContain('974761076');
  });
});
