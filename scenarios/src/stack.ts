// The whole test-bed as separate processes, as `npm start` runs it: every service started with
// concurrently, health awaited, then the setups of Skatteetaten and SmartCloud through their
// control planes (they run inside their own services, with their own keys).
import { Writable } from 'node:stream';
import concurrently, { type ConcurrentlyResult } from 'concurrently';
import { loadConfig, type ServiceName, type TestbedConfig } from '@testbed/common/config';
import { isHealthy, runSetups, waitForHealth } from '@testbed/common/testbed-control';

/** Services in start order, with the entry point of each. */
export const SERVICES: { name: ServiceName; entry: string; color: string }[] = [
  { name: 'maskinporten', entry: 'mock-maskinporten/src/main.ts', color: 'blue' },
  { name: 'altinn', entry: 'mock-altinn/src/main.ts', color: 'magenta' },
  { name: 'skatteetaten', entry: 'demo-skatteetaten-api/src/main.ts', color: 'green' },
  { name: 'smartregnskap', entry: 'demo-smartregnskap/src/main.ts', color: 'cyan' },
  { name: 'console', entry: 'console/src/main.ts', color: 'yellow' },
];

export interface Stack {
  config: TestbedConfig;
  stop(): Promise<void>;
}

/** True when every service of the stack already answers (someone ran `npm start`). */
export async function stackIsUp(config: TestbedConfig): Promise<boolean> {
  const answers = await Promise.all(SERVICES.map((s) => isHealthy(config.urls[s.name])));
  return answers.every(Boolean);
}

export interface StartOptions {
  /** Show the services' own log lines (npm start) or keep quiet (journey command, bench). */
  showLogs: boolean;
  env?: Record<string, string>;
  log?: (line: string) => void;
}

const devNull = () => new Writable({ write: (_chunk, _enc, done) => done() });

export async function startStack(options: StartOptions): Promise<Stack> {
  const env = { ...process.env, ...options.env };
  const config = loadConfig(env);
  const running: ConcurrentlyResult = concurrently(
    SERVICES.map((s) => ({ command: `node --import tsx ${s.entry}`, name: s.name, prefixColor: s.color, env })),
    { prefix: 'name', killOthersOn: ['failure'], outputStream: options.showLogs ? process.stdout : devNull() },
  );
  let exited = false;
  running.result.catch(() => undefined).finally(() => (exited = true));
  try {
    await waitForHealth(config, SERVICES.map((s) => s.name));
    await runSetups(config, fetch, options.log);
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
