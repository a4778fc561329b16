// System-user token issuance: throughput and p50/p99 latency of POST /token (a grant with
// authorization_details, so Maskinporten verifies the grant, asks Altinn byExternalId over HTTP and
// signs a token) at 1 and 32 concurrent clients, against the bound that the cryptography alone
// sets: RS256 sign + verify with the same key size and library (jose), measured in the same run at
// the same concurrency. Maskinporten and Altinn run as child processes with the default 3072-bit
// keys; grants are signed before the timed phase, one jti each.
//
// For context it also measures a floor: the same cryptography and the same two HTTP hops on bare
// node:http (bench/floor-server.ts), which shows what the machine allows before any framework.
//
// BENCH_PROFILE=1 writes CPU profiles of Maskinporten and Altinn (node --cpu-prof) to $TMPDIR/testbed-bench-profile.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CompactSign, compactVerify, exportJWK, generateKeyPair } from 'jose';
import type { ServiceName } from '@testbed/common/config';
import { cpuSeconds, drive, percentile, startScript, startServices } from './processes.js';

const BITS = 3072;
const VENDOR = '310000027';
const OWNER = '310000019';
const SCOPE = 'altinn:authentication/systemuser.request.read';
const CONCURRENCY = [1, 32];
const REQUESTS: Record<number, number> = { 1: 450, 32: 1800 };
const ROUNDS = 3;
const WARMUP = 32;

/**
 * The Altinn that Maskinporten asks. The fake one (mock-maskinporten/test/fake-altinn.ts) takes a
 * system user through its control plane; to measure against mock-altinn, give its entry file and
 * an `addSystemUser` that registers the system and approves a request there.
 */
interface AltinnUnderTest {
  entry: string;
  addSystemUser(altinnUrl: string, user: { id: string; systemId: string; clientId: string; vendorOrgNo: string; ownerOrgNo: string }): Promise<void>;
}

