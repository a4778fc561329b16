import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestbed, type Testbed } from '@testbed/common/service';
import { createConsole } from '../src/service.js';

/** Fetches a page and returns its body and the session cookie + CSRF token found in it. */
async function page(url: string, cookie = '') {
  const res = await fetch(url, { headers: { cookie, accept: 'text/html' }, redirect: 'manual' });
  const html = await res.text();
  const setCookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return { res, html, cookie: setCookie || cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '' };
}

describe('console with no other service running', () => {
  let tb: Testbed;
  beforeAll(async () => {
    tb = await startTestbed({ console: createConsole });
  });
  afterAll(() => tb.close());

  it('shows the journey with nothing done yet, in bokmål and English', async () => {
    const nb = await page(`${tb.urls.console}/`);
    expect(nb.res.status).toBe(200);
    expect(nb.html).toContain('Pia godkjenner systemtilgangen i Altinn');
    expect(nb.html).not.toContain('data-state="done"');
    const en = await page(`${tb.urls.console}/?lang=en`);
    expect(en.html).toContain('Pia approves the system access in Altinn');
  });

  it('reports services that do not answer', async () => {
    const status = await (await fetch(`${tb.urls.console}/api/status`)).json();
    expect(status.services.every((s: { up: boolean }) => !s.up)).toBe(true);
    expect(status.steps[0]).toMatchObject({ id: 'skatteetaten-scope', state: 'active' });
  });

  it('rejects a bad journal cursor with a clear error', async () => {
    const res = await fetch(`${tb.urls.console}/api/journal?cursor=${encodeURIComponent('{"x":"y"}')}`);
    expect(res.status).toBe(400);
  });

  it('decodes a token and says when it is not a JWT', async () => {
    const first = await page(`${tb.urls.console}/token`);
    const res = await fetch(`${tb.urls.console}/token`, {
      method: 'POST',
      headers: { cookie: first.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: first.csrf, token: 'not.a.jwt' }),
    });
    expect(await res.text()).toContain('Dette er ikke et gyldig JWT.');
  });

  it('refuses a form without the CSRF token', async () => {
    const res = await fetch(`${tb.urls.console}/controls/reset`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(res.status).toBe(403);
  });
});

describe('console of a shared test-bed', () => {
  let tb: Testbed;
  beforeAll(async () => {
    tb = await startTestbed({ console: createConsole }, { env: { TESTBED_ADMIN_TOKEN: 'workshop-secret' } });
  });
  afterAll(() => tb.close());

  it('requires the admin token before showing anything', async () => {
    const home = await page(`${tb.urls.console}/`);
    expect(home.res.status).toBe(303);
    expect((await fetch(`${tb.urls.console}/api/status`)).status).toBe(401);
    const login = await page(`${tb.urls.console}/login`);
    const wrong = await fetch(`${tb.urls.console}/login`, {
      method: 'POST', redirect: 'manual',
      headers: { cookie: login.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: login.csrf, token: 'guess' }),
    });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${tb.urls.console}/login`, {
      method: 'POST', redirect: 'manual',
      headers: { cookie: login.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: login.csrf, token: 'workshop-secret' }),
    });
    expect(right.status).toBe(303);
    const cookie = right.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    expect((await fetch(`${tb.urls.console}/api/status`, { headers: { cookie } })).status).toBe(200);
  });
});
