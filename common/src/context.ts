// What every service is built on: its config, state store, clock, journal, outgoing HTTP and
// logger. A service's state file also holds the control plane's settings (clock offset, faults),
// so they survive a restart and are cleared by a reset.
import { Clock } from './clock.js';
import type { ServiceName, TestbedConfig } from './config.js';
import type { FaultRule } from './faults.js';
import { createServiceFetch, type ServiceFetch } from './http-client.js';
import { Journal } from './journal.js';
import { createLogger, type Logger } from './logger.js';
import { FileStore, type StateStore } from './store.js';

export interface TestbedSettings {
  clockOffsetMs: number;
  faults: FaultRule[];
}

export type Stored<S> = S & { testbed: TestbedSettings };

export interface ServiceContext<S extends object> {
  name: ServiceName;
  config: TestbedConfig;
  store: StateStore<Stored<S>>;
  /** The service's seeded state (what reset returns to), without control-plane settings. */
  seed: () => S;
  clock: Clock;
  journal: Journal;
  fetch: ServiceFetch;
  logger: Logger;
  startedAt: Date;
}

const defaultSettings = (): TestbedSettings => ({ clockOffsetMs: 0, faults: [] });

export async function createServiceContext<S extends object>(
  name: ServiceName,
  config: TestbedConfig,
  seed: () => S,
): Promise<ServiceContext<S>> {
  const store = await FileStore.open<Stored<S>>(config.dataDir, name, () => ({ ...seed(), testbed: defaultSettings() }));
  const offset = await store.read((s) => s.testbed?.clockOffsetMs ?? 0);
  const clock = new Clock(offset);
  const journal = new Journal(name, 5000, () => clock.now());
  return {
    name,
    config,
    store,
    seed,
    clock,
    journal,
    fetch: createServiceFetch({ service: name, journal, knownServices: config.urls }),
    logger: createLogger(name, config.logLevel),
    startedAt: new Date(),
  };
}

/** The state a reset writes: the seed with fresh control-plane settings. */
export const seededState = <S extends object>(ctx: ServiceContext<S>): Stored<S> => ({ ...ctx.seed(), testbed: defaultSettings() });
