// A Maskinporten client as a vendor or API provider writes one: a signed JWT grant per token,
// tokens cached until shortly before expiry under a key that includes everything that changes the
// token (scope, system user, consumer_org, resource), and the exchange to an Altinn token.
import { randomUUID } from 'node:crypto';
import type { Clock } from './clock.js';
import type { ServiceFetch } from './http-client.js';
import { iso6523 } from './identifiers.js';
import type { KeyRing } from './keys.js';

export interface SystemUserDetails {
  /** The org that owns the system user (the customer, or the accounting firm for an agent). */
  systemUserOrg: string;
  externalRef?: string;
}

export interface TokenRequest {
  scope: string;
  systemUser?: SystemUserDetails;
  consumerOrg?: string;
  resource?: string[];
}

export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
  scope: string;
}

/** A token endpoint error in Maskinporten's format, with the HTTP status. */
export class MaskinportenError extends Error {
  constructor(
    readonly status: number,
    readonly body: { error?: string; error_description?: string; error_uri?: string },
  ) {
    super(`${status} ${body.error ?? 'error'}: ${body.error_description ?? ''}`);
    this.name = 'MaskinportenError';
  }

  /** "MP-303" from error_uri, when present. */
  get code(): string | undefined {
    return this.body.error_uri?.split('/').pop();
  }
}

export interface MaskinportenClientOptions {
  /** Maskinporten's base URL (the issuer without its trailing slash). */
  maskinportenUrl: string;
  clientId: string;
  keys: KeyRing;
  fetch: ServiceFetch;
  clock: Clock;
  /** Refresh this many seconds before expiry. */
  refreshMarginSeconds?: number;
}

export class MaskinportenClient {
  private readonly cache = new Map<string, { response: TokenResponse; expiresAt: number }>();
  /** Token requests actually sent, for dashboards and tests that check caching. */
  requests = 0;

  constructor(private readonly options: MaskinportenClientOptions) {}

  get clientId(): string {
    return this.options.clientId;
  }

  /** The signed grant for `request`: aud = issuer (with trailing slash), 120 s lifetime, fresh jti. */
  async grant(request: TokenRequest): Promise<string> {
    const now = this.options.clock.nowSeconds();
    const claims: Record<string, unknown> = {
      aud: `${this.options.maskinportenUrl}/`,
      iss: this.options.clientId,
      scope: request.scope,
      iat: now,
      exp: now + 120,
      jti: randomUUID(),
    };
    if (request.resource) claims.resource = request.resource;
    if (request.consumerOrg) claims.consumer_org = request.consumerOrg;
    if (request.systemUser) {
      claims.authorization_details = [
        {
          type: 'urn:altinn:systemuser',
          systemuser_org: iso6523(request.systemUser.systemUserOrg),
          ...(request.systemUser.externalRef ? { externalRef: request.systemUser.externalRef } : {}),
        },
      ];
    }
    return this.options.keys.sign(claims);
  }

  /** A token for `request`, from the cache while it has more than the margin left. */
  async token(request: TokenRequest): Promise<TokenResponse> {
    const key = JSON.stringify([request.scope, request.systemUser?.systemUserOrg, request.systemUser?.externalRef, request.consumerOrg, request.resource]);
    const cached = this.cache.get(key);
    const margin = (this.options.refreshMarginSeconds ?? 10) * 1000;
    if (cached && cached.expiresAt - margin > this.options.clock.now()) return cached.response;
    const response = await this.requestToken(await this.grant(request));
    this.cache.set(key, { response, expiresAt: this.options.clock.now() + response.expires_in * 1000 });
    return response;
  }

  /** Sends a grant to /token; throws MaskinportenError with Maskinporten's error body. */
  async requestToken(assertion: string): Promise<TokenResponse> {
    this.requests += 1;
    const res = await this.options.fetch(`${this.options.maskinportenUrl}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }).toString(),
    });
    const body = (await res.json().catch(() => ({}))) as TokenResponse & MaskinportenError['body'];
    if (!res.ok) throw new MaskinportenError(res.status, body);
    return body;
  }

  /** Forgets cached tokens (after a withdrawal, or when told to). */
  clear(): void {
    this.cache.clear();
  }
}

/** Exchanges a Maskinporten token for an Altinn token (`GET …/exchange/maskinporten`). */
export async function exchangeForAltinnToken(fetch: ServiceFetch, altinnUrl: string, maskinportenToken: string): Promise<string> {
  const res = await fetch(`${altinnUrl}/authentication/api/v1/exchange/maskinporten`, {
    headers: { authorization: `Bearer ${maskinportenToken}` },
  });
  if (!res.ok) throw new Error(`Altinn token exchange failed with HTTP ${res.status}`);
  return (await res.text()).replace(/^"|"$/g, '');
}
