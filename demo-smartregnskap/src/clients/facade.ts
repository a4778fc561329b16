// Altinn's client-delegation façade (altinn-authentication.md §4.4), called with the logged-in
// client administrator's exchanged Altinn token: the firm's agent system users, the clients that
// can be added, the clients already added, and adding or removing one (by the client's party UUID).
import type { ServiceFetch } from '@testbed/common/http-client';
import { callJson } from '../upstream.js';

export interface AgentSystemUser {
  id: string;
  integrationTitle?: string;
  systemId: string;
  reporteeOrgNo?: string;
  accessPackages?: { urn: string }[];
}

export interface DelegationClient {
  /** The client's party UUID: what add and remove take. */
  clientId: string;
  clientOrganizationNumber: string;
  clientOrganizationName: string;
}

interface ClientList {
  data: DelegationClient[];
}

export class ClientDelegationApi {
  constructor(
    private readonly fetch: ServiceFetch,
    private readonly altinnUrl: string,
  ) {}

  private async call<T>(token: string, method: string, path: string, query: Record<string, string>): Promise<T> {
    const url = `${this.altinnUrl}/authentication/api/v1/enduser/systemuser/${path}?${new URLSearchParams(query)}`;
    return (await callJson<T>(this.fetch, 'altinn', method, url, token)).body;
  }

  agents(token: string, firmOrgNo: string): Promise<AgentSystemUser[]> {
    return this.call<AgentSystemUser[]>(token, 'GET', 'agents', { party: firmOrgNo });
  }

  async available(token: string, agentId: string): Promise<DelegationClient[]> {
    return (await this.call<ClientList>(token, 'GET', 'clients/available', { agent: agentId })).data ?? [];
  }

  async added(token: string, agentId: string): Promise<DelegationClient[]> {
    return (await this.call<ClientList>(token, 'GET', 'clients', { agent: agentId })).data ?? [];
  }

  async add(token: string, agentId: string, clientId: string): Promise<void> {
    await this.call(token, 'POST', 'clients', { agent: agentId, client: clientId });
  }

  async remove(token: string, agentId: string, clientId: string): Promise<void> {
    await this.call(token, 'DELETE', 'clients', { agent: agentId, client: clientId });
  }
}
