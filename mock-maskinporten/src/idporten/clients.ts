// The relying parties of mock ID-porten, registered from settings as Digdir's self-service would:
// mock-altinn (the approval pages) and demo-smartregnskap.
import type { ClientMetadata } from 'oidc-provider';
import type { IdportenClientConfig, TestbedConfig } from '@testbed/common/config';
import { ORG } from '@testbed/common/world';

type ClientKey = keyof TestbedConfig['idportenClients'];

export interface IdportenClient {
  settings: IdportenClientConfig;
  /** Shown on the login page ("Logg inn på …"). */
  name: string;
  /** The organisation that owns the integration: ID-porten names it in the access token's `consumer`. */
  orgNo: string;
}

// The settings hold no owner, so it is fixed here: Altinn's integration is Digdir's, as the
// `consumer` of real tt02 tokens for Digdir's clients shows; SmartRegnskap's is SmartCloud's.
const OWNERS: Record<ClientKey, { name: string; orgNo: string }> = {
  altinn: { name: 'Altinn', orgNo: ORG.digdir },
  smartregnskap: { name: 'SmartRegnskap', orgNo: ORG.smartcloud },
};

export function idportenClients(config: TestbedConfig): IdportenClient[] {
  return (Object.keys(OWNERS) as ClientKey[]).map((key) => ({ settings: config.idportenClients[key], ...OWNERS[key] }));
}

/** Every scope some client may ask for: oidc-provider only grants scopes it knows. */
export const knownScopes = (clients: IdportenClient[]): string[] => [
  ...new Set(['openid', 'profile', ...clients.flatMap((c) => c.settings.scopes)]),
];

/**
 * oidc-provider metadata of a client. A secret client may authenticate with either
 * client_secret_basic or client_secret_post, as at ID-porten. `sub` is pairwise per client.
 */
export function clientMetadata(client: IdportenClient): ClientMetadata {
  const { settings } = client;
  return {
    client_id: settings.client_id,
    client_secret: settings.client_secret,
    client_name: client.name,
    redirect_uris: settings.redirect_uris,
    post_logout_redirect_uris: settings.post_logout_redirect_uris,
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_basic',
    scope: ['openid', ...settings.scopes].join(' '),
    subject_type: 'pairwise',
  };
}
