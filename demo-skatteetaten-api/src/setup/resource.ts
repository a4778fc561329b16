// Step 3: the resource `ske-krav-og-betalinger` in Altinn's resource registry, and its policy.
// The resource has no `MaskinportenScope` reference: the registry would then demand a
// `consumer_prefix` claim that Maskinporten does not put in Skatteetaten's token.
import { readFile } from 'node:fs/promises';
import type { ServiceFetch } from '@testbed/common/http-client';
import { RESOURCE_ID } from '../auth/pdp.js';
import { SKATTEETATEN_ORGNO } from '../own-client.js';
import { contains, expectStatus, jsonRequest } from './http.js';

export const RESOURCE = {
  identifier: RESOURCE_ID,
  title: { nb: 'Krav og betalinger', nn: 'Krav og betalingar', en: 'Claims and payments' },
  description: { nb: 'API for å hente krav og betalinger', nn: 'API for å hente krav og betalingar', en: 'API for outstanding claims and payments' },
  rightDescription: { nb: 'Gir tilgang til krav og betalinger', nn: 'Gir tilgang til krav og betalingar', en: 'Gives access to claims and payments' },
  status: 'Completed',
  isPartOf: 'Skatteetaten',
  contactPoints: [{ category: 'support', email: 'support@example.test', telephone: '', contactPage: '' }],
  delegable: true,
  visible: true,
  hasCompetentAuthority: {
    organization: SKATTEETATEN_ORGNO,
    orgcode: 'skd',
    name: { nb: 'Skatteetaten', nn: 'Skatteetaten', en: 'Norwegian Tax Administration' },
  },
  keywords: [],
  accessListMode: 'Disabled',
  selfIdentifiedUserEnabled: false,
  enterpriseUserEnabled: false,
  resourceType: 'GenericAccessResource',
  availableForType: ['Company', 'LegalEntityEnterprise'],
  isOneTimeConsent: false,
};

export const readPolicy = () => readFile(new URL('./policy.xml', import.meta.url), 'utf8');

export async function ensureResource(fetch: ServiceFetch, altinnUrl: string, token: string): Promise<string[]> {
  const changes: string[] = [];
  const base = `${altinnUrl}/resourceregistry/api/v1/resource`;
  const existing = await expectStatus(await fetch(`${base}/${RESOURCE_ID}`, jsonRequest('GET', token)), [200, 404], `Reading resource ${RESOURCE_ID}`);
  if (existing.status === 404) {
    await expectStatus(await fetch(base, jsonRequest('POST', token, RESOURCE)), [201], `Registering resource ${RESOURCE_ID}`);
    changes.push(`registered resource ${RESOURCE_ID}`);
  } else if (!contains(await existing.json(), RESOURCE)) {
    await expectStatus(await fetch(`${base}/${RESOURCE_ID}`, jsonRequest('PUT', token, RESOURCE)), [200], `Updating resource ${RESOURCE_ID}`);
    changes.push(`updated resource ${RESOURCE_ID}`);
  }

  const policy = await readPolicy();
  const policyUrl = `${base}/${RESOURCE_ID}/policy`;
  const current = await expectStatus(await fetch(policyUrl, { headers: { authorization: `Bearer ${token}` } }), [200, 404], `Reading the policy of ${RESOURCE_ID}`);
  if (current.status === 200 && (await current.text()).trim() === policy.trim()) return changes;
  const form = new FormData();
  form.append('policyFile', new Blob([policy], { type: 'text/xml' }), 'policy.xml');
  await expectStatus(await fetch(policyUrl, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form }), [200, 201], `Uploading the policy of ${RESOURCE_ID}`);
  changes.push(`uploaded the policy of ${RESOURCE_ID}`);
  return changes;
}
