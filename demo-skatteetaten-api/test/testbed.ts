// Skatteetaten started with the fake Maskinporten and Altinn and set up through them, and the
// calls the tests (and the benchmark) make again and again.
import { stableUuid } from '@testbed/common/identifiers';
import { startTestbed, type Testbed, type TestbedOptions } from '@testbed/common/service';
import { ORG } from '@testbed/common/world';
import { SCOPE } from '../src/auth/token.js';
import { createSkatteetaten } from '../src/service.js';
import { setupSkatteetaten } from '../src/setup/index.js';
import { createFakeAltinn } from './fakes/altinn.js';
import { createFakeMaskinporten } from './fakes/maskinporten.js';

/** A standard system user of Rør og Vann AS, as the vendor SmartCloud would have it. */
export const SYSTEM_USER = { id: stableUuid('test:systemuser:ror-og-vann'), org: ORG.rorOgVann, systemId: `${ORG.smartcloud}_smartregnskap` };

export async function startWithFakes(options: TestbedOptions = {}): Promise<Testbed> {
  const tb = await startTestbed({ skatteetaten: createSkatteetaten, maskinporten: createFakeMaskinporten, altinn: createFakeAltinn }, options);
  await setupSkatteetaten(tb.config);
  return tb;
}

/** Set up as above, with a system-user token that the PDP permits for the system user's own org. */
export async function startPermitted(options: TestbedOptions = {}): Promise<{ tb: Testbed; token: string }> {
  const tb = await startWithFakes(options);
  await decide(tb, 'Permit');
  return { tb, token: await systemUserToken(tb) };
}

/** A JSON call to a service's control plane. */
export async function control(baseUrl: string, path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<Response> {
  return fetch(`${baseUrl}/_testbed${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

export interface SystemUserTokenRequest {
  systemUserId?: string;
  systemUserOrg?: string;
  scopes?: string[];
}

/** A system-user token from (fake) Maskinporten's test endpoint. */
export async function systemUserToken(tb: Testbed, request: SystemUserTokenRequest = {}): Promise<string> {
  const res = await control(tb.urls.maskinporten, '/tokens/systemuser', {
    systemUserId: request.systemUserId ?? SYSTEM_USER.id,
    systemUserOrg: request.systemUserOrg ?? SYSTEM_USER.org,
    systemId: SYSTEM_USER.systemId,
    supplierOrgNo: ORG.smartcloud,
    scopes: request.scopes ?? [SCOPE],
  });
  if (!res.ok) throw new Error(`test token: HTTP ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Any claims, signed with (fake) Maskinporten's current key. */
export async function signedToken(tb: Testbed, claims: object): Promise<string> {
  const res = await control(tb.urls.maskinporten, '/tokens/raw', { claims });
  return ((await res.json()) as { access_token: string }).access_token;
}

/** What the (fake) PDP answers for a system user and party. */
export async function decide(tb: Testbed, decision: 'Permit' | 'Deny' | 'NotApplicable' | 'Indeterminate', systemUserId = SYSTEM_USER.id, party: string = SYSTEM_USER.org): Promise<void> {
  const res = await control(tb.urls.altinn, '/pdp/decisions', { systemUserId, party, decision });
  if (!res.ok) throw new Error(`PDP decision: HTTP ${res.status}`);
}

export interface ApiCall {
  token?: string;
  accept?: string;
  headers?: Record<string, string>;
}

export function callApi(tb: Testbed, path: string, call: ApiCall = {}): Promise<Response> {
  return fetch(`${tb.urls.skatteetaten}${path}`, {
    headers: {
      ...(call.token ? { authorization: `Bearer ${call.token}` } : {}),
      ...(call.accept ? { accept: call.accept } : {}),
      ...call.headers,
    },
  });
}

export interface FeilBody {
  kode: string;
  melding: string;
  korrelasjonsid: string;
}

