// Benchmark of "Krav og betalinger": the call rate and latency percentiles of
// `GET /v1/regnskapssystem/{org}/aapnekrav` with a valid system-user token, each call checked in
// full (token signature, scope, system user, a PDP call with the cached Altinn token, ledger
// generation). The service runs in this process on loopback with the fake Maskinporten and Altinn
// of its tests, so the numbers include the PDP round trip but share one event loop with the load.
// Stops by itself after `durationMs`. Run alone: `npx tsx bench/skatteetaten.ts`.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { ORG } from '@testbed/common/world';
import { callApi, startPermitted } from '../demo-skatteetaten-api/test/testbed.js';

export interface SkatteetatenBenchOptions {
  /** How long to measure, after the warm-up (at most a minute: the token lives two). */
  durationMs?: number;
  /** Calls in flight at once; 5 is Skatteetaten's limit per API and organisation. */
  concurrency?: number;
  warmupCalls?: number;
  /** Print a one-line summary (default true). */
  print?: boolean;
}

export interface SkatteetatenBenchResult {
  name: string;
  calls: number;
  errors: number;
  seconds: number;
  callsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  concurrency: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
const round = (n: number) => Math.round(n * 100) / 100;

export async function benchSkatteetaten(options: SkatteetatenBenchOptions = {}): Promise<SkatteetatenBenchResult> {
  const durationMs = Math.min(options.durationMs ?? 5000, 60_000);
  const concurrency = options.concurrency ?? 5;
  const { tb, token } = await startPermitted();
  const path = `/v1/regnskapssystem/${ORG.rorOgVann}/aapnekrav`;
  const call = async (): Promise<number | null> => {
    const started = performance.now();
    const res = await callApi(tb, path, { token });
    await res.arrayBuffer();
    return res.status === 200 ? performance.now() - started : null;
  };
  try {
    for (let i = 0; i < (options.warmupCalls ?? 50); i++) await call();
    const latencies: number[] = [];
    let errors = 0;
    const started = performance.now();
    const deadline = started + durationMs;
    const worker = async () => {
      while (performance.now() < deadline) {
        const latency = await call();
        if (latency === null) errors += 1;
        else latencies.push(latency);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const result: SkatteetatenBenchResult = {
      name: 'Krav og betalinger GET aapnekrav',
      calls: latencies.length,
      errors,
      seconds: round(seconds),
      callsPerSecond: round(latencies.length / seconds),
      p50Ms: round(percentile(latencies, 50)),
      p99Ms: round(percentile(latencies, 99)),
      maxMs: round(latencies.at(-1) ?? 0),
      concurrency,
    };
    if (options.print ?? true) {
      console.log(`${result.name}: ${result.callsPerSecond} calls/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, max ${result.maxMs} ms (${result.calls} calls, ${result.errors} errors, ${concurrency} in flight)`);
    }
    return result;
  } finally {
    await tb.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await benchSkatteetaten();
