// Benchmark of the PDP, `POST /authorization/api/v1/authorize`: decisions per second and p99
// latency of a system user's Permit (package from the party, policy with an obligation), each as a
// ratio to `GET /_testbed/health` of the same server measured in the same run, so the numbers say
// what a decision costs over the HTTP stack rather than how fast this machine is.
// mock-altinn runs as its own process on a free loopback port with a temp data folder; the world
// is set up through its public APIs (resource registry, control-plane seed); the load comes from
// this process and stops by itself. Run alone: `npx tsx bench/pdp.ts`.
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '@testbed/common/config';
import { ORG } from '@testbed/common/world';
import { altinnSigner, bearer, consumer, policyXml, resourceFixture } from '../mock-altinn/test/authz-fixtures.js';
import { drive, percentile, startServices } from './processes.js';

export interface PdpBenchOptions {
  /** Requests per endpoint measured (after the warm-up). */
  requests?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  warmup?: number;
  /** Print the report (default true). */
  print?: boolean;
}

export interface EndpointResult {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

export interface PdpBenchResult {
  pdp: EndpointResult;
  health: EndpointResult;
  /** PDP decisions per second ÷ health requests per second (1 = as cheap as the health check). */
  throughputRatio: number;
  /** PDP p99 ÷ health p99. */
  p99Ratio: number;
  requests: number;
  concurrency: number;
}

const RESOURCE = 'ske-krav-og-betalinger';
const SYSTEM = '310000027_pdpbench';
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

async function expectOk(res: Response, what: string): Promise<Response> {
  if (!res.ok) throw new Error(`${what} answered ${res.status}: ${await res.text()}`);
  return res;
}

/** The resource with its policy, and a standard system user of Rør og Vann holding the package the policy names. */
async function setUp(base: string, sign: (claims: Record<string, unknown>) => Promise<string>): Promise<string> {
  const writer = bearer(await sign({ scope: 'altinn:resourceregistry/resource.write', consumer: consumer(ORG.skatteetaten) }));
  await expectOk(
    await fetch(`${base}/resourceregistry/api/v1/resource`, { method: 'POST', headers: { 'content-type': 'application/json', ...writer }, body: JSON.stringify(resourceFixture(RESOURCE)) }),
    'creating the resource',
  );
  const form = new FormData();
  const xml = policyXml(RESOURCE, [{ subjects: [[['urn:altinn:accesspackage', 'krav-og-utlegg']], [['urn:altinn:rolecode', 'DAGL']]], actions: ['read'] }]);
  form.append('policyFile', new Blob([xml], { type: 'text/xml' }), 'policy.xml');
  await expectOk(await fetch(`${base}/resourceregistry/api/v1/resource/${RESOURCE}/policy`, { method: 'POST', headers: writer, body: form }), 'uploading the policy');
  const pkg = { urn: 'urn:altinn:accesspackage:krav-og-utlegg' };
  const seeded = await expectOk(
    await fetch(`${base}/_testbed/seed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        systems: [
          {
            id: SYSTEM,
            vendor: { authority: 'iso6523-actorid-upis', ID: `0192:${ORG.smartcloud}` },
            name: { nb: 'PDP-benk', nn: 'PDP-benk', en: 'PDP bench' },
            description: { nb: 'Benk', nn: 'Benk', en: 'Bench' },
            accessPackages: [pkg],
            clientId: [randomUUID()],
            allowedRedirectUrls: [],
          },
        ],
        systemUsers: [{ systemId: SYSTEM, partyOrgNo: ORG.rorOgVann, accessPackages: [pkg] }],
      }),
    }),
    'seeding the system user',
  );
  return ((await seeded.json()) as { systemUsers: { id: string }[] }).systemUsers[0]!.id;
}

function summarise(latencies: number[], seconds: number, errors: number): EndpointResult {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { perSecond: round(latencies.length / seconds, 1), p50Ms: round(percentile(sorted, 50)), p99Ms: round(percentile(sorted, 99)), errors };
}

export async function benchPdp(options: PdpBenchOptions = {}): Promise<PdpBenchResult> {
  const requests = options.requests ?? 4000;
  const concurrency = options.concurrency ?? 16;
  const services = await startServices({ altinn: 'mock-altinn/src/main.ts' });
  try {
    const base = services.urls.altinn;
    const sign = await altinnSigner(loadConfig({ TESTBED_DATA_DIR: services.dataDir, ALTINN_URL: base }));
    const systemUserId = await setUp(base, sign);
    const pdpHeaders = { 'content-type': 'application/json', 'ocp-apim-subscription-key': 'bench', ...bearer(await sign({ scope: 'altinn:authorization/authorize' })) };
    const decisionBody = JSON.stringify({
      Request: {
        AccessSubject: [{ Attribute: [{ AttributeId: 'urn:altinn:systemuser:uuid', Value: systemUserId }] }],
        Action: [{ Attribute: [{ AttributeId: 'urn:oasis:names:tc:xacml:1.0:action:action-id', Value: 'read' }] }],
        Resource: [{ Attribute: [{ AttributeId: 'urn:altinn:resource', Value: RESOURCE }, { AttributeId: 'urn:altinn:organization:identifier-no', Value: ORG.rorOgVann }] }],
      },
    });

    let pdpErrors = 0;
    let healthErrors = 0;
    const decide = async () => {
      const res = await fetch(`${base}/authorization/api/v1/authorize`, { method: 'POST', headers: pdpHeaders, body: decisionBody });
      const body = (await res.json()) as { response?: { decision: string }[] };
      if (body.response?.[0]?.decision !== 'Permit') pdpErrors += 1;
    };
    const health = async () => {
      const res = await fetch(`${base}/_testbed/health`);
      await res.arrayBuffer();
      if (!res.ok) healthErrors += 1;
    };

    const warmup = options.warmup ?? 200;
    await drive(warmup, concurrency, health);
    await drive(warmup, concurrency, decide);
    if (pdpErrors) throw new Error(`The PDP did not permit the seeded system user (${pdpErrors} of ${warmup} warm-up decisions).`);
    pdpErrors = 0;
    healthErrors = 0;

    const h = await drive(requests, concurrency, health);
    const p = await drive(requests, concurrency, decide);
    const result: PdpBenchResult = {
      pdp: summarise(p.latencies, p.seconds, pdpErrors),
      health: summarise(h.latencies, h.seconds, healthErrors),
      throughputRatio: 0,
      p99Ratio: 0,
      requests,
      concurrency,
    };
    result.throughputRatio = round(result.pdp.perSecond / result.health.perSecond, 3);
    result.p99Ratio = round(result.pdp.p99Ms / result.health.p99Ms, 3);
    if (options.print ?? true) {
      console.log(`PDP decisions: ${result.pdp.perSecond}/s, p50 ${result.pdp.p50Ms} ms, p99 ${result.pdp.p99Ms} ms, ${result.pdp.errors} not Permit`);
      console.log(`health check:  ${result.health.perSecond}/s, p50 ${result.health.p50Ms} ms, p99 ${result.health.p99Ms} ms`);
      console.log(`PDP vs health: ${result.throughputRatio}× the throughput, ${result.p99Ratio}× the p99 (${requests} requests each, ${concurrency} in flight)`);
    }
    return result;
  } finally {
    await services.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await benchPdp();
