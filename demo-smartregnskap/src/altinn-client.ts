// Altinn Authentication's vendor API as SmartRegnskap calls it (altinn-authentication.md §2–§4,
// §6): the system register, system-user requests (standard and agent) and the vendor lookups.
// Every call carries a plain Maskinporten token of SmartCloud AS with the three vendor scopes:
// Altinn accepts it for these endpoints (§1.3), so no exchange is needed.
import type { ServiceFetch } from '@testbed/common/http-client';
import type { RequestStatus } from './state.js';
import { callJson } from './upstream.js';

export const VENDOR_SCOPES = [
  'altinn:authentication/systemregister.write',
  'altinn:authentication/systemuser.request.read',
  'altinn:authentication/systemuser.request.write',
] as const;

export interface Right {
  action?: string;
  resource: { id: string; value: string }[];
}

export interface RegisterSystemRequest {
  id: string;
  vendor: { authority: string; ID: string };
  name: Record<string, string>;
  description: Record<string, string>;
  rights: Right[];
  accessPackages: { urn: string }[];
  clientId: string[];
  allowedRedirectUrls: string[];
  isVisible: boolean;
}

/** RegisteredSystemDTO (`GET systemregister/vendor`). */
export interface RegisteredSystem {
  systemId: string;
  systemVendorOrgNumber: string;
  name: Record<string, string>;
  description: Record<string, string>;
  rights: Right[];
  accessPackages: { urn: string }[];
  isVisible: boolean;
}

/** RegisteredSystemResponse (`GET systemregister/vendor/{id}`). */
export interface RegisteredSystemDetails extends Omit<RegisterSystemRequest, 'vendor'> {
  isDeleted?: boolean;
}

export interface CreateRequestBody {
  systemId: string;
  partyOrgNo: string;
  externalRef?: string;
  rights?: Right[];
  accessPackages?: { urn: string }[];
  redirectUrl: string;
}

/** RequestSystemResponse / AgentRequestSystemResponse. */
export interface SystemUserRequest {
  id: string;
  externalRef: string;
  systemId: string;
  partyOrgNo: string;
  rights?: Right[];
  accessPackages: { urn: string }[];
  status: RequestStatus;
  redirectUrl?: string;
  confirmUrl: string;
  created: string;
  timedOut: boolean;
}

/** SystemUserExternalDTO. */
export interface SystemUser {
  id: string;
  integrationTitle: string;
  systemId: string;
  reporteeOrgNo: string;
  externalRef: string;
  userType: 'standard' | 'agent';
  created: string;
}

interface Page<T> {
  links: { next?: string };
  data: T[];
}

/** Page lists stop here, so a looping `next` link from a broken upstream cannot hang a page. */
const MAX_PAGES = 20;

export class AltinnVendorApi {
  constructor(
    private readonly fetch: ServiceFetch,
    private readonly altinnUrl: string,
    /** A Maskinporten token with VENDOR_SCOPES (cached by the caller). */
    private readonly token: () => Promise<string>,
  ) {}

  private url(path: string): string {
    return `${this.altinnUrl}/authentication/api/v1/${path}`;
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    return callJson<T>(this.fetch, 'altinn', method, this.url(path), await this.token(), body);
  }

  async listSystems(): Promise<RegisteredSystem[]> {
    return (await this.call<RegisteredSystem[]>('GET', 'systemregister/vendor')).body;
  }

  async getSystem(systemId: string): Promise<RegisteredSystemDetails> {
    return (await this.call<RegisteredSystemDetails>('GET', `systemregister/vendor/${encodeURIComponent(systemId)}`)).body;
  }

  async registerSystem(system: RegisterSystemRequest): Promise<void> {
    await this.call('POST', 'systemregister/vendor', system);
  }

  async updateSystem(system: RegisterSystemRequest): Promise<void> {
    await this.call('PUT', `systemregister/vendor/${encodeURIComponent(system.id)}`, system);
  }

  /** 201 for a new request, 200 when Altinn already has one for (system, org, externalRef). */
  async createRequest(kind: 'standard' | 'agent', body: CreateRequestBody): Promise<{ created: boolean; request: SystemUserRequest }> {
    const res = await this.call<SystemUserRequest>('POST', kind === 'agent' ? 'systemuser/request/vendor/agent' : 'systemuser/request/vendor', body);
    return { created: res.status === 201, request: res.body };
  }

  async getRequest(kind: 'standard' | 'agent', requestId: string): Promise<SystemUserRequest> {
    const path = kind === 'agent' ? 'systemuser/request/vendor/agent' : 'systemuser/request/vendor';
    return (await this.call<SystemUserRequest>('GET', `${path}/${encodeURIComponent(requestId)}`)).body;
  }

  async deleteRequest(requestId: string): Promise<void> {
    await this.call('DELETE', `systemuser/request/vendor/${encodeURIComponent(requestId)}`);
  }

  requestsBySystem(systemId: string, kind: 'standard' | 'agent'): Promise<SystemUserRequest[]> {
    const path = kind === 'agent' ? 'systemuser/request/vendor/agent/bysystem' : 'systemuser/request/vendor/bysystem';
    return this.allPages(`${path}/${encodeURIComponent(systemId)}`);
  }

  systemUsersBySystem(systemId: string): Promise<SystemUser[]> {
    return this.allPages(`systemuser/vendor/bysystem/${encodeURIComponent(systemId)}`);
  }

  /** Follows `links.next` (an absolute URL on Altinn) page by page. */
  private async allPages<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    const base = this.url('');
    let next: string | undefined = path;
    for (let page = 0; next !== undefined && page < MAX_PAGES; page++) {
      const { body }: { body: Page<T> } = await this.call<Page<T>>('GET', next);
      items.push(...(body.data ?? []));
      // Only links back into Altinn's own API are followed.
      const link: string | undefined = body.links?.next;
      next = link?.startsWith(base) ? link.slice(base.length) : undefined;
    }
    return items;
  }
}
