// The whole test-bed as separate processes, as `npm start` runs it: every service started with
// concurrently, health awaited, then the setups of Skatteetaten and SmartCloud through their
// control planes (they run inside their own services, with their own keys).
import { Writable } from 'node:stream';
import concurrently, { type ConcurrentlyResult } from 'concurrently';
import { loadConfig, type ServiceName, type TestbedConfig } from '@testbed/common/config';

/** Services in start order, with the entry point of each. */
export const SERVICES: { name: ServiceName; entry: string; color: string }[] = [
  { name: 'maskinporten', entry: 'mock-maskinporten/src/main.ts', color: 'blue' },
  { name: 'altinn', entry: 'mock-altinn/src/main.ts', color: 'magenta' },
  { name: 'skatteetaten', entry: 'demo-skatteetaten-api/src/main.ts', color: 'green' },
  { name: 'smartregnskap', entry: 'demo-smartregnskap/src/main.ts', color: 'cyan' },
  { name: 'console', entry: 'console/src/main.ts', color: 'yellow' },
];

/** Setups in dependency order: Skatteetaten grants SmartCloud its scope before SmartCloud's client asks for it. */
export const SETUPS: ServiceName[] = ['skatteetaten', 'smartregnskap'];

export interface Stack {
  config: TestbedConfig;
  stop(): Promise<void>;
}

export const adminHeaders = (config: TestbedConfig): Record<string, string> =>
  config.adminToken ? { authorization: `Bearer ${config.adminToken}` } : {};

async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/_testbed/health`, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

/** Waits until every service answers its health check, or throws after `timeoutMs`. */
export async function waitForHealth(config: TestbedConfig, names: ServiceName[], timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(names);
  while (pending.size > 0) {
    for (const name of [...pending]) if (await healthy(config.urls[name])) pending.delete(name);
    if (pending.size === 0) return;
    if (Date.now() > deadline) throw new Error(`No answer from ${[...pending].join(', ')} after ${timeoutMs / 1000} s.`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Runs each demo service's setup through its control plane, in order. */
export async function runSetups(config: TestbedConfig, log: (line: string) => void = () => {}): Promise<void> {
  for (const name of SETUPS) {
    log(`setup: ${name} …`);
    const res = await fetch(`${config.urls[name]}/_testbed/setup`, { method: 'POST', headers: adminHeaders(config) });
    const body = await res.text();
    if (!res.ok) throw new Error(`Setup of ${name} failed (HTTP ${res.status}): ${body}`);
    log(`setup: ${name} done`);
  }
}

/** True when every service of the stack already answers (someone ran `npm start`). */
export async function stackIsUp(config: TestbedConfig): Promise<boolean> {
  const answers = await Promise.all(SERVICES.map((s) => healthy(config.urls[s.name])));
  return answers.every(Boolean);
}

export interface StartOptions {
  /** Show the services' own log lines (npm start) or keep quiet (journey command, bench). */
  showLogs: boolean;
  env?: Record<string, string>;
  log?: (line: string) => void;
}

export async function startStack(options: StartOptions): Promise<Stack> {
  const env = { ...process.env, ...options.env };
  const config = loadConfig(env);
  const running: ConcurrentlyResult = concurrently(
    SERVICES.map((s) => ({ command: `node --import tsx ${s.entry}`, name: s.name, prefixColor: s.color, env })),
    { prefix: 'name', killOthersOn: ['failure'], raw: false, outputStream: options.showLogs ? process.stdout : devNull() },
  );
  let exited = false;
  running.result.catch(() => undefined).finally(() => (exited = true));
  try {
    await waitForHealth(config, SERVICES.map((s) => s.name));
    await runSetups(config, options.log);
  } catch (err) {
    running.commands.forEach((c) => c.kill());
    throw err;
  }
  return {
    config,
    async stop() {
      if (exited) return;
      running.commands.forEach((c) => c.kill('SIGTERM'));
      await running.result.catch(() => undefined);
    },
  };
}

const devNull = () => new Writable({ write: (_chunk, _enc, done) => done() });
