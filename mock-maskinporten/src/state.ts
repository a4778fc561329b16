// Maskinporten's state as the self-service API shows it (field names as Digdir's API), plus the
// Altinn API delegations this mock keeps in Altinn's place (see delegations.ts).
import type { JWK } from 'jose';
import type { ServiceContext } from '@testbed/common/context';

export const INTEGRATION_TYPES = ['maskinporten', 'idporten', 'api_klient', 'krr'] as const;
export type IntegrationType = (typeof INTEGRATION_TYPES)[number];

export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export interface ClientJwks {
  keys: JWK[];
  created: string;
  /** Keys expire `clientKeyLifetimeDays` after the last upload (MP-121); re-uploading renews them. */
  last_updated: string;
}

export interface Client {
  client_id: string;
  client_name: string;
  client_orgno: string;
  description: string;
  integration_type: 'maskinporten';
  token_endpoint_auth_method: 'private_key_jwt';
  grant_types: string[];
  scopes: string[];
  /** Seconds; unset means config.maskinporten.defaultTokenLifetimeSeconds. */
  access_token_lifetime?: number;
  active: boolean;
  created: string;
  last_updated: string;
  /** Absent: a certificate (x5c) client. */
  jwks?: ClientJwks;
}

export type Visibility = 'PUBLIC' | 'PRIVATE' | 'INTERNAL';

export interface Scope {
  prefix: string;
  subscope: string;
  name: string;
  description: string;
  long_description?: string;
  active: boolean;
  visibility: Visibility;
  token_type: 'SELF_CONTAINED' | 'OPAQUE';
  at_max_age?: number;
  authorization_max_lifetime?: number;
  /** Empty: any integration type. */
  allowed_integration_types: IntegrationType[];
  accessible_for_all: boolean;
  delegation_source?: string;
  requires_user_consent: boolean;
  requires_user_authentication: boolean;
  requires_pseudonymous_tokens: boolean;
  owner_orgno: string;
  created: string;
  last_updated: string;
}

export interface Prefix {
  prefix: string;
  owner_orgno: string;
}

export interface AccessGrant {
  scope: string;
  state: 'APPROVED' | 'REQUESTED' | 'DENIED';
  consumer_orgno: string;
  owner_orgno: string;
  created: string;
  last_updated: string;
}

/** Altinn's "Delegere tilgang til API": the consumer lets the supplier use `scope` on its behalf. */
export interface Delegation {
  id: string;
  consumer_orgno: string;
  supplier_orgno: string;
  scope: string;
  created: string;
}

export interface MaskinportenState {
  clients: Client[];
  scopes: Scope[];
  prefixes: Prefix[];
  access: AccessGrant[];
  delegations: Delegation[];
}

export type MaskinportenContext = ServiceContext<MaskinportenState>;

/** Whether `orgno` may use `scope`: owner, granted by the owner, or open to everyone. */
export const hasAccess = (state: Readonly<MaskinportenState>, scope: Scope, orgno: string): boolean =>
  scope.accessible_for_all ||
  scope.owner_orgno === orgno ||
  state.access.some((g) => g.scope === scope.name && g.consumer_orgno === orgno && g.state === 'APPROVED');

export const findScope = (state: Readonly<MaskinportenState>, name: string): Scope | undefined =>
  state.scopes.find((s) => s.name === name && s.active);
