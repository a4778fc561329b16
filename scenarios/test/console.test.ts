import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Testbed } from '@testbed/common/service';
import { startInProcess } from '../src/in-process.js';
import { prepareVendor } from '../src/vendor.js';

/** A page of the console, with its session cookie and form token. */
async function consolePage(tb: Testbed, path = '/') {
  const res = await fetch(`${tb.urls.console}${path}`, { headers: { accept: 'text/html' } });
  const html = await res.text();
  return { html, cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), csrf: /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '' };
}

const post = (tb: Testbed, path: string, page: { cookie: string; csrf: string }, form: Record<string, string> = {}) =>
  fetch(`${tb.urls.console}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: page.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: page.csrf, ...form }),
  });

describe('the console over a running test-bed', () => {
  let tb: Testbed;
  beforeAll(async () => {
    tb = await startInProcess();
  });
  afterAll(() => tb?.close());

  it('shows the setup steps done and Pia’s sign-up as the next step', async () => {
    const status = await (await fetch(`${tb.urls.console}/api/status`)).json();
    const state = Object.fromEntries(status.steps.map((s: { id: string; state: string }) => [s.id, s.state]));
    expect(state).toMatchObject({
      'skatteetaten-scope': 'done',
      'skatteetaten-resource': 'done',
      'smartcloud-client': 'done',
      'smartcloud-system': 'done',
      'pia-request': 'active',
      'pia-approves': 'waiting',
    });
    expect(status.services.every((s: { up: boolean }) => s.up)).toBe(true);
  });

  it('draws the calls between services from the journals', async () => {
    const feed = await (await fetch(`${tb.urls.console}/api/journal`)).json();
    const arrows = new Set(feed.entries.map((e: { from: string; to: string }) => `${e.from}→${e.to}`));
    // The setups: Skatteetaten and SmartRegnskap calling Maskinporten and Altinn; Altinn fetching Maskinporten's keys.
    for (const arrow of ['skatteetaten→maskinporten', 'skatteetaten→altinn', 'smartregnskap→maskinporten', 'smartregnskap→altinn', 'altinn→maskinporten']) {
      expect(arrows.has(arrow), arrow).toBe(true);
    }
    expect(feed.entries.some((e: { path: string }) => e.path.startsWith('/_testbed'))).toBe(false);
    const again = await (await fetch(`${tb.urls.console}/api/journal?cursor=${encodeURIComponent(JSON.stringify(feed.cursor))}`)).json();
    expect(again.entries.length).toBeLessThan(feed.entries.length);
  });

  it('moves every service’s clock', async () => {
    const page = await consolePage(tb);
    expect((await post(tb, '/controls/clock', page, { advanceSeconds: '86400' })).status).toBe(303);
    for (const url of [tb.urls.maskinporten, tb.urls.altinn, tb.urls.skatteetaten, tb.urls.smartregnskap]) {
      const clock = await (await fetch(`${url}/_testbed/clock`)).json();
      expect(clock.offsetSeconds).toBeGreaterThanOrEqual(86400);
    }
    expect((await post(tb, '/controls/clock', page, { reset: '1' })).status).toBe(303);
    expect((await (await fetch(`${tb.urls.altinn}/_testbed/clock`)).json()).offsetSeconds).toBe(0);
  });

  it('resets every service to the seeded world and runs the setups again', async () => {
    await prepareVendor(tb.config);
    const before = await (await fetch(`${tb.urls.maskinporten}/_testbed/state`)).json();
    expect(before.clients.some((c: { client_name: string }) => c.client_name === 'Scenario vendor')).toBe(true);
    const page = await consolePage(tb);
    const res = await post(tb, '/controls/reset', page);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    const after = await (await fetch(`${tb.urls.maskinporten}/_testbed/state`)).json();
    expect(after.clients.some((c: { client_name: string }) => c.client_name === 'Scenario vendor')).toBe(false);
    const status = await (await fetch(`${tb.urls.console}/api/status`)).json();
    expect(status.steps.find((s: { id: string }) => s.id === 'smartcloud-system').state).toBe('done');
  });
});
