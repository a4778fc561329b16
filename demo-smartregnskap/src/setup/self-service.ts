// Maskinporten's self-service API as a customer uses it (maskinporten.md §9.2): list, create and
// update clients, and upload a client's public keys. Authenticated with a token of SmartCloud's
// onboarded admin client carrying the `idporten:dcr.*` scopes.
import type { JWK } from 'jose';
import type { ServiceFetch } from '@testbed/common/http-client';
import { callJson } from '../upstream.js';

export const DCR_SCOPES = ['idporten:dcr.read', 'idporten:dcr.write', 'idporten:dcr.modify'] as const;

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export interface ClientSpec {
  client_name: string;
  description: string;
  scopes: string[];
}

export interface RegisteredClient extends ClientSpec {
  client_id: string;
  active?: boolean;
}

export class SelfServiceApi {
  constructor(
    private readonly fetch: ServiceFetch,
    private readonly maskinportenUrl: string,
    private readonly token: () => Promise<string>,
  ) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return (await callJson<T>(this.fetch, 'maskinporten', method, `${this.maskinportenUrl}/api/v1/${path}`, await this.token(), body)).body;
  }

  listClients(): Promise<RegisteredClient[]> {
    return this.call<RegisteredClient[]>('GET', 'clients');
  }

  private body(spec: ClientSpec) {
    return {
      integration_type: 'maskinporten',
      client_name: spec.client_name,
      description: spec.description,
      token_endpoint_auth_method: 'private_key_jwt',
      grant_types: [JWT_BEARER],
      scopes: spec.scopes,
    };
  }

  createClient(spec: ClientSpec): Promise<RegisteredClient> {
    return this.call<RegisteredClient>('POST', 'clients', this.body(spec));
  }

  updateClient(clientId: string, spec: ClientSpec): Promise<RegisteredClient> {
    return this.call<RegisteredClient>('PUT', `clients/${encodeURIComponent(clientId)}`, this.body(spec));
  }

  /** Replaces the client's whole key set (and so renews the keys' one-year lifetime). */
  async uploadKeys(clientId: string, keys: JWK[]): Promise<void> {
    await this.call('POST', `clients/${encodeURIComponent(clientId)}/jwks`, { keys });
  }
}
