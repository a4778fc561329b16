import type { Testbed } from '@testbed/common/service';
import { findOrg, ORG } from '@testbed/common/world';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionRequest } from '../src/auth/pdp.js';
import { osloDate } from '../src/claims/calendar.js';
import { buildLedger } from '../src/claims/ledger.js';
import { aapneKrav, alleKrav, innbetalinger, utbetalinger } from '../src/claims/views.js';
import { HINT_HEADER } from '../src/errors.js';
import type { PdpRequest } from './fakes/altinn.js';
import { callApi, control, decide, type FeilBody, startPermitted, startWithFakes, SYSTEM_USER, systemUserToken } from './testbed.js';
import { expectFeil } from './expect-feil.js';

const RoV = ORG.rorOgVann;
const base = `/v1/regnskapssystem/${RoV}`;
const thisYear = () => {
  const today = osloDate(Date.now());
  return { fraOgMed: `${today.slice(0, 4)}-01-01`, tilOgMed: today };
};
const ledger = () => buildLedger(findOrg(RoV)!, osloDate(Date.now()));
const wire = (body: unknown) => JSON.parse(JSON.stringify(body)) as unknown;
const pdpRequests = async (tb: Testbed) => (await (await control(tb.urls.altinn, '/pdp/requests')).json()) as PdpRequest[];

