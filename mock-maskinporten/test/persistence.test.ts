// What survives: a restart keeps clients, keys, scopes, grants, delegations and the jti replay
// cache; a kill -9 right after tokens were handed out does not let their grants be used again.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Testbed } from '@testbed/common/service';
import { freePort, ROOT, waitForHealth } from '../../bench/processes.js';
import { api as apiOf, control, expectError, makeKey, Org, postGrant, startMaskinporten } from './harness.js';

const SMARTCLOUD = '310000027';
const SKATTEETATEN = '974761076';
const ROR_OG_VANN = '310000019';
const USED_BEFORE = { error: 'invalid_grant', description: 'Grant is used before', code: 'MP-012' };

describe('a restart', () => {
  let tb: Testbed;
  afterAll(() => tb?.close());

  it('keeps clients, keys, scopes, grants, delegations and used grants', async () => {
    tb = await startMaskinporten({ altinn: false });
    const vendor = await Org.onboard(tb, SMARTCLOUD);
    const ske = await Org.onboard(tb, SKATTEETATEN);
    const skeToken = await ske.accessToken();
    const api = (p: string, method = 'GET', body?: unknown) => apiOf(tb, p, skeToken, method, body);
    await api('/scopes', 'POST', { prefix: 'skatteetaten', subscope: 'delegert', description: 'x', delegation_source: `${tb.urls.altinn}/` });
    await api(`/scopes/access/${ROR_OG_VANN}?scope=skatteetaten:delegert`, 'PUT');
    await control(tb, '/delegations', { consumer_orgno: ROR_OG_VANN, supplier_orgno: SMARTCLOUD, scope: 'skatteetaten:delegert' });
    const used = await vendor.grant();
    expect((await postGrant(tb, used)).status).toBe(200);
    const jwkBefore = await (await fetch(`${tb.urls.maskinporten}/jwk`)).json();

    await tb.restart('maskinporten');

    expect(await (await fetch(`${tb.urls.maskinporten}/jwk`)).json()).toEqual(jwkBefore);
    // The self-service token from before the restart still verifies (same signing key).
    expect((await (await api('/scopes?scope=skatteetaten:delegert')).json()) as object).toMatchObject({ delegation_source: `${tb.urls.altinn}/` });
    expect(await (await api('/scopes/access?scope=skatteetaten:delegert')).json()).toEqual([expect.objectContaining({ consumer_orgno: ROR_OG_VANN })]);
    const delegated = await vendor.token({ scope: 'skatteetaten:delegert', consumer_org: ROR_OG_VANN });
    expect(delegated.status).toBe(200);
    await expectError(tb, await postGrant(tb, used), USED_BEFORE);
  });
});

/** mock-maskinporten as its own process, the way `npm start` runs it. */
function startProcess(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'mock-maskinporten/src/main.ts'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: 'ignore' });
}

describe('kill -9', () => {
  const children: ChildProcess[] = [];
  afterAll(() => children.forEach((c) => c.kill('SIGKILL')));

  it('does not let a grant be used again after the process is killed right after answering', { timeout: 120_000 }, async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = { TESTBED_DATA_DIR: await mkdtemp(path.join(os.tmpdir(), 'testbed-kill-')), MASKINPORTEN_PORT: String(port), MASKINPORTEN_URL: base, TESTBED_RSA_BITS: '2048', LOG_LEVEL: 'silent' };
    const first = startProcess(env);
    children.push(first);
    await waitForHealth(base);

    const key = await makeKey();
    const onboarded = await fetch(`${base}/_testbed/onboarding`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ orgno: SMARTCLOUD, client_name: 'kill', jwks: { keys: [key.publicJwk] }, scopes: [] }) });
    const { client_id } = (await onboarded.json()) as { client_id: string };
    const tb = { urls: { maskinporten: base } } as Testbed;
    const org = new Org(tb, SMARTCLOUD, client_id, key);
    const grants = await Promise.all(Array.from({ length: 20 }, () => org.grant()));
    const answers = await Promise.all(grants.map((g) => postGrant(tb, g)));
    expect(answers.map((a) => a.status)).toEqual(grants.map(() => 200));

    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const second = startProcess(env);
    children.push(second);
    await waitForHealth(base);

    for (const grant of grants) await expectError(tb, await postGrant(tb, grant), USED_BEFORE);
  });
});
