// Step 2: the API scope `skatteetaten:kravogbetalinger` through Maskinporten's self-service API,
// and access to it for SmartCloud AS, the vendor of SmartRegnskap.
import type { ServiceFetch } from '@testbed/common/http-client';
import { ORG } from '@testbed/common/world';
import { SCOPE } from '../auth/token.js';
import { contains, expectStatus, jsonRequest } from './http.js';

/** What Skatteetaten decides about its scope; the name itself cannot change (PUT refuses it). */
export const SCOPE_SETTINGS = {
  description: 'Krav og betalinger',
  allowed_integration_types: ['maskinporten'],
};
const [prefix, subscope] = SCOPE.split(':') as [string, string];

/** Organisations Skatteetaten lets use the API (the real Skatteetaten grants pilot vendors). */
export const CONSUMERS = [ORG.smartcloud];

interface AccessGrant {
  consumer_orgno?: string;
  state?: string;
}

export async function ensureScope(fetch: ServiceFetch, maskinportenUrl: string, token: string): Promise<string[]> {
  const changes: string[] = [];
  const scopeUrl = `${maskinportenUrl}/api/v1/scopes?scope=${encodeURIComponent(SCOPE)}`;
  const existing = await expectStatus(await fetch(scopeUrl, jsonRequest('GET', token)), [200, 404], `Reading scope ${SCOPE}`);
  if (existing.status === 404) {
    await expectStatus(await fetch(`${maskinportenUrl}/api/v1/scopes`, jsonRequest('POST', token, { prefix, subscope, ...SCOPE_SETTINGS })), [200, 201], `Creating scope ${SCOPE}`);
    changes.push(`created scope ${SCOPE}`);
  } else if (!contains(await existing.json(), SCOPE_SETTINGS)) {
    await expectStatus(await fetch(scopeUrl, jsonRequest('PUT', token, SCOPE_SETTINGS)), [200], `Updating scope ${SCOPE}`);
    changes.push(`updated scope ${SCOPE}`);
  }

  const grantsUrl = `${maskinportenUrl}/api/v1/scopes/access?scope=${encodeURIComponent(SCOPE)}`;
  const grants = (await (await expectStatus(await fetch(grantsUrl, jsonRequest('GET', token)), [200], `Reading access to ${SCOPE}`)).json()) as AccessGrant[];
  for (const orgno of CONSUMERS) {
    if (grants.some((g) => g.consumer_orgno === orgno && g.state === 'APPROVED')) continue;
    const accessUrl = `${maskinportenUrl}/api/v1/scopes/access/${orgno}?scope=${encodeURIComponent(SCOPE)}`;
    await expectStatus(await fetch(accessUrl, jsonRequest('PUT', token)), [200, 201], `Granting ${orgno} access to ${SCOPE}`);
    changes.push(`granted ${orgno} access to ${SCOPE}`);
  }
  return changes;
}
