// Bad input to every endpoint gets a clear 4xx in the endpoint's format, never a 500: malformed
// bodies, wrong types, huge bodies, invalid numbers, repeated or nested query parameters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Testbed } from '@testbed/common/service';
import { Org, startMaskinporten } from './harness.js';

let tb: Testbed;
let token: string;
let clientId: string;

beforeAll(async () => {
  tb = await startMaskinporten({ altinn: false });
  const org = await Org.onboard(tb, '974761076');
  token = await org.accessToken();
  clientId = org.clientId;
});
afterAll(() => tb.close());

interface Case {
  method: string;
  path: string;
  body?: string;
  contentType?: string;
}

const huge = JSON.stringify({ pad: 'x'.repeat(2_000_000) });
const API_BODIES = ['POST /api/v1/clients', 'PUT /api/v1/clients/{id}', 'POST /api/v1/clients/{id}/jwks', 'POST /api/v1/scopes', 'PUT /api/v1/scopes?scope=skatteetaten:x'];
const CONTROL_BODIES = ['POST /_testbed/onboarding', 'POST /_testbed/tokens/systemuser', 'POST /_testbed/delegations', 'POST /_testbed/certificates'];
const bodies = ['{"a":', '[]', '"text"', '{"client_name":42,"keys":"k","orgno":310000019,"scopes":{"a":1},"prefix":["x"]}', huge];

function cases(): Case[] {
  const all: Case[] = [];
  for (const route of [...API_BODIES, ...CONTROL_BODIES]) {
    const [method, path] = route.replace('{id}', clientId).split(' ') as [string, string];
    for (const body of bodies) all.push({ method, path, body, contentType: 'application/json' });
  }
  const form = 'application/x-www-form-urlencoded';
  all.push(
    { method: 'POST', path: '/token', body: 'grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=%E0%A4%A', contentType: form },
    { method: 'POST', path: '/token', body: `assertion=${'x'.repeat(100_000)}`, contentType: form },
    { method: 'POST', path: '/token', body: 'a=1', contentType: `${form}; charset=latin9` },
    { method: 'POST', path: '/token', body: 'grant_type=x', contentType: 'text/plain' },
    { method: 'POST', path: '/token', body: Array.from({ length: 60 }, (_, i) => `p${i}=1`).join('&'), contentType: form },
    { method: 'GET', path: '/api/v1/clients/12345' },
    { method: 'GET', path: '/api/v1/clients?inactive[a]=1' },
    { method: 'GET', path: '/api/v1/scopes?scope[]=a:b' },
    { method: 'GET', path: '/api/v1/scopes?scope=UPPER:Case' },
    { method: 'PUT', path: '/api/v1/scopes/access/99999999x?scope=skatteetaten:x' },
    { method: 'DELETE', path: '/api/v1/scopes/access/000000000?scope=skatteetaten:x' },
    { method: 'GET', path: '/api/v1/scopes/access?scope=' },
    { method: 'GET', path: '/errors/%E0%A4%A' },
    { method: 'DELETE', path: '/_testbed/delegations/%00' },
  );
  return all;
}

describe('bad input', () => {
  it('never gives a 500, and answers in the endpoint\'s error format', async () => {
    const answers: string[] = [];
    for (const c of cases()) {
      const res = await fetch(`${tb.urls.maskinporten}${c.path}`, {
        method: c.method,
        headers: { authorization: `Bearer ${token}`, ...(c.contentType ? { 'content-type': c.contentType } : {}) },
        ...(c.body !== undefined ? { body: c.body } : {}),
      });
      const label = `${c.method} ${c.path.slice(0, 60)} ${c.body?.slice(0, 30) ?? ''}`;
      const text = await res.text();
      expect(res.status, `${label}: ${text}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${label}: ${text}`).toBeLessThan(500);
      const body = JSON.parse(text) as Record<string, unknown>;
      if (c.path.startsWith('/_testbed')) expect(body, label).toHaveProperty('title');
      else expect(Object.keys(body).slice(0, 2), label).toEqual(['error', 'error_description']);
      answers.push(`${res.status} ${label}`);
    }
    expect(answers.length).toBe(cases().length);
  });
});
