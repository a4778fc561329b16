// The test-bed as a whole, in separate processes as `npm start` runs it:
// - cold start: from spawning every service on a fresh data folder (keys generated) until each
//   answers its health check, and until Skatteetaten's and SmartCloud's setups are done;
// - the API-level direct-customer journey (setup excluded): request, approval, token, claims,
//   withdrawal, MP-303 — time per journey over repeated runs;
// - "Krav og betalinger": calls per second and p50/p99 of GET aapnekrav with a system-user token,
//   each call checked in full (token signature, scope, PDP call to Altinn), at 5 in flight
//   (Skatteetaten's limit per organisation) and at 32.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ENV_PREFIX, SERVICE_NAMES } from '@testbed/common/config';
import { adminHeaders } from '@testbed/common/testbed-control';
import { ORG } from '@testbed/common/world';
import { apiDirectCustomerJourney } from '@testbed/scenarios/journeys/api-direct-customer';
import { JourneyRun } from '@testbed/scenarios/run';
import { startStack } from '@testbed/scenarios/stack';
import { prepareVendor } from '@testbed/scenarios/vendor';
import { drive, freePort, percentile } from './processes.js';

const JOURNEYS = 10;
/** Calls per round, about five seconds' worth on two cores. */
const CALLS: Record<number, number> = { 5: 1000, 32: 2000 };

const fmt = (ms: number) => ms.toFixed(0);

/** Resident memory of every service, from its health check. */
async function memory(urls: Record<string, string>): Promise<string> {
  const parts = await Promise.all(
    SERVICE_NAMES.map(async (name) => {
      const health = (await (await fetch(`${urls[name]}/_testbed/health`)).json()) as { memory: { rssMB: number } };
      return `${name} ${health.memory.rssMB} MB`;
    }),
  );
  return parts.join(', ');
}

export async function benchTestbed(): Promise<void> {
  const env: Record<string, string> = { LOG_LEVEL: 'silent', TESTBED_DATA_DIR: await mkdtemp(path.join(os.tmpdir(), 'testbed-bench-stack-')) };
  for (const name of SERVICE_NAMES) {
    const port = await freePort();
    env[`${ENV_PREFIX[name]}_PORT`] = String(port);
    env[`${ENV_PREFIX[name]}_URL`] = `http://127.0.0.1:${port}`;
  }
  const started = performance.now();
  let healthyAt = 0;
  const stack = await startStack({
    showLogs: false,
    env,
    // The first setup line comes right after every service answered its health check.
    log: (line) => {
      if (!healthyAt && line.startsWith('setup:')) healthyAt = performance.now();
    },
  });
  const setUpAt = performance.now();
  try {
    const { config } = stack;
    console.log(`Cold start (fresh data folder, ${config.rsaBits}-bit keys generated): every service healthy after ${fmt(healthyAt - started)} ms; setups done after ${fmt(setUpAt - started)} ms.`);
    console.log(`Resident memory after start: ${await memory(config.urls)}.\n`);

    const vendor = await prepareVendor(config);
    const times: number[] = [];
    for (let i = 0; i < JOURNEYS; i++) {
      const run = new JourneyRun(`journey ${i + 1}`);
      await apiDirectCustomerJourney(config, vendor, run);
      times.push(run.totalMs);
    }
    times.sort((a, b) => a - b);
    console.log(
      `API-level direct-customer journey (9 steps, setup excluded), ${JOURNEYS} runs: mean ${fmt(times.reduce((a, b) => a + b, 0) / times.length)} ms, p50 ${fmt(percentile(times, 50))} ms, max ${fmt(times.at(-1)!)} ms.\n`,
    );

    // A pre-approved system user for the scenario system, through Altinn's fixtures.
    const seeded = await fetch(`${config.urls.altinn}/_testbed/seed`, {
      method: 'POST',
      headers: { ...adminHeaders(config), 'content-type': 'application/json' },
      body: JSON.stringify({ systemUsers: [{ systemId: vendor.systemId, partyOrgNo: ORG.rorOgVann, rights: [{ resource: [{ id: 'urn:altinn:resource', value: 'ske-krav-og-betalinger' }] }] }] }),
    });
    if (!seeded.ok) throw new Error(`seeding a system user failed: ${seeded.status} ${await seeded.text()}`);
    const { access_token } = await vendor.client.token({ scope: 'skatteetaten:kravogbetalinger', systemUser: { systemUserOrg: ORG.rorOgVann } });
    const url = `${config.urls.skatteetaten}/v1/regnskapssystem/${ORG.rorOgVann}/aapnekrav`;
    const call = async () => {
      const res = await fetch(url, { headers: { authorization: `Bearer ${access_token}` } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`aapnekrav answered ${res.status}`);
    };
    await drive(50, 5, call);
    console.log('| in flight | calls/s | p50 ms | p99 ms |');
    console.log('|--:|--:|--:|--:|');
    for (const concurrency of [5, 32]) {
      const total = CALLS[concurrency]!;
      const { latencies, seconds } = await drive(total, concurrency, call);
      latencies.sort((a, b) => a - b);
      console.log(`| ${concurrency} | ${(total / seconds).toFixed(0)} | ${percentile(latencies, 50).toFixed(1)} | ${percentile(latencies, 99).toFixed(1)} |`);
    }
    console.log('\n"Krav og betalinger" GET aapnekrav: token check, scope, system user, PDP call to Altinn with a cached exchanged token, ledger.');
    console.log(`Resident memory after the load: ${await memory(config.urls)}.`);
  } finally {
    await stack.stop();
  }
}