describe('Krav og betalinger over HTTP', () => {
  let tb: Testbed;
  let token: string;

  beforeAll(async () => {
    ({ tb, token } = await startPermitted());
  });
  afterAll(() => tb.close());

  it('answers aapnekrav with the party’s open claims, as JSON by default', async () => {
    const res = await callApi(tb, `${base}/aapnekrav`, { token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual(wire(aapneKrav(ledger(), undefined)));
  });

  it('answers krav, innbetalinger and utbetalinger for a period', async () => {
    const { fraOgMed, tilOgMed } = thisYear();
    const query = `?fraOgMed=${fraOgMed}&tilOgMed=${tilOgMed}&Korrelasjonsid=abc`;
    const krav = await callApi(tb, `${base}/krav${query}`, { token });
    expect(await krav.json()).toEqual(wire(alleKrav(ledger(), { fraOgMed, tilOgMed })));
    const inn = await callApi(tb, `${base}/innbetalinger${query}`, { token });
    expect(await inn.json()).toEqual(wire(innbetalinger(ledger(), { fraOgMed, tilOgMed })));
    const lastYear = `?fraOgMed=${Number(fraOgMed.slice(0, 4)) - 1}-01-01&tilOgMed=${fraOgMed}`;
    const ut = await callApi(tb, `${base}/utbetalinger${lastYear}`, { token });
    const expected = utbetalinger(ledger(), { fraOgMed: `${Number(fraOgMed.slice(0, 4)) - 1}-01-01`, tilOgMed: fraOgMed });
    if (expected) expect(await ut.json()).toEqual(wire(expected));
    else await expectFeil(ut, 404, 'KB-007');
  });

  it('answers XML with Accept: application/xml, element names as the JSON names', async () => {
    const res = await callApi(tb, `${base}/aapnekrav`, { token, accept: 'application/xml' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/xml/);
    const xml = await res.text();
    const json = aapneKrav(ledger(), undefined)!;
    const parsed = new XMLParser({ parseTagValue: false, isArray: (name) => ['aapentKravMedGjenstaaendeBeloep', 'kravforfall', 'oversiktPerKravgruppe'].includes(name) }).parse(xml);
    expect(Object.keys(parsed)).toEqual(['aapneKrav']);
    const root = parsed.aapneKrav;
    expect(root.partIdentifikator).toBe(RoV);
    expect(root.skjermet).toBe('false');
    expect(root.aapentKravMedGjenstaaendeBeloep).toHaveLength(json.aapentKravMedGjenstaaendeBeloep.length);
    expect(root.aapentKravMedGjenstaaendeBeloep[0].kravforfall[0].betalingsinformasjon.kidnummer).toBe(json.aapentKravMedGjenstaaendeBeloep[0]!.kravforfall[0]!.betalingsinformasjon.kidnummer);
    expect(root.totalOversikt.saldo).toBe(String(json.totalOversikt.saldo));
    expect(root.oversiktPerKravgruppe.map((g: { kravgruppe: string }) => g.kravgruppe)).toEqual(json.oversiktPerKravgruppe.map((g) => g.kravgruppe));
  });

  it('negotiates the representation from the Accept header, q-values included', async () => {
    const type = async (accept: string) => (await callApi(tb, `${base}/aapnekrav`, { token, accept })).headers.get('content-type');
    expect(await type('application/xml, application/json;q=0.5')).toMatch(/^application\/xml/);
    expect(await type('application/json, application/xml;q=0.5')).toMatch(/^application\/json/);
    expect(await type('*/*')).toMatch(/^application\/json/);
    expect(await type('application/*')).toMatch(/^application\/json/);
  });

  it('refuses other representations with KB-008 (406)', async () => {
    for (const accept of ['text/html', 'text/xml', 'application/pdf']) {
      const body = await expectFeil(await callApi(tb, `${base}/aapnekrav`, { token, accept }), 406, 'KB-008');
      expect(body.melding).toBe('Feil tilknyttet dataformat. Kun json eller xml er støttet.');
    }
  });

  it('answers errors as the documented XML when XML is asked for', async () => {
    const res = await callApi(tb, `${base}/aapnekrav`, { accept: 'application/xml' });
    expect(res.status).toBe(401);
    const id = res.headers.get('x-correlation-id');
    expect(await res.text()).toBe(
      `<feil xmlns="urn:no:skatteetaten:datasamarbeid:feil:v1">\n   <kode>KB-004</kode>\n   <melding>Feil i forbindelse med autentisering: Mangler gyldig Bearer-token.</melding>\n   <korrelasjonsid>${id}</korrelasjonsid>\n</feil>\n`,
    );
    const notFound = await callApi(tb, '/v1/ukjent', { accept: 'application/xml' });
    expect(await notFound.text()).toContain('<kode>KB-003</kode>');
  });

  it('gives every call its own korrelasjonsid, or the caller’s X-Correlation-ID', async () => {
    const a = await expectFeil(await callApi(tb, `${base}/krav`, { token }), 400, 'KB-006');
    const b = await expectFeil(await callApi(tb, `${base}/krav`, { token }), 400, 'KB-006');
    expect(a.korrelasjonsid).not.toBe(b.korrelasjonsid);
    const mine = await expectFeil(await callApi(tb, `${base}/krav`, { token, headers: { 'x-correlation-id': 'min-korrelasjon-1' } }), 400, 'KB-006');
    expect(mine.korrelasjonsid).toBe('min-korrelasjon-1');
  });

  it('answers unknown paths and methods with KB-003 (404)', async () => {
    for (const path of [`${base}/ukjent`, `${base}/__proto__`, '/v2/regnskapssystem/310000019/krav', '/v1/annet/310000019/krav', '/', `${base}/aapnekrav/mer`]) {
      const body = await expectFeil(await callApi(tb, path, { token }), 404, 'KB-003');
      expect(body.melding).toBe('Ukjent url benyttet.');
    }
    await expectFeil(await fetch(`${tb.urls.skatteetaten}${base}/aapnekrav`, { method: 'POST', headers: { authorization: `Bearer ${token}` } }), 404, 'KB-003');
  });

  it('answers the finans rettighetspakke with KB-005: consent tokens are not supported', async () => {
    const body = await expectFeil(await callApi(tb, `/v1/finans/${RoV}/aapnekrav`, { token }), 403, 'KB-005');
    expect(body.melding).toMatch(/^Feil i forbindelse med samtykketoken: Test-bed støtter ikke samtykketoken/);
    await expectFeil(await callApi(tb, `/v1/finans/${RoV}/ukjent`, { token }), 404, 'KB-003');
  });

  it('validates the party and the period with KB-006 and a Norwegian message', async () => {
    const cases: [string, RegExp][] = [
      [`${base}/krav`, /fraOgMed og tilOgMed må oppgis/],
      [`${base}/innbetalinger?fraOgMed=2024-01-01`, /tilOgMed mangler/],
      [`${base}/utbetalinger?fraOgMed=2024-02-30&tilOgMed=2024-12-31`, /fraOgMed «2024-02-30» er ikke en gyldig dato/],
      [`${base}/krav?fraOgMed=2024-01-01&tilOgMed=2025-06-01`, /høyst ett år/],
      [`${base}/krav?fraOgMed=2024-06-01&tilOgMed=2024-01-01`, /fraOgMed \(2024-06-01\) er etter tilOgMed/],
      [`${base}/krav?fraOgMed=2024-01-01&fraOgMed=2024-02-01&tilOgMed=2024-12-31`, /én gang/],
      [`${base}/aapnekrav?tilOgMed=2024-12-31`, /fraOgMed mangler/],
      ['/v1/regnskapssystem/310000018/aapnekrav', /partIdentifikator «310000018»/],
      ['/v1/regnskapssystem/%E0%A4%A/aapnekrav', /ugyldig prosentkoding/],
    ];
    for (const [path, message] of cases) {
      const body = await expectFeil(await callApi(tb, path, { token }), 400, 'KB-006');
      expect(body.melding, path).toMatch(/^Feil i forbindelse med validering av inputdata: /);
      expect(body.melding, path).toMatch(message);
    }
  });

  it('answers KB-009 for a valid number outside the world, without asking the PDP', async () => {
    const before = (await pdpRequests(tb)).length;
    const body = await expectFeil(await callApi(tb, '/v1/regnskapssystem/923609016/aapnekrav', { token }), 404, 'KB-009');
    expect(body.melding).toBe('Ingen treff på oppgitt identifikator.');
    await expectFeil(await callApi(tb, '/v1/regnskapssystem/12837849150/aapnekrav', { token }), 404, 'KB-009');
    expect((await pdpRequests(tb)).length).toBe(before);
  });

  it('answers KB-007 when the party has nothing in the period', async () => {
    const body = await expectFeil(await callApi(tb, `${base}/krav?fraOgMed=2001-01-01&tilOgMed=2001-12-31`, { token }), 404, 'KB-007');
    expect(body.melding).toBe('Fant ingen krav/betalinger på angitt identifikator og periode.');
  });

  it('asks the PDP as authorization.md §1.6 describes, with the subscription key', async () => {
    await callApi(tb, `${base}/aapnekrav`, { token });
    const last = (await pdpRequests(tb)).at(-1)!;
    expect(last.body).toEqual(decisionRequest(SYSTEM_USER.id, RoV));
    expect(last.body).toEqual({
      Request: {
        ReturnPolicyIdList: false,
        AccessSubject: [{ Attribute: [{ AttributeId: 'urn:altinn:systemuser:uuid', Value: SYSTEM_USER.id }] }],
        Action: [{ Attribute: [{ AttributeId: 'urn:oasis:names:tc:xacml:1.0:action:action-id', Value: 'read', DataType: 'http://www.w3.org/2001/XMLSchema#string' }] }],
        Resource: [{ Attribute: [{ AttributeId: 'urn:altinn:resource', Value: 'ske-krav-og-betalinger' }, { AttributeId: 'urn:altinn:organization:identifier-no', Value: RoV }] }],
      },
    });
    expect(last.subscriptionKey).toBeTruthy();
  });

  it('never answers bad input with a 500', async () => {
    const paths = [
      `/v1/regnskapssystem/${'9'.repeat(5000)}/krav`,
      `${base}/krav?fraOgMed[a]=1&tilOgMed=2024-01-01`,
      `${base}/krav?fraOgMed=%00&tilOgMed=%FF`,
      `${base}/krav?fraOgMed=${'2'.repeat(3000)}&tilOgMed=2024-01-01`,
      `${base}/aapnekrav?fraOgMed=2024-01-01&tilOgMed=2024-01-01&fraOgMed=x`,
      '/v1/regnskapssystem/%2e%2e/aapnekrav',
      '/v1/regnskapssystem/%/aapnekrav',
      `${base}/%ZZ`,
    ];
    for (const path of paths) {
      const res = await callApi(tb, path, { token, accept: 'application/xml' });
      expect(res.status, path).toBeLessThan(500);
      expect(await res.text(), path).toMatch(/^<feil xmlns="urn:no:skatteetaten:datasamarbeid:feil:v1">/);
    }
    for (const authorization of ['Bearer', 'Bearer a.b.c', `Bearer ${'x'.repeat(10_000)}`, 'Basic dXNlcjpwYXNz', 'Bearer eyJhbGciOiJub25lIn0.e30.']) {
      const res = await callApi(tb, `${base}/aapnekrav`, { headers: { authorization } });
      await expectFeil(res, 401, 'KB-004');
    }
  });

  it('answers injected faults in the Feil format with the injected status', async () => {
    await control(tb.urls.skatteetaten, '/faults', { path: `${base}/aapnekrav`, status: 503, times: 1 });
    await expectFeil(await callApi(tb, `${base}/aapnekrav`, { token }), 503, 'DAS-003');
    await control(tb.urls.skatteetaten, '/faults', { path: `${base}/*`, status: 500, times: 1 });
    await expectFeil(await callApi(tb, `${base}/krav`, { token }), 500, 'KB-001');
    expect((await callApi(tb, `${base}/aapnekrav`, { token })).status).toBe(200);
  });

  it('says which check failed in X-Testbed-Hint', async () => {
    await decide(tb, 'NotApplicable', SYSTEM_USER.id, ORG.fjellbekk);
    const res = await callApi(tb, `/v1/regnskapssystem/${ORG.fjellbekk}/aapnekrav`, { token });
    await expectFeil(res, 403, 'DAS-008', /^PDP decision NotApplicable for system user .* on party 312000008/);
  });
});

describe('Krav og betalinger in strict mode', () => {
  let tb: Testbed;
  beforeAll(async () => {
    tb = await startWithFakes({ env: { TESTBED_STRICT: 'true' } });
  });
  afterAll(() => tb.close());

  it('leaves the diagnostic hint out', async () => {
    const res = await callApi(tb, `${base}/aapnekrav`, { token: await systemUserToken(tb) });
    expect(res.status).toBe(403);
    expect(res.headers.get(HINT_HEADER)).toBeNull();
    expect(((await res.json()) as FeilBody).kode).toBe('DAS-008');
  });
});
