import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOrg, ORG, PERSON } from '@testbed/common/world';
import { krav, mva, pkg, SCOPE, startHarness, systemBody, VENDOR, type Harness } from './authn-harness.js';

const REQ = '/authentication/api/v1/systemuser/request';
const SYSTEM = `${VENDOR}_smartregnskap`;
const VENDOR_SCOPES = [SCOPE.registerWrite, SCOPE.requestWrite, SCOPE.requestRead].join(' ');
const rorOgVann = findOrg(ORG.rorOgVann)!;

/** The vendor's systems: a standard one, one without redirect URLs, and an agent (client) system. */
async function registerSystems(h: Harness, vendor: string): Promise<void> {
  const systems = [
    systemBody('smartregnskap', { rights: [krav, mva], accessPackages: [pkg('skatt-naering'), pkg('merverdiavgift')] }),
    systemBody('noredirect', { allowedRedirectUrls: [] }),
    systemBody('klient', { rights: [], isVisible: false, accessPackages: [pkg('regnskapsforer-med-signeringsrettighet'), pkg('regnskapsforer-lonn')] }),
  ];
  for (const body of systems) {
    const res = await h.call('/authentication/api/v1/systemregister/vendor', { method: 'POST', token: vendor, body });
    expect(res.status).toBe(200);
  }
}

const request = (overrides: Record<string, unknown> = {}) => ({ systemId: SYSTEM, partyOrgNo: ORG.rorOgVann, rights: [krav], ...overrides });

