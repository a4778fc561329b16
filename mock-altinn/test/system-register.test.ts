import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORG, PERSON } from '@testbed/common/world';
import { krav, SCOPE, startHarness, systemBody, VENDOR, type Harness } from './authn-harness.js';

const WRITE = SCOPE.registerWrite;
const ADMIN = SCOPE.registerAdmin;
const BASE = '/authentication/api/v1/systemregister';

describe('system register vendor API', () => {
  let h: Harness;
  let vendor: string;
  beforeAll(async () => {
    h = await startHarness();
    vendor = await h.maskinporten(VENDOR, WRITE);
  });
  afterAll(() => h.close());

  const create = async (body: unknown, token = vendor) => h.call(`${BASE}/vendor`, { method: 'POST', token, body });

  it('creates a system, answers the internal GUID and shows it to its vendor', async () => {
    const body = systemBody('create');
    const created = await create(body);
    expect(created.status).toBe(200);
    expect(created.json).toMatch(/^[0-9a-f-]{36}$/);

    const read = await h.call(`${BASE}/vendor/${body.id}`, { token: vendor });
    expect(read.json).toEqual({
      id: body.id,
      vendor: { ID: `0192:${VENDOR}` },
      name: body.name,
      description: body.description,
      rights: [krav],
      accessPackages: body.accessPackages,
      isDeleted: false,
      clientId: body.clientId,
      isVisible: true,
      allowedRedirectUrls: body.allowedRedirectUrls,
    });
    const list = await h.call(`${BASE}/vendor`, { token: vendor });
    expect(list.json).toContainEqual({
      systemId: body.id,
      systemVendorOrgNumber: VENDOR,
      systemVendorOrgName: '',
      name: body.name,
      description: body.description,
      rights: [krav],
      accessPackages: body.accessPackages,
      isVisible: true,
    });
    const log = await h.call(`${BASE}/vendor/${body.id}/changelog`, { token: vendor });
    expect(log.json).toEqual([
      expect.objectContaining({ systemInternalId: created.json, changedByOrgNumber: VENDOR, changeType: 'create', clientId: `client-${VENDOR}` }),
    ]);
  });

  it('answers 401 empty without a token and 403 empty without the scope', async () => {
    const none = await h.call(`${BASE}/vendor`);
    expect([none.status, none.text]).toEqual([401, '']);
    const wrong = await h.call(`${BASE}/vendor`, { token: await h.maskinporten(VENDOR, 'altinn:authentication/systemregister') });
    expect([wrong.status, wrong.text]).toEqual([403, '']);
    const noConsumer = await h.call(`${BASE}/vendor`, { token: await h.maskinporten(undefined, WRITE) });
    expect([noConsumer.status, noConsumer.text]).toEqual([403, '']);
  });

  it('checks the vendor identifier first and alone', async () => {
    const res = await create(systemBody('bad vendor', { vendor: { ID: `9908:${VENDOR}` } }));
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ type: 'urn:altinn:error:STD-00000', code: 'STD-00000', status: 400 });
    expect(res.json.validationErrors).toEqual([
      { code: 'AUTH.VLD-00000', title: 'the org number identifier is not valid ISO6523 identifier', paths: ['/registersystemrequest/vendor/id'] },
    ]);
  });

  it('collects every other rule in the real order', async () => {
    const taken = systemBody('taken');
    expect((await create(taken)).status).toBe(200);
    const res = await create(
      systemBody('x', {
        id: `999999999_bad name`,
        clientId: taken.clientId,
        allowedRedirectUrls: ['http://smartregnskap.example/callback'],
        rights: [
          { resource: [{ id: 'urn:altinn:resourcex', value: 'ske-krav-og-betalinger' }] },
          { resource: [{ id: 'urn:altinn:resource', value: 'ukjent' }] },
          { resource: [{ id: 'urn:altinn:resource', value: 'ske-maskinporten-schema' }] },
          krav,
          krav,
        ],
        accessPackages: [
          { urn: 'skatt-naering' },
          { urn: 'urn:altinn:accesspackage:finnes-ikke' },
          { urn: 'urn:altinn:accesspackage:tilgangsstyrer' },
          { urn: 'urn:altinn:accesspackage:regnskapsforer-lonn' },
          { urn: 'urn:altinn:accesspackage:regnskapsforer-lonn' },
        ],
      }),
    );
    expect(res.status).toBe(400);
    expect(res.json.validationErrors.map((e: { code: string; paths: string[] }) => `${e.code} ${e.paths[0]}`)).toEqual([
      'AUTH.VLD-00013 /registersystemrequest/systemid',
      'AUTH.VLD-00001 /registersystemrequest/systemid',
      'AUTH.VLD-00005 /registersystemrequest/allowedredirecturls',
      'AUTH.VLD-00004 /registersystemrequest/clientid',
      'AUTH.VLD-00009 /registersystemrequest/rights/resource',
      'AUTH.VLD-00003 /registersystemrequest/rights/resource',
      'AUTH.VLD-00017 /registersystemrequest/rights/resource',
      'AUTH.VLD-00006 /registersystemrequest/rights/resource',
      'AUTH.VLD-00008 /registersystemrequest/accesspackages',
      'AUTH.VLD-00007 /registersystemrequest/accesspackages',
      'AUTH.VLD-00018 /registersystemrequest/accesspackages',
    ]);
    const ext = (code: string) => res.json.validationErrors.find((e: { code: string }) => e.code === code);
    expect(ext('AUTH.VLD-00003')['ResourceIds Not Found : ']).toBe('ukjent');
    expect(ext('AUTH.VLD-00017')['ResourceIds Not Delegable : ']).toBe('ske-maskinporten-schema');
    expect(ext('AUTH.VLD-00008')['Invalid Urn Details : ']).toBe(
      'Invalid format: skatt-naering | Not found: urn:altinn:accesspackage:finnes-ikke | Not possible to delegate: urn:altinn:accesspackage:tilgangsstyrer',
    );
  });

  it('refuses a system for another vendor with 403 before its validation errors, unless admin', async () => {
    const other = systemBody('other', { id: `${ORG.tallmakerne}_x y`, vendor: { ID: `0192:${ORG.tallmakerne}` } });
    const res = await create(other);
    expect([res.status, res.text]).toEqual([403, '']);
    const admin = await h.maskinporten(ORG.digdir, ADMIN);
    const ok = systemBody('admin', { id: `${ORG.tallmakerne}_admin`, vendor: { ID: `0192:${ORG.tallmakerne}` } });
    expect((await create(ok, admin)).status).toBe(200);
    expect((await h.call(`${BASE}/vendor/${ok.id}`, { token: vendor })).status).toBe(403);
    expect((await h.call(`${BASE}/vendor/${ok.id}`, { token: admin })).status).toBe(200);
  });

  it('allows http redirect URLs only on loopback, binds member names without case and trims strings', async () => {
    const body = systemBody('loopback', { allowedRedirectUrls: undefined, allowedredirecturls: ['http://localhost:7300/cb', 'http://127.0.0.1/cb'] });
    body.id = `  ${body.id}  `;
    expect((await create(body)).status).toBe(200);
    const read = await h.call(`${BASE}/vendor/${VENDOR}_loopback`, { token: vendor });
    expect(read.json.allowedRedirectUrls).toEqual(['http://localhost:7300/cb', 'http://127.0.0.1/cb']);
  });

  it('answers bad bodies in the ASP.NET model-state format, never 500', async () => {
    const missing = await create({ vendor: { ID: `0192:${VENDOR}` } });
    expect(missing.status).toBe(400);
    expect(missing.json).toMatchObject({ title: 'One or more validation errors occurred.', status: 400, type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1' });
    expect(missing.json.errors.$[0]).toContain("missing required properties including: id, name, description");
    const wrongType = await create(systemBody('types', { isVisible: 'yes' }));
    expect(wrongType.json.errors['$.isVisible'][0]).toContain('System.Boolean');
    const malformed = await h.call(`${BASE}/vendor`, { method: 'POST', token: vendor, raw: '{"id":', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect(malformed.json.errors).toBeDefined();
    const text = await h.call(`${BASE}/vendor`, { method: 'POST', token: vendor, raw: 'hello', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
    const huge = await create(systemBody('huge', { description: { nb: 'x'.repeat(300_000) } }));
    expect(huge.status).toBe(413);
    const array = await create([1, 2]);
    expect(array.json.errors.$[0]).toContain('RegisterSystemRequest');
  });

  it('replaces a whole system with the real checks and plain-string errors', async () => {
    const body = systemBody('replace');
    await create(body);
    const put = (systemId: string, b: unknown, token = vendor) => h.call(`${BASE}/vendor/${systemId}`, { method: 'PUT', token, body: b });

    const unknown = await put(`${VENDOR}_nope`, systemBody('nope'));
    expect([unknown.status, unknown.text]).toEqual([404, `System with ID '${VENDOR}_nope' not found.`]);
    const stranger = await put(body.id, body, await h.maskinporten(ORG.tallmakerne, WRITE));
    expect([stranger.status, stranger.text]).toEqual([403, '']);
    const otherVendor = await put(body.id, { ...body, vendor: { ID: `0192:${ORG.tallmakerne}` } });
    expect(otherVendor.status).toBe(404);
    const mismatch = await put(body.id, { ...body, id: `${VENDOR}_other` });
    expect(mismatch.json.validationErrors).toEqual([
      { code: 'AUTH.VLD-00012', title: 'The system ID in the request body does not match the system ID in the URL', paths: ['/registersystemrequest/systemid'] },
    ]);
    const dup = randomUUID();
    const duplicates = await put(body.id, { ...body, clientId: [dup, dup.toUpperCase()] });
    expect(duplicates.json.validationErrors.map((e: { code: string }) => e.code)).toEqual(['AUTH.VLD-00011']);

    const ok = await put(body.id, { ...body, name: { nb: 'Nytt navn' }, isVisible: false });
    expect([ok.status, ok.json]).toEqual([200, { succeeded: true }]);
    const read = await h.call(`${BASE}/vendor/${body.id}`, { token: vendor });
    expect(read.json).toMatchObject({ name: { nb: 'Nytt navn' }, isVisible: false });
    const log = await h.call(`${BASE}/vendor/${body.id}/changelog`, { token: vendor });
    expect(log.json.map((e: { changeType: string }) => e.changeType)).toEqual(['create', 'update']);
  });

  it('updates rights and access packages, 404 for an unknown system instead of a crash', async () => {
    const body = systemBody('rights');
    await create(body);
    const rights = (systemId: string, b: unknown) => h.call(`${BASE}/vendor/${systemId}/rights`, { method: 'PUT', token: vendor, body: b });
    const packages = (systemId: string, b: unknown) => h.call(`${BASE}/vendor/${systemId}/accesspackages`, { method: 'PUT', token: vendor, body: b });

    expect([(await rights(`${VENDOR}_nope`, [krav])).status, (await packages(`${VENDOR}_nope`, [])).status]).toEqual([404, 404]);
    const mva = { resource: [{ id: 'urn:altinn:resource', value: 'ske-mva' }] };
    expect((await rights(body.id, [krav, mva])).json).toEqual({ succeeded: true });
    expect((await rights(body.id, [krav, krav])).json.validationErrors[0].code).toBe('AUTH.VLD-00006');
    expect((await rights(body.id, { not: 'a list' })).status).toBe(400);
    expect((await packages(body.id, [{ urn: 'urn:altinn:accesspackage:regnskapsforer-lonn' }])).json.validationErrors[0].code).toBe('AUTH.VLD-00018');
    expect((await packages(body.id, [{ urn: 'urn:altinn:accesspackage:merverdiavgift' }])).json).toEqual({ succeeded: true });
    const read = await h.call(`${BASE}/vendor/${body.id}`, { token: vendor });
    expect(read.json).toMatchObject({ rights: [krav, mva], accessPackages: [{ urn: 'urn:altinn:accesspackage:merverdiavgift' }] });
    const log = await h.call(`${BASE}/vendor/${body.id}/changelog`, { token: vendor });
    expect(log.json.map((e: { changeType: string }) => e.changeType)).toEqual(['create', 'rightsupdate', 'accesspackageupdate']);
  });

  it('soft-deletes: client ids freed, the id reserved for ever, no more changes', async () => {
    const body = systemBody('delete');
    await create(body);
    const del = (systemId: string) => h.call(`${BASE}/vendor/${systemId}`, { method: 'DELETE', token: vendor });

    const unknown = await del(`${VENDOR}_nope`);
    expect([unknown.status, unknown.json.errors]).toEqual([400, { return: ['System not found'] }]);
    expect((await del(body.id)).json).toEqual({ succeeded: true });
    const read = await h.call(`${BASE}/vendor/${body.id}`, { token: vendor });
    expect(read.json).toMatchObject({ isDeleted: true, clientId: [] });
    expect((await h.call(`${BASE}/vendor`, { token: vendor })).json.map((s: { systemId: string }) => s.systemId)).not.toContain(body.id);

    const again = await del(body.id);
    expect([again.status, again.text]).toEqual([400, '']);
    const recreate = await create(body);
    expect(recreate.json.validationErrors.map((e: { code: string }) => e.code)).toEqual(['AUTH.VLD-00002']);
    expect((await create(systemBody('reuse', { clientId: body.clientId }))).status).toBe(200);
    const put = await h.call(`${BASE}/vendor/${body.id}/rights`, { method: 'PUT', token: vendor, body: [krav] });
    expect([put.status, put.text]).toEqual([400, 'Cannot update a system marked as deleted.']);
  });

  it('cannot delete a system without client ids (the real repository needs a client row)', async () => {
    const body = systemBody('noclient', { clientId: [] });
    await create(body);
    const res = await h.call(`${BASE}/vendor/${body.id}`, { method: 'DELETE', token: vendor });
    expect([res.status, res.text]).toEqual([400, '']);
  });

  it('answers plain strings for an unknown change log', async () => {
    const res = await h.call(`${BASE}/vendor/${VENDOR}_nope/changelog`, { token: vendor });
    expect([res.status, res.text]).toEqual([404, `System with ID ${VENDOR}_nope not found.`]);
  });

  it('lets one of two concurrent creates of the same id win; the other is refused', async () => {
    const body = systemBody('race');
    const [a, b] = await Promise.all([create(body), create({ ...body, clientId: [randomUUID()] })]);
    expect([a.status, b.status].sort()).toEqual([200, expect.any(Number)]);
    const loser = a.status === 200 ? b : a;
    if (loser.status === 409) expect(loser.text).toBe(`The System already exist: ${body.id}`);
    else expect(loser.json.validationErrors[0].code).toBe('AUTH.VLD-00002');
  });
});

describe('system register portal reads', () => {
  let h: Harness;
  let person: string;
  beforeAll(async () => {
    h = await startHarness();
    const vendor = await h.maskinporten(VENDOR, WRITE);
    person = await h.person(PERSON.pia);
    const app = { resource: [{ id: 'urn:altinn:resource', value: 'app_ttd_endring-av-navn' }] };
    await h.call(`${BASE}/vendor`, { method: 'POST', token: vendor, body: systemBody('visible', { rights: [krav, app] }) });
    await h.call(`${BASE}/vendor`, { method: 'POST', token: vendor, body: systemBody('hidden', { isVisible: false }) });
  });
  afterAll(() => h.close());

  it('lists visible, non-deleted systems to a person with the portal scope', async () => {
    const res = await h.call(BASE, { token: person });
    expect(res.json.map((s: { systemId: string }) => s.systemId)).toEqual([`${VENDOR}_visible`]);
    expect((await h.call(BASE, { token: await h.person(PERSON.pia, 'altinn:other') })).status).toBe(403);
  });

  it('reads one system, its rights (optionally in the old app format) and its packages', async () => {
    expect((await h.call(`${BASE}/${VENDOR}_hidden`, { token: person })).json.systemId).toBe(`${VENDOR}_hidden`);
    const rights = await h.call(`${BASE}/${VENDOR}_visible/rights?useOldFormatForApp=true`, { token: person });
    expect(rights.json[1]).toEqual({ resource: [{ id: 'urn:altinn:org', value: 'ttd' }, { id: 'urn:altinn:app', value: 'endring-av-navn' }] });
    expect((await h.call(`${BASE}/${VENDOR}_visible/rights?useOldFormatForApp=maybe`, { token: person })).status).toBe(400);
    const packages = await h.call(`${BASE}/${VENDOR}_visible/accesspackages`, { token: person });
    expect(packages.json).toEqual([{ urn: 'urn:altinn:accesspackage:skatt-naering' }]);
    for (const p of ['', '/rights', '/accesspackages']) {
      const res = await h.call(`${BASE}/${VENDOR}_nope${p}`, { token: person });
      expect([res.status, res.text]).toEqual([404, '']);
    }
  });
});
