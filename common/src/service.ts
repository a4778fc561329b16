// How a service is started: from the command line (`runService`) or in-process by tests
// (`startTestbed`), where every server listens on a free loopback port before any service is built,
// so each knows the others' URLs.
import { mkdtemp } from 'node:fs/promises';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ENV_PREFIX, loadConfig, SERVICE_NAMES, type ServiceName, type TestbedConfig } from './config.js';

export interface ServiceInstance {
  name: ServiceName;
  handler: RequestListener;
  /** Stops background work and waits for pending writes. */
  close(): Promise<void>;
}

export type ServiceFactory = (config: TestbedConfig) => Promise<ServiceInstance>;

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Starts one service from the environment; used by each service's `main.ts`. */
export async function runService(factory: ServiceFactory, name: ServiceName): Promise<void> {
  const config = loadConfig();
  const instance = await factory(config);
  const server = createServer(instance.handler);
  server.keepAliveTimeout = 65_000;
  try {
    await listen(server, config.ports[name], config.host);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    console.error(`${name}: cannot listen on ${config.host}:${config.ports[name]} (${code}). Set ${ENV_PREFIX[name]}_PORT to another port.`);
    process.exit(1);
  }
  console.log(`${name} listening on ${config.urls[name]}`);
  const stop = async () => {
    await closeServer(server);
    await instance.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

export interface Testbed {
  config: TestbedConfig;
  urls: Record<ServiceName, string>;
  /** Closes a service and builds it again on the same port and data folder (persistence tests). */
  restart(name: ServiceName): Promise<void>;
  close(): Promise<void>;
}

export interface TestbedOptions {
  env?: Record<string, string>;
  /** Reuse a data folder (restart tests); a fresh temp folder otherwise. */
  dataDir?: string;
}

/**
 * Starts the given services in this process on free loopback ports with a temp data folder.
 * Services not started get an address where nothing listens, so calls to them fail fast.
 */
export async function startTestbed(factories: Partial<Record<ServiceName, ServiceFactory>>, options: TestbedOptions = {}): Promise<Testbed> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'testbed-')));
  const servers = new Map<ServiceName, Server>();
  const env: Record<string, string> = { LOG_LEVEL: 'silent', TESTBED_RSA_BITS: '2048', TESTBED_DATA_DIR: dataDir };
  const unused = createServer();
  const deadPort = await listen(unused, 0, '127.0.0.1');
  await closeServer(unused);
  for (const name of SERVICE_NAMES) {
    let port = deadPort;
    if (factories[name]) {
      const server = createServer();
      port = await listen(server, 0, '127.0.0.1');
      servers.set(name, server);
    }
    env[`${ENV_PREFIX[name]}_PORT`] = String(port);
    env[`${ENV_PREFIX[name]}_URL`] = `http://127.0.0.1:${port}`;
  }
  const config = loadConfig({ ...env, ...options.env });
  const instances = new Map<ServiceName, ServiceInstance>();

  const build = async (name: ServiceName) => {
    const instance = await factories[name]!(config);
    const server = servers.get(name)!;
    server.removeAllListeners('request');
    server.on('request', instance.handler);
    instances.set(name, instance);
  };
  for (const name of servers.keys()) await build(name);

  return {
    config,
    urls: config.urls,
    async restart(name) {
      await instances.get(name)?.close();
      servers.get(name)?.closeAllConnections();
      await build(name);
    },
    async close() {
      for (const [name, server] of servers) {
        await closeServer(server);
        await instances.get(name)?.close();
      }
    },
  };
}