describe('standard requests: create and read', () => {
  let h: Harness;
  let vendor: string;
  beforeAll(async () => {
    h = await startHarness();
    vendor = await h.maskinporten(VENDOR, VENDOR_SCOPES);
    await registerSystems(h, vendor);
  });
  afterAll(() => h.close());

  const create = (body: unknown, token = vendor) => h.call(`${REQ}/vendor`, { method: 'POST', token, body });

  it('creates a request: 201, Location on the portal route, the full response', async () => {
    const res = await create(request({ externalRef: 'tenant-1', redirectUrl: 'https://smartregnskap.example/callback?state=abc' }));
    expect(res.status).toBe(201);
    const id = res.json.id;
    expect(res.headers.get('location')).toBe(`${h.tb.urls.altinn}${REQ}/${id}`);
    expect(res.json).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      integrationTitle: 'SmartRegnskap',
      externalRef: 'tenant-1',
      systemId: SYSTEM,
      partyOrgNo: ORG.rorOgVann,
      rights: [krav],
      accessPackages: [],
      status: 'New',
      redirectUrl: 'https://smartregnskap.example/callback?state=abc',
      confirmUrl: `${h.tb.urls.altinn}/accessmanagement/ui/systemuser/request?id=${id}&DONTCHOOSEREPORTEE=true`,
      escalated: false,
      created: expect.any(String),
      timedOut: false,
    });
    const read = await h.call(`${REQ}/vendor/${id}`, { token: vendor });
    expect(read.json).toEqual(res.json);
    const byRef = await h.call(`${REQ}/vendor/byexternalref/${SYSTEM}/${ORG.rorOgVann}/tenant-1`, { token: vendor });
    expect(byRef.json).toEqual(res.json);
  });

  it('is idempotent on system, org and external reference (defaulting to the org number)', async () => {
    const first = await create(request({ accessPackages: [pkg('skatt-naering')], rights: null }));
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ externalRef: ORG.rorOgVann, rights: [], accessPackages: [pkg('skatt-naering')] });
    expect('redirectUrl' in first.json).toBe(false);
    const again = await create(request({ externalRef: ORG.rorOgVann, integrationTitle: 'Something else' }));
    expect(again.status).toBe(200);
    expect(again.json.id).toBe(first.json.id);
    expect(again.headers.get('location')).toBeNull();
  });

  it('validates in the real order with the real codes', async () => {
    const code = async (body: unknown, token = vendor) => {
      const res = await create(body, token);
      return `${res.status} ${res.json?.code}`;
    };
    expect(await code(request(), await h.maskinporten(undefined, SCOPE.requestWrite))).toBe('401 AUTH-00023');
    expect(await code(request({ systemId: `${VENDOR}_nope`, externalRef: 'v1' }))).toBe('404 AUTH-00011');
    const stranger = await h.maskinporten(ORG.tallmakerne, SCOPE.requestWrite);
    expect(await code(request({ externalRef: 'v2' }), stranger)).toBe('404 AUTH-00011');
    expect(await code(request({ partyOrgNo: '999999999', externalRef: 'v3' }))).toBe('400 AUTH-00000');
    expect(await code(request({ externalRef: 'v4', redirectUrl: 'https://evil.example/callback' }))).toBe('400 AUTH-00021');
    expect(await code(request({ systemId: `${VENDOR}_noredirect`, externalRef: 'v5', redirectUrl: 'https://smartregnskap.example/callback' }))).toBe('400 AUTH-00026');
    expect(await code(request({ externalRef: 'v6', rights: null }))).toBe('400 AUTH-00001');
    expect(await code(request({ externalRef: 'v7', rights: [], accessPackages: [] }))).toBe('400 AUTH-00059');
    expect(await code(request({ externalRef: 'v8', rights: [{ resource: [{ id: 'urn:altinn:resource', value: 'app_ttd_endring-av-navn' }] }] }))).toBe('400 AUTH-00001');
    const notOffered = await create(request({ externalRef: 'v9', accessPackages: [pkg('lonn'), pkg('skatt-naering')] }));
    expect([notOffered.status, notOffered.json.code, notOffered.json.NotFoundPackages]).toEqual([400, 'AUTH-00063', 'urn:altinn:accesspackage:lonn']);
    const clientPackage = await create({ systemId: `${VENDOR}_klient`, partyOrgNo: ORG.rorOgVann, accessPackages: [pkg('regnskapsforer-lonn')] });
    expect([clientPackage.json.code, clientPackage.json.NotDelegablePackages]).toEqual(['AUTH-00064', 'urn:altinn:accesspackage:regnskapsforer-lonn']);
  });

  it('answers the ProblemDetails format with the AUTH code', async () => {
    const res = await create(request({ systemId: `${VENDOR}_nope` }));
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.json).toEqual({
      type: 'urn:altinn:error:AUTH-00011',
      title: 'The Id does not refer to a Registered System.',
      status: 404,
      code: 'AUTH-00011',
      traceId: expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/),
      statusDescription: 'Not Found',
    });
  });

  it('answers bad bodies with ASP.NET model-state errors, never 500', async () => {
    const missing = await create({ partyOrgNo: ORG.rorOgVann });
    expect([missing.status, missing.json.errors]).toEqual([400, { SystemId: ['The SystemId field is required.'] }]);
    const long = await create(request({ externalRef: 'x'.repeat(256) }));
    expect(long.json.errors).toEqual({ ExternalRef: ['The field ExternalRef must be a string with a maximum length of 255.'] });
    const wrongType = await create(request({ rights: 'all' }));
    expect(Object.keys(wrongType.json.errors)).toEqual(['$.rights', 'createRequest']);
    const number = await create(request({ partyOrgNo: 310000019 }));
    expect(number.status).toBe(400);
    const malformed = await h.call(`${REQ}/vendor`, { method: 'POST', token: vendor, raw: '{', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    const form = await h.call(`${REQ}/vendor`, { method: 'POST', token: vendor, raw: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
    const huge = await create(request({ integrationTitle: 'x'.repeat(300_000) }));
    expect(huge.status).toBe(413);
  });

  it('reads by id and by external reference with the real errors', async () => {
    const created = (await create(request({ externalRef: 'read' }))).json;
    const get = (path: string, token = vendor) => h.call(`${REQ}/vendor/${path}`, { token });
    expect((await get('not-a-guid')).json.errors).toEqual({ requestId: ["The value 'not-a-guid' is not valid."] });
    expect((await get('6e7adea4-928e-451b-ab93-d7e453ca6add')).json.code).toBe('AUTH-00010');
    expect((await get(created.id, await h.maskinporten(ORG.tallmakerne, SCOPE.requestRead))).json.code).toBe('AUTH-00011');
    const noConsumer = await get(created.id, await h.maskinporten(undefined, SCOPE.requestRead));
    expect([noConsumer.status, noConsumer.text]).toEqual([401, '']);
    const wrongScope = await get(created.id, await h.maskinporten(VENDOR, SCOPE.requestWrite));
    expect([wrongScope.status, wrongScope.text]).toEqual([403, '']);
    expect((await get(`byexternalref/${SYSTEM}/${ORG.rorOgVann}/nope`)).json.code).toBe('AUTH-00010');
    expect((await get(`byexternalref/${SYSTEM}/${ORG.rorOgVann}/read`, await h.maskinporten(ORG.tallmakerne, SCOPE.requestRead))).json.code).toBe('AUTH-00011');
  });

  it('deletes softly: 202 empty, then gone, and the key may be asked again', async () => {
    const created = (await create(request({ externalRef: 'delete-me' }))).json;
    const del = await h.call(`${REQ}/vendor/${created.id}`, { method: 'DELETE', token: vendor });
    expect([del.status, del.text]).toEqual([202, '']);
    expect((await h.call(`${REQ}/vendor/${created.id}`, { token: vendor })).json.code).toBe('AUTH-00010');
    expect((await h.call(`${REQ}/vendor/${created.id}`, { method: 'DELETE', token: vendor })).json.code).toBe('AUTH-00010');
    const again = await create(request({ externalRef: 'delete-me' }));
    expect(again.status).toBe(201);
    expect(again.json.id).not.toBe(created.id);
  });

  it('creates agent requests with their own rules and confirm page', async () => {
    const agent = (body: unknown) => h.call(`${REQ}/vendor/agent`, { method: 'POST', token: vendor, body });
    const body = { systemId: `${VENDOR}_klient`, partyOrgNo: ORG.tallmakerne, accessPackages: [pkg('regnskapsforer-lonn')] };
    const res = await agent(body);
    expect(res.status).toBe(201);
    expect(res.json.confirmUrl).toBe(`${h.tb.urls.altinn}/accessmanagement/ui/systemuser/agentrequest?id=${res.json.id}&DONTCHOOSEREPORTEE=true`);
    expect('rights' in res.json).toBe(false);
    expect((await agent(body)).status).toBe(200);
    expect((await agent({ ...body, externalRef: 'b', accessPackages: [] })).json.code).toBe('AUTH-00058');
    expect((await agent({ ...body, externalRef: 'c', accessPackages: [pkg('revisormedarbeider')] })).json.code).toBe('AUTH-00063');
    expect((await agent({ systemId: `${VENDOR}_klient`, partyOrgNo: ORG.tallmakerne })).json.errors).toEqual({ AccessPackages: ['The AccessPackages field is required.'] });

    const read = await h.call(`${REQ}/vendor/agent/${res.json.id}`, { token: vendor });
    expect(read.json).toEqual(res.json);
    const asStandard = await h.call(`${REQ}/vendor/${res.json.id}`, { token: vendor });
    expect(asStandard.json).toMatchObject({ id: res.json.id, rights: [], confirmUrl: expect.stringContaining('/systemuser/request?id=') });
    const standard = (await create(request({ externalRef: 'not-agent' }))).json;
    expect((await h.call(`${REQ}/vendor/agent/${standard.id}`, { token: vendor })).json.code).toBe('AUTH-00010');
    const byRef = await h.call(`${REQ}/vendor/agent/byexternalref/${VENDOR}_klient/${ORG.tallmakerne}/${ORG.tallmakerne}`, { token: vendor });
    expect(byRef.json.id).toBe(res.json.id);
  });
});

describe('request lists', () => {
  const listAll = async (h: Harness, token: string, first: string) => {
    const pages: { ids: string[]; links: Record<string, string> }[] = [];
    let next: string | undefined = `${REQ}/vendor/bysystem/${SYSTEM}`;
    while (next) {
      const res = await h.call(next.replace(h.tb.urls.altinn, ''), { token });
      expect(res.status).toBe(200);
      pages.push({ ids: res.json.data.map((r: { id: string }) => r.id), links: res.json.links });
      next = res.json.links.next;
      if (next) expect(next).toMatch(new RegExp(`^${first.replace(/[.?]/g, '\\$&')}\\?token=[A-Za-z0-9_-]+$`));
    }
    return pages;
  };

  async function withRequests(env: Record<string, string>, count: number) {
    const h = await startHarness({ env: { ALTINN_PAGE_SIZE: '2', ...env } });
    const vendor = await h.maskinporten(VENDOR, VENDOR_SCOPES);
    await registerSystems(h, vendor);
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const res = await h.call(`${REQ}/vendor`, { method: 'POST', token: vendor, body: request({ externalRef: `r${i}` }) });
      ids.push(res.json.id);
    }
    return { h, vendor, ids: ids.sort() };
  }

  it('skips the first item of every next page by default, as the real repository does', async () => {
    const { h, vendor, ids } = await withRequests({}, 5);
    try {
      const pages = await listAll(h, vendor, `${h.tb.urls.altinn}${REQ}/vendor/bysystem/${SYSTEM}`);
      expect(pages.map((p) => p.ids)).toEqual([[ids[0], ids[1]], [ids[3], ids[4]]]);
      expect(pages.at(-1)!.links).toEqual({});
      const bad = await h.call(`${REQ}/vendor/bysystem/${SYSTEM}?token=nonsense`, { token: vendor });
      expect(bad.json.errors.token).toBeDefined();
      expect((await h.call(`${REQ}/vendor/bysystem/${VENDOR}_nope`, { token: vendor })).json.code).toBe('AUTH-00011');
    } finally {
      await h.close();
    }
  });

  it('pages correctly with the quirk off', async () => {
    const { h, vendor, ids } = await withRequests({ ALTINN_PAGINATION_QUIRK: 'false' }, 5);
    try {
      const pages = await listAll(h, vendor, `${h.tb.urls.altinn}${REQ}/vendor/bysystem/${SYSTEM}`);
      expect(pages.map((p) => p.ids)).toEqual([[ids[0], ids[1]], [ids[2], ids[3]], [ids[4]]]);
    } finally {
      await h.close();
    }
  });
});

describe('request timeouts on the mock clock', () => {
  it('flags a request older than 180 days as timed out and keeps its status and idempotency', async () => {
    const h = await startHarness();
    try {
      const vendor = await h.maskinporten(VENDOR, VENDOR_SCOPES);
      await registerSystems(h, vendor);
      const created = (await h.call(`${REQ}/vendor`, { method: 'POST', token: vendor, body: request() })).json;
      await h.advanceClock(181 * 86400);
      const token = await h.maskinporten(VENDOR, VENDOR_SCOPES);
      const read = await h.call(`${REQ}/vendor/${created.id}`, { token });
      expect(read.json).toMatchObject({ status: 'New', timedOut: true });
      const again = await h.call(`${REQ}/vendor`, { method: 'POST', token, body: request() });
      expect([again.status, again.json.id]).toEqual([200, created.id]);
    } finally {
      await h.close();
    }
  });

  it('in docs mode sets Timedout after 10 days: a new request is created and the old cannot be approved', async () => {
    const h = await startHarness({ env: { ALTINN_DOCS_TIMEOUT: 'true' } });
    try {
      const vendor = await h.maskinporten(VENDOR, VENDOR_SCOPES);
      await registerSystems(h, vendor);
      const old = (await h.call(`${REQ}/vendor`, { method: 'POST', token: vendor, body: request() })).json;
      await h.advanceClock(9 * 86400);
      expect((await h.call(`${REQ}/vendor/${old.id}`, { token: await h.maskinporten(VENDOR, VENDOR_SCOPES) })).json.status).toBe('New');
      await h.advanceClock(2 * 86400);
      const token = await h.maskinporten(VENDOR, VENDOR_SCOPES);
      expect((await h.call(`${REQ}/vendor/${old.id}`, { token })).json).toMatchObject({ status: 'Timedout', timedOut: true });
      const fresh = await h.call(`${REQ}/vendor`, { method: 'POST', token, body: request() });
      expect(fresh.status).toBe(201);
      const approve = await h.call(`${REQ}/${rorOgVann.partyId}/${old.id}/approve`, { method: 'POST', token: await h.person(PERSON.pia) });
      expect([approve.status, approve.json.code]).toEqual([409, 'AUTH-00013']);
    } finally {
      await h.close();
    }
  });
});
