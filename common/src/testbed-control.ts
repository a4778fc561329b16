// Driving the whole test-bed through its control planes, as `npm start`, the console and CI do:
// wait for health, reset every service, run the demo setups, move every clock.
import { SERVICE_NAMES, type ServiceName, type TestbedConfig } from './config.js';

/** Setups in dependency order: Skatteetaten grants SmartCloud its scope before SmartCloud asks for it. */
export const SETUPS: ServiceName[] = ['skatteetaten', 'smartregnskap'];

type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

export const adminHeaders = (config: TestbedConfig): Record<string, string> =>
  config.adminToken ? { authorization: `Bearer ${config.adminToken}` } : {};

async function send(config: TestbedConfig, fetch: Fetch, name: ServiceName, method: 'POST' | 'PUT', path: string, body?: unknown): Promise<string> {
  const res = await fetch(`${config.urls[name]}/_testbed${path}`, {
    method,
    headers: { ...adminHeaders(config), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${name} ${method} /_testbed${path}: HTTP ${res.status} ${text}`);
  return text;
}

export async function isHealthy(url: string, fetch: Fetch = globalThis.fetch): Promise<boolean> {
  try {
    return (await fetch(`${url}/_testbed/health`, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

/** Waits until every named service answers its health check, or throws after `timeoutMs`. */
export async function waitForHealth(config: TestbedConfig, names: ServiceName[], timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(names);
  for (;;) {
    for (const name of [...pending]) if (await isHealthy(config.urls[name])) pending.delete(name);
    if (pending.size === 0) return;
    if (Date.now() > deadline) throw new Error(`No answer from ${[...pending].join(', ')} after ${timeoutMs / 1000} s.`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Runs each demo service's setup through its control plane, in order. */
export async function runSetups(config: TestbedConfig, fetch: Fetch = globalThis.fetch, log: (line: string) => void = () => {}): Promise<void> {
  for (const name of SETUPS) {
    log(`setup: ${name} …`);
    await send(config, fetch, name, 'POST', '/setup');
    log(`setup: ${name} done`);
  }
}

/** Every service back to the seeded world (Maskinporten and Altinn first), then the setups again. */
export async function resetTestbed(config: TestbedConfig, fetch: Fetch = globalThis.fetch): Promise<void> {
  const order: ServiceName[] = ['maskinporten', 'altinn', ...SERVICE_NAMES.filter((n) => n !== 'maskinporten' && n !== 'altinn')];
  for (const name of order) await send(config, fetch, name, 'POST', '/reset');
  await runSetups(config, fetch);
}

/** Moves every service's clock alike, so expiry is judged the same everywhere. */
export async function setClockEverywhere(config: TestbedConfig, body: { advanceSeconds: number } | { offsetSeconds: number }, fetch: Fetch = globalThis.fetch): Promise<void> {
  await Promise.all(SERVICE_NAMES.map((name) => send(config, fetch, name, 'PUT', '/clock', body)));
}
