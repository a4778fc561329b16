// A service's relying-party configuration at mock ID-porten (openid-client v6), found by discovery
// as a real client finds it. Every call goes through the service's own fetch (journal, timeout,
// UpstreamError on no answer). The metadata is fetched once, and again after a failure, so an
// outage is not remembered.
import * as oidc from 'openid-client';
import { idportenIssuer, type TestbedConfig } from './config.js';
import type { ServiceFetch } from './http-client.js';

export type IdportenClientName = keyof TestbedConfig['idportenClients'];

export function idportenConfiguration(config: TestbedConfig, client: IdportenClientName, fetch: ServiceFetch): () => Promise<oidc.Configuration> {
  const settings = config.idportenClients[client];
  const issuer = new URL(idportenIssuer(config));
  const customFetch: oidc.CustomFetch = (url, options) =>
    fetch(url, { method: options.method, headers: options.headers, body: options.body as BodyInit | undefined, redirect: options.redirect });
  let configuration: Promise<oidc.Configuration> | undefined;
  return () => {
    configuration ??= oidc
      .discovery(issuer, settings.client_id, { redirect_uris: settings.redirect_uris }, oidc.ClientSecretBasic(settings.client_secret), {
        ...(issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {}),
        [oidc.customFetch]: customFetch,
      })
      .then((discovered) => {
        discovered[oidc.customFetch] = customFetch;
        return discovered;
      })
      .catch((err: unknown) => {
        configuration = undefined;
        throw err;
      });
    return configuration;
  };
}
