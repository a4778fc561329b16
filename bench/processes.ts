// Services under load run as their own processes on loopback, so the load generator never shares
// their event loop. Every area's bench starts them the same way.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENV_PREFIX, type ServiceName } from '@testbed/common/config';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface ServiceProcesses {
  urls: Record<ServiceName, string>;
  dataDir: string;
  pids: Partial<Record<ServiceName, number>>;
  stop(): Promise<void>;
}

/** CPU seconds (user + system, all threads) a process has used so far; Linux /proc. */
export async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * Starts `entries` (service → entry file relative to the repository) with `node --import tsx` on
 * free loopback ports and one temp data folder, and waits until each answers its health check.
 * `nodeArgs` adds flags per service (e.g. `--cpu-prof`).
 */
export async function startServices(entries: Partial<Record<ServiceName, string>>, nodeArgs: Partial<Record<ServiceName, string[]>> = {}): Promise<ServiceProcesses> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'testbed-bench-'));
  const env: Record<string, string> = { LOG_LEVEL: 'silent', TESTBED_DATA_DIR: dataDir };
  const urls = {} as Record<ServiceName, string>;
  for (const name of Object.keys(ENV_PREFIX) as ServiceName[]) {
    const port = await freePort();
    urls[name] = `http://127.0.0.1:${port}`;
    env[`${ENV_PREFIX[name]}_PORT`] = String(port);
    env[`${ENV_PREFIX[name]}_URL`] = urls[name];
  }
  const { TESTBED_RSA_BITS: _defaultKeySize, ...inherited } = process.env;
  const started = Object.entries(entries).map(([name, entry]) => [
    name as ServiceName,
    spawn(process.execPath, [...(nodeArgs[name as ServiceName] ?? []), '--import', 'tsx', entry], { cwd: ROOT, env: { ...inherited, ...env }, stdio: ['ignore', 'ignore', 'inherit'] }),
  ] as const);
  const children = started.map(([, child]) => child);
  const pids = Object.fromEntries(started.map(([name, child]) => [name, child.pid!]));
  const stop = async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
  };
  try {
    for (const name of Object.keys(entries) as ServiceName[]) await waitForHealth(urls[name]);
  } catch (err) {
    await stop();
    throw err;
  }
  return { urls, dataDir, pids, stop };
}

/**
 * Starts `node --import tsx <args>` for a script that prints the port it listens on as its first
 * line of output (a bench-only server, without the test-bed's control plane).
 */
export async function startScript(args: string[]): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(Number(out.split('\n')[0]));
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, stop };
}

/** Waits until `base` answers its control-plane health check. */
export async function waitForHealth(base: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/_testbed/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${base} did not start within 60 s`);
}

/** Runs `task` `total` times with `concurrency` workers; returns each run's latency in ms and the wall time. */
export async function drive(total: number, concurrency: number, task: (i: number) => Promise<void>): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t = process.hrtime.bigint();
        await task(i);
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }),
  );
  return { latencies, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
