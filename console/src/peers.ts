// The console talks to the other services' control planes over HTTP, like any CI script would.
import type { ServiceName, TestbedConfig } from '@testbed/common/config';
import type { ServiceFetch } from '@testbed/common/http-client';

/** The services the console watches and drives, in the order of the journey. */
export const PEERS: ServiceName[] = ['smartregnskap', 'skatteetaten', 'maskinporten', 'altinn'];

export class Peers {
  constructor(
    private readonly config: TestbedConfig,
    private readonly fetch: ServiceFetch,
  ) {}

  private headers(json = false): Record<string, string> {
    return {
      ...(this.config.adminToken ? { authorization: `Bearer ${this.config.adminToken}` } : {}),
      ...(json ? { 'content-type': 'application/json' } : {}),
    };
  }

  /** GET a control-plane resource; null when the service does not answer (it may be down). */
  async get<T>(name: ServiceName, path: string): Promise<T | null> {
    try {
      const res = await this.fetch(`${this.config.urls[name]}/_testbed${path}`, { headers: this.headers(), timeoutMs: 2000 });
      return res.ok ? ((await res.json()) as T) : null;
    } catch {
      return null;
    }
  }

  /** POST/PUT to a control plane; throws with the service's answer when it fails. */
  async send(name: ServiceName, method: 'POST' | 'PUT', path: string, body?: unknown): Promise<void> {
    const res = await this.fetch(`${this.config.urls[name]}/_testbed${path}`, {
      method,
      headers: this.headers(body !== undefined),
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      timeoutMs: 60_000,
    });
    if (!res.ok) throw new Error(`${name} ${method} /_testbed${path}: HTTP ${res.status} ${await res.text()}`);
  }
}
