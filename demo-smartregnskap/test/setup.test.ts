import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENV_PREFIX, SERVICE_NAMES } from '@testbed/common/config';
import type { Testbed } from '@testbed/common/service';
import { setupSmartRegnskap } from '../src/setup/index.js';
import { control, PageClient, startAll, textOf } from './testbed.js';

const workspace = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

interface SetupBody {
  adminClientId: string;
  standardClientId: string;
  agentClientId: string;
  standardSystemId: string;
  agentSystemId: string;
}

describe('vendor setup against real Maskinporten and Skatteetaten', () => {
  let tb: Testbed;
  beforeAll(async () => {
    tb = await startAll({ smartregnskapSetup: false });
  });
  afterAll(() => tb.close());

  it('creates the clients with their own keys and registers both systems', async () => {
    const res = await control(tb.urls.smartregnskap, '/setup', {});
    const body = (await res.json()) as SetupBody;
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ standardSystemId: '310000027_smartregnskap', agentSystemId: '310000027_smartregnskap_klient' });
    expect(new Set([body.adminClientId, body.standardClientId, body.agentClientId]).size).toBe(3);

    // What Maskinporten holds, through the self-service view of its state.
    const mp = await (await control(tb.urls.maskinporten, '/state')).json();
    const client = (id: string) => mp.clients.find((c: { client_id: string }) => c.client_id === id);
    expect(client(body.standardClientId)).toMatchObject({
      client_name: 'SmartRegnskap',
      client_orgno: '310000027',
      scopes: expect.arrayContaining(['skatteetaten:kravogbetalinger', 'altinn:authentication/systemregister.write', 'altinn:authentication/systemuser.request.read', 'altinn:authentication/systemuser.request.write']),
    });
    expect(client(body.agentClientId)).toMatchObject({ client_name: 'SmartRegnskap klientsystem', scopes: ['skatteetaten:kravogbetalinger'] });
    const kids = [body.adminClientId, body.standardClientId, body.agentClientId].map((id) => client(id).jwks.keys.map((k: { kid: string; d?: string }) => {
      expect(k.d).toBeUndefined();
      return k.kid;
    }));
    expect(new Set(kids.flat()).size).toBe(3);

    // Both systems as Altinn's vendor API shows them (on the vendor page).
    const admin = textOf((await new PageClient(tb.urls.smartregnskap).get('/admin')).html);
    expect(admin).toContain('SmartRegnskap (310000027_smartregnskap)');
    expect(admin).toContain('SmartRegnskap klientsystem (310000027_smartregnskap_klient)');
  });

  it('is idempotent: a second run finds and keeps what the first made', async () => {
    const first = (await (await control(tb.urls.smartregnskap, '/setup', {})).json()) as SetupBody;
    const clientsBefore = (await (await control(tb.urls.maskinporten, '/state')).json()).clients.length;
    const second = (await (await control(tb.urls.smartregnskap, '/setup', {})).json()) as SetupBody;
    expect(second).toMatchObject({ adminClientId: first.adminClientId, standardClientId: first.standardClientId, agentClientId: first.agentClientId });
    expect((await (await control(tb.urls.maskinporten, '/state')).json()).clients.length).toBe(clientsBefore);
  });

  it('runs from the command line through the running service', async () => {
    const env: Record<string, string> = { ...process.env, LOG_LEVEL: 'silent', TESTBED_DATA_DIR: tb.config.dataDir } as Record<string, string>;
    for (const name of SERVICE_NAMES) env[`${ENV_PREFIX[name]}_URL`] = tb.urls[name];
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'src/setup/cli.ts'], { cwd: workspace, env, timeout: 60_000 });
    expect(JSON.parse(stdout)).toMatchObject({ standardSystemId: '310000027_smartregnskap' });
  });

  it('fails with a clear message when Maskinporten does not answer', async () => {
    await control(tb.urls.maskinporten, '/faults', { path: '/token', drop: true, times: 1 });
    const res = await control(tb.urls.smartregnskap, '/setup', {});
    expect(res.status).toBe(502);
    expect((await res.json()).detail).toMatch(/step "onboarding of SmartCloud AS": no answer/);
  });

  // Last in this block: a second data folder means new keys, which the running service does not have.
  it('runs without the service, on its own state file', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'smartregnskap-setup-'));
    const config = { ...tb.config, dataDir, urls: { ...tb.config.urls, smartregnskap: 'http://127.0.0.1:9' } };
    const record = await setupSmartRegnskap(config);
    expect(record).toMatchObject({ standardSystemId: '310000027_smartregnskap' });
    const saved = JSON.parse(await readFile(path.join(dataDir, 'smartregnskap.json'), 'utf8'));
    expect(saved.setup).toEqual(record);
  });
});

describe('vendor setup before Skatteetaten has granted the scope', () => {
  let tb: Testbed;
  beforeAll(async () => {
    tb = await startAll({ skatteetatenSetup: false, smartregnskapSetup: false });
  });
  afterAll(() => tb.close());

  it('says that Skatteetaten has to run its setup first', async () => {
    const res = await control(tb.urls.smartregnskap, '/setup', {});
    expect(res.status).toBe(502);
    const { detail } = await res.json();
    expect(detail).toContain('Skatteetaten has not granted SmartCloud AS (310000027) access to the scope skatteetaten:kravogbetalinger');
    expect(detail).toContain('npm run setup -w demo-skatteetaten-api');
    // Nothing upstream can work yet, and the pages say so instead of failing.
    const page = new PageClient(tb.urls.smartregnskap);
    expect(textOf((await page.get('/')).html)).toContain('SmartRegnskap er ikke satt opp ennå');
    const signup = await page.post('/signup', { kind: 'direct', orgPick: '310000019', contactName: 'Pia' });
    expect(signup.status).toBe(503);
    expect(textOf(signup.html)).toContain('SmartRegnskap er ikke satt opp');
  });
});
