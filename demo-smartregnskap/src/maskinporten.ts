// SmartRegnskap's Maskinporten tokens: one MaskinportenClient per use, so each customer's
// system-user token is cached on its own (and dropped on its own after a withdrawal), plus one for
// the vendor API. Keeps what the pages show: the last token per use, whether it came from the
// cache, and how many token requests were sent (Maskinporten counts them too).
import type { Clock } from '@testbed/common/clock';
import type { TestbedConfig } from '@testbed/common/config';
import type { ServiceFetch } from '@testbed/common/http-client';
import type { KeyRing } from '@testbed/common/keys';
import { MaskinportenClient, type TokenRequest } from '@testbed/common/maskinporten-client';
import { VENDOR_SCOPES } from './altinn-client.js';
import type { Customer, SetupRecord } from './state.js';
import { NotSetUp } from './upstream.js';

export const KRAV_SCOPE = 'skatteetaten:kravogbetalinger';

export interface IssuedToken {
  /** `vendor` or `customer:<id>`. */
  key: string;
  token: string;
  scope: string;
  /** Test-bed clock, ms. */
  fetchedAt: number;
  expiresAt: number;
  /** This call was answered from the cache (no request to Maskinporten). */
  fromCache: boolean;
}

export interface TokenCounters {
  total: number;
  perUse: { key: string; requests: number }[];
}

type ClientKind = 'standard' | 'agent';

export interface TokenBrokerDeps {
  config: TestbedConfig;
  fetch: ServiceFetch;
  clock: Clock;
  keys: Record<ClientKind, KeyRing>;
  setup: () => Promise<SetupRecord | null>;
}

const customerKey = (customerId: string) => `customer:${customerId}`;

export class TokenBroker {
  private readonly clients = new Map<string, MaskinportenClient>();
  private readonly issued = new Map<string, IssuedToken>();
  /** Requests sent by clients that were dropped (withdrawal, new setup), so the total stays true. */
  private droppedRequests = 0;

  constructor(private readonly deps: TokenBrokerDeps) {}

  private async client(key: string, kind: ClientKind): Promise<MaskinportenClient> {
    const setup = await this.deps.setup();
    if (!setup) throw new NotSetUp();
    const clientId = kind === 'agent' ? setup.agentClientId : setup.standardClientId;
    const existing = this.clients.get(key);
    if (existing?.clientId === clientId) return existing;
    if (existing) this.drop(key);
    const client = new MaskinportenClient({
      maskinportenUrl: this.deps.config.urls.maskinporten,
      clientId,
      keys: this.deps.keys[kind],
      fetch: this.deps.fetch,
      clock: this.deps.clock,
    });
    this.clients.set(key, client);
    return client;
  }

  private async issue(key: string, kind: ClientKind, request: TokenRequest): Promise<IssuedToken> {
    const client = await this.client(key, kind);
    const before = client.requests;
    const response = await client.token(request);
    const fromCache = client.requests === before;
    const previous = this.issued.get(key);
    const now = this.deps.clock.now();
    const issued: IssuedToken =
      fromCache && previous?.token === response.access_token
        ? { ...previous, fromCache: true }
        : { key, token: response.access_token, scope: response.scope, fetchedAt: now, expiresAt: now + response.expires_in * 1000, fromCache };
    this.issued.set(key, issued);
    return issued;
  }

  /** The vendor's own token for Altinn's system register and request API. */
  async vendorToken(): Promise<string> {
    return (await this.issue('vendor', 'standard', { scope: VENDOR_SCOPES.join(' ') })).token;
  }

  /**
   * A system-user token for a customer. For a direct customer the system user is its own; for an
   * accounting firm it is the firm's agent system user (systemuser_org = the firm, never a client).
   */
  systemUserToken(customer: Pick<Customer, 'id' | 'kind' | 'orgNo' | 'externalRef'>): Promise<IssuedToken> {
    return this.issue(customerKey(customer.id), customer.kind === 'firm' ? 'agent' : 'standard', {
      scope: KRAV_SCOPE,
      systemUser: { systemUserOrg: customer.orgNo, ...(customer.externalRef ? { externalRef: customer.externalRef } : {}) },
    });
  }

  /** Forgets a customer's cached token (after Maskinporten or Skatteetaten said the access is gone). */
  forgetCustomer(customerId: string): void {
    this.drop(customerKey(customerId));
  }

  lastToken(customerId: string): IssuedToken | undefined {
    return this.issued.get(customerKey(customerId));
  }

  lastTokens(): IssuedToken[] {
    return [...this.issued.values()];
  }

  counters(): TokenCounters {
    const perUse = [...this.clients.entries()].map(([key, c]) => ({ key, requests: c.requests }));
    return { total: this.droppedRequests + perUse.reduce((sum, u) => sum + u.requests, 0), perUse };
  }

  /** Drops every cached token (reset, or a setup that changed the clients). */
  clear(): void {
    for (const key of [...this.clients.keys()]) this.drop(key);
  }

  private drop(key: string): void {
    const client = this.clients.get(key);
    if (client) this.droppedRequests += client.requests;
    this.clients.delete(key);
    this.issued.delete(key);
  }
}
