// The console talks to the other services' control planes over HTTP, like any CI script would.
import type { ServiceName, TestbedConfig } from '@testbed/common/config';
import type { ServiceFetch } from '@testbed/common/http-client';
import { adminHeaders } from '@testbed/common/testbed-control';

/** The services the console watches and drives, in the order of the journey. */
export const PEERS: ServiceName[] = ['smartregnskap', 'skatteetaten', 'maskinporten', 'altinn'];

export class Peers {
  constructor(
    private readonly config: TestbedConfig,
    private readonly fetch: ServiceFetch,
  ) {}

  private headers(): Record<string, string> {
    return adminHeaders(this.config);
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
}
