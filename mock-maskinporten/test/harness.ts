// What Maskinporten's tests share: a test-bed with Maskinporten (and the fake Altinn), onboarded
// organisations that sign grants with their own keys, and assertions on Maskinporten's error body.
import { randomUUID } from 'node:crypto';
import { CompactSign, exportJWK, generateKeyPair, type JWK } from 'jose';
import { expect } from 'vitest';
import { startTestbed, type Testbed, type TestbedOptions } from '@testbed/common/service';
import { createMaskinporten } from '../src/service.js';
import { JWT_BEARER } from '../src/state.js';
import { createFakeAltinn, type FakeSystemUser } from './fake-altinn.js';

export { JWT_BEARER };

export const startMaskinporten = (options: TestbedOptions & { altinn?: boolean } = {}) =>
  startTestbed({ maskinporten: createMaskinporten, ...(options.altinn === false ? {} : { altinn: createFakeAltinn }) }, options);

export const issuerOf = (tb: Testbed) => `${tb.urls.maskinporten}/`;

export interface TestKey {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function makeKey(kid: string = randomUUID(), alg = 'RS256'): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { modulusLength: 2048, extractable: true });
  return { kid, alg, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg } };
}

export async function sign(payload: object, header: Record<string, unknown>, key: CryptoKey): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader(header as { alg: string }).sign(key);
}

/** Calls a control-plane route with a JSON body. */
export async function control(tb: Testbed, path: string, body?: unknown, method = 'POST'): Promise<Response> {
  return fetch(`${tb.urls.maskinporten}/_testbed${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
}

/** Maskinporten's clock (seconds), which the control plane may have moved. */
export async function serverNow(tb: Testbed): Promise<number> {
  const { now } = (await (await control(tb, '/clock', undefined, 'GET')).json()) as { now: string };
  return Math.floor(Date.parse(now) / 1000);
}

export const moveClock = (tb: Testbed, offsetSeconds: number, service: 'maskinporten' | 'altinn' = 'maskinporten') =>
  fetch(`${tb.urls[service]}/_testbed/clock`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ offsetSeconds }) });

/** Calls the self-service API with a bearer token; a string body is sent as is. */
export const api = (tb: Testbed, path: string, token: string | undefined, method = 'GET', body?: unknown, contentType = 'application/json') =>
  fetch(`${tb.urls.maskinporten}/api/v1${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': contentType }) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });

export const postForm = (tb: Testbed, fields: Record<string, string>) =>
  fetch(`${tb.urls.maskinporten}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });

export const postGrant = (tb: Testbed, assertion: string) => postForm(tb, { grant_type: JWT_BEARER, assertion });

/** An organisation with an onboarded client that signs its own grants. */
export class Org {
  constructor(
    readonly tb: Testbed,
    readonly orgno: string,
    readonly clientId: string,
    readonly key: TestKey,
  ) {}

  static async onboard(tb: Testbed, orgno: string, scopes: string[] = [], clientName = `client-${orgno}`, key?: TestKey): Promise<Org> {
    const k = key ?? (await makeKey());
    const res = await control(tb, '/onboarding', { orgno, client_name: clientName, jwks: { keys: [k.publicJwk] }, scopes });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    const client = (await res.json()) as { client_id: string };
    return new Org(tb, orgno, client.client_id, k);
  }

  /** The usual grant claims at Maskinporten's current time, with `extra` merged in (undefined removes). */
  async claims(extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const now = await serverNow(this.tb);
    const claims: Record<string, unknown> = { aud: issuerOf(this.tb), iss: this.clientId, scope: 'idporten:dcr.read', iat: now, exp: now + 60, jti: randomUUID(), ...extra };
    for (const [k, v] of Object.entries(claims)) if (v === undefined) delete claims[k];
    return claims;
  }

  async grant(extra: Record<string, unknown> = {}, header: Record<string, unknown> = {}): Promise<string> {
    return sign(await this.claims(extra), { alg: this.key.alg, kid: this.key.kid, ...header }, this.key.privateKey);
  }

  token(extra: Record<string, unknown> = {}, header: Record<string, unknown> = {}): Promise<Response> {
    return this.grant(extra, header).then((g) => postGrant(this.tb, g));
  }

  /** An access token for the self-service API (all four self-service scopes by default). */
  async accessToken(scope = 'idporten:dcr.read idporten:dcr.write idporten:dcr.modify idporten:scopes.write'): Promise<string> {
    const res = await this.token({ scope });
    expect(res.status, await res.clone().text()).toBe(200);
    return ((await res.json()) as { access_token: string }).access_token;
  }
}

export const seedSystemUsers = (tb: Testbed, systemUsers: FakeSystemUser[]) =>
  fetch(`${tb.urls.altinn}/_testbed/seed`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ systemUsers }) });

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface ExpectedError {
  status?: number;
  error: string;
  description: string;
  code?: string;
}

/** Asserts Maskinporten's error body exactly: error, description + trace id, error_uri only with a code. */
export async function expectError(tb: Testbed, res: Response, expected: ExpectedError): Promise<Record<string, unknown>> {
  const body = (await res.json()) as Record<string, unknown>;
  expect({ status: res.status, error: body.error }, JSON.stringify(body)).toEqual({ status: expected.status ?? 400, error: expected.error });
  expect(body.error_description).toMatch(new RegExp(`^${escape(expected.description)} \\(trace_id: [0-9a-f]{32}\\)$`));
  if (expected.code) expect(body.error_uri).toBe(`${tb.urls.maskinporten}/errors/${expected.code}`);
  else expect(body).not.toHaveProperty('error_uri');
  return body;
}

export const decodePart = (jwt: string, part: 0 | 1) => JSON.parse(Buffer.from(jwt.split('.')[part]!, 'base64url').toString('utf8')) as Record<string, unknown>;
