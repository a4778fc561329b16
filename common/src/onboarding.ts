// An organisation's first Maskinporten client, as Samarbeidsportalen hands it out: the test-bed
// does it through mock-maskinporten's control plane (`POST /_testbed/onboarding`). Setup scripts of
// Skatteetaten and SmartCloud start here, then use the self-service API like any customer.
import type { ServiceFetch } from './http-client.js';
import type { KeyRing } from './keys.js';

export interface OnboardingRequest {
  orgno: string;
  client_name: string;
  /** Digdir-owned scopes the org asks Digdir's service desk for (e.g. Altinn's vendor scopes). */
  scopes: string[];
}

export interface OnboardedClient {
  client_id: string;
  client_orgno: string;
  scopes: string[];
}

export async function onboard(
  fetch: ServiceFetch,
  maskinportenUrl: string,
  adminToken: string | undefined,
  request: OnboardingRequest,
  keys: KeyRing,
): Promise<OnboardedClient> {
  const res = await fetch(`${maskinportenUrl}/_testbed/onboarding`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(adminToken ? { authorization: `Bearer ${adminToken}` } : {}),
    },
    body: JSON.stringify({ ...request, jwks: keys.jwks(0) }),
  });
  if (!res.ok) throw new Error(`Onboarding of ${request.orgno} failed: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as OnboardedClient;
}