const fakeAltinn: AltinnUnderTest = {
  entry: 'mock-maskinporten/test/fake-altinn-main.ts',
  async addSystemUser(altinnUrl, user) {
    const res = await fetch(`${altinnUrl}/_testbed/seed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ systemUsers: [{ ...user, clientIds: [user.clientId] }] }),
    });
    if (!res.ok) throw new Error(`seeding the fake Altinn failed: ${res.status}`);
  },
};

const encoder = new TextEncoder();
const sign = (payload: object, header: { alg: string; kid?: string }, key: CryptoKey) => new CompactSign(encoder.encode(JSON.stringify(payload))).setProtectedHeader(header).sign(key);

/** RS256 sign + verify per second at `concurrency`, on a payload the size of a system-user token, and CPU ms per pair. */
async function cryptoBound(concurrency: number, total: number, { privateKey, publicKey }: CryptoKeyPair): Promise<{ rate: number; cpuMs: number }> {
  const payload = {
    authorization_details: [{ type: 'urn:altinn:systemuser', systemuser_org: { authority: 'iso6523-actorid-upis', ID: `0192:${OWNER}` }, systemuser_id: [randomUUID()], system_id: `${VENDOR}_smartregnskap` }],
    scope: SCOPE,
    iss: 'http://127.0.0.1/',
    client_amr: 'private_key_jwt',
    token_type: 'Bearer',
    exp: 2,
    iat: 1,
    client_id: randomUUID(),
    jti: randomUUID(),
    consumer: { authority: 'iso6523-actorid-upis', ID: `0192:${VENDOR}` },
  };
  await drive(WARMUP, concurrency, async () => {
    await compactVerify(await sign(payload, { alg: 'RS256', kid: 'k' }, privateKey), publicKey);
  });
  const cpu = process.cpuUsage();
  const { seconds } = await drive(total, concurrency, async () => {
    await compactVerify(await sign(payload, { alg: 'RS256', kid: 'k' }, privateKey), publicKey);
  });
  const used = process.cpuUsage(cpu);
  return { rate: total / seconds, cpuMs: (used.user + used.system) / 1000 / total };
}

function postForm(agent: http.Agent, url: URL, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

interface Measured {
  rate: number;
  latencies: number[];
  /** CPU ms per token of each process in `pids`, in the same order. */
  cpuMs: number[];
  clientCpuMs: number;
}

/** Tokens from `url` for pre-made form bodies at `concurrency` (after a warm-up), with the CPU each process spent. */
async function measure(url: URL, concurrency: number, warmup: string[], bodies: string[], pids: number[]): Promise<Measured> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    await drive(warmup.length, concurrency, async (i) => {
      await postForm(agent, url, warmup[i]!);
    });
    const cpuBefore = await Promise.all(pids.map(cpuSeconds));
    const clientBefore = process.cpuUsage();
    const { latencies, seconds } = await drive(bodies.length, concurrency, async (i) => {
      const res = await postForm(agent, url, bodies[i]!);
      if (res.status !== 200) throw new Error(`${url.href} answered ${res.status}: ${res.text}`);
    });
    const client = process.cpuUsage(clientBefore);
    const cpuAfter = await Promise.all(pids.map(cpuSeconds));
    return {
      rate: bodies.length / seconds,
      latencies,
      cpuMs: cpuAfter.map((after, i) => ((after - cpuBefore[i]!) * 1000) / bodies.length),
      clientCpuMs: (client.user + client.system) / 1000 / bodies.length,
    };
  } finally {
    agent.destroy();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

export async function run(): Promise<void> {
  const profile = process.env.BENCH_PROFILE === '1';
  const altinn = fakeAltinn;
  const entries: Partial<Record<ServiceName, string>> = { maskinporten: 'mock-maskinporten/src/main.ts', altinn: altinn.entry };
  const profileDir = path.join(process.env.TMPDIR ?? '/tmp', 'testbed-bench-profile');
  const profiling = (name: string) => ['--cpu-prof', `--cpu-prof-dir=${path.join(profileDir, name)}`];
  const services = await startServices(entries, profile ? { maskinporten: profiling('maskinporten'), altinn: profiling('altinn') } : {});
  let stopFloor = async () => {};
  try {
    const base = services.urls.maskinporten;
    const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: BITS, extractable: true });
    const kid = randomUUID();
    const onboarding = await fetch(`${base}/_testbed/onboarding`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ orgno: VENDOR, client_name: 'bench', jwks: { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256' }] }, scopes: [SCOPE] }),
    });
    if (!onboarding.ok) throw new Error(`onboarding failed: ${onboarding.status} ${await onboarding.text()}`);
    const { client_id: clientId } = (await onboarding.json()) as { client_id: string };
    await altinn.addSystemUser(services.urls.altinn, { id: randomUUID(), systemId: `${VENDOR}_smartregnskap`, clientId, vendorOrgNo: VENDOR, ownerOrgNo: OWNER });

    const keysFile = path.join(services.dataDir, 'floor-keys.json');
    await writeFile(keysFile, JSON.stringify({ publicJwk: await exportJWK(publicKey), privateJwk: await exportJWK(privateKey) }), { mode: 0o600 });
    const floorAltinn = await startScript(['bench/floor-server.ts', 'altinn', keysFile]);
    const floorMaskinporten = await startScript(['bench/floor-server.ts', 'maskinporten', keysFile, new URL(floorAltinn.url).port]);
    stopFloor = async () => {
      await floorMaskinporten.stop();
      await floorAltinn.stop();
    };

    const grants = async (count: number) => {
      const now = Math.floor(Date.now() / 1000);
      const claims = () => ({
        aud: `${base}/`,
        iss: clientId,
        scope: SCOPE,
        iat: now,
        exp: now + 170,
        jti: randomUUID(),
        authorization_details: [{ type: 'urn:altinn:systemuser', systemuser_org: { authority: 'iso6523-actorid-upis', ID: `0192:${OWNER}` } }],
      });
      const signed = await Promise.all(Array.from({ length: count }, () => sign(claims(), { alg: 'RS256', kid }, privateKey)));
      return signed.map((assertion) => new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }).toString());
    };

    console.log(`RSA ${BITS}-bit keys, Maskinporten and the Altinn it asks (${altinn.entry}) as child processes on loopback.`);
    console.log(`Each figure is the median of ${ROUNDS} rounds; a round measures Maskinporten, the bound and the floor one after the other.\n`);
    const rows: string[] = [];
    const cpuRows: string[] = [];
    const boundKeys = await generateKeyPair('RS256', { modulusLength: BITS });
    const tokenUrl = new URL(`${base}/token`);
    const floorUrl = new URL(`${floorMaskinporten.url}/token`);
    const servicePids = [services.pids.maskinporten!, services.pids.altinn!];
    const floorPids = [floorMaskinporten.pid, floorAltinn.pid];
    for (const concurrency of CONCURRENCY) {
      const perRound = Math.ceil(REQUESTS[concurrency]! / ROUNDS);
      const rounds: { mp: Measured; bound: { rate: number; cpuMs: number }; floor: Measured }[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const mp = await measure(tokenUrl, concurrency, await grants(WARMUP), await grants(perRound), servicePids);
        const bound = await cryptoBound(concurrency, perRound, boundKeys);
        const floor = await measure(floorUrl, concurrency, await grants(WARMUP), await grants(perRound), floorPids);
        rounds.push({ mp, bound, floor });
      }
      const rate = median(rounds.map((r) => r.mp.rate));
      const bound = median(rounds.map((r) => r.bound.rate));
      const floor = median(rounds.map((r) => r.floor.rate));
      const latencies = rounds.flatMap((r) => r.mp.latencies).sort((a, b) => a - b);
      rows.push(
        `| ${concurrency} | ${rate.toFixed(0)} | ${percentile(latencies, 50).toFixed(2)} | ${percentile(latencies, 99).toFixed(2)} | ${bound.toFixed(0)} | ${median(rounds.map((r) => r.mp.rate / r.bound.rate)).toFixed(2)} | ${floor.toFixed(0)} | ${median(rounds.map((r) => r.floor.rate / r.bound.rate)).toFixed(2)} |`,
      );
      const cpu = (pick: (r: (typeof rounds)[number]) => number) => mean(rounds.map(pick)).toFixed(2);
      cpuRows.push(
        `| ${concurrency} | ${cpu((r) => r.mp.cpuMs[0]!)} | ${cpu((r) => r.mp.cpuMs[1]!)} | ${cpu((r) => r.mp.clientCpuMs)} | ${cpu((r) => r.mp.cpuMs[0]! + r.mp.cpuMs[1]! + r.mp.clientCpuMs)} | ${cpu((r) => r.floor.cpuMs[0]! + r.floor.cpuMs[1]!)} | ${cpu((r) => r.bound.cpuMs)} |`,
      );
    }
    console.log('| clients | tokens/s | p50 ms | p99 ms | RS256 sign+verify/s | ratio | floor tokens/s | floor ratio |');
    console.log('|--:|--:|--:|--:|--:|--:|--:|--:|');
    rows.forEach((r) => console.log(r));
    console.log('\nCPU ms per token (all threads), against one RS256 sign + verify:\n');
    console.log('| clients | maskinporten | altinn | load generator | total | floor servers | sign+verify |');
    console.log('|--:|--:|--:|--:|--:|--:|--:|');
    cpuRows.forEach((r) => console.log(r));
    console.log('\nratio = tokens/s ÷ (RS256 sign + verify)/s at the same concurrency, per round; the goal is ≥ 0.70.');
    console.log('floor = the same crypto and HTTP hops on bare node:http (bench/floor-server.ts), against the same bound.');
  } finally {
    await stopFloor();
    await services.stop();
    if (profile) console.log(`CPU profiles of Maskinporten and Altinn in ${profileDir}`);
  }
}
