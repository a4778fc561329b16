import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestbed, type Testbed } from '@testbed/common/service';
import { createAltinn } from '../src/service.js';

describe('Altinn token issuer metadata', () => {
  let tb: Testbed;
  beforeAll(async () => {
    tb = await startTestbed({ altinn: createAltinn });
  });
  afterAll(() => tb.close());

  it('serves OpenID metadata with the issuer and a JWKS of public keys', async () => {
    const meta = await (await fetch(`${tb.urls.altinn}/authentication/api/v1/openid/.well-known/openid-configuration`)).json();
    expect(meta.issuer).toBe(`${tb.urls.altinn}/authentication/api/v1/openid/`);
    const jwks = await (await fetch(meta.jwks_uri)).json();
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0].kid).toMatch(/^[0-9A-F]{40}$/);
    expect(jwks.keys[0].d).toBeUndefined();
  });

  it('answers an unknown route with a problem, not a crash', async () => {
    const res = await fetch(`${tb.urls.altinn}/nope`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});
