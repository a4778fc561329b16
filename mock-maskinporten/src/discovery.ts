// Discovery (RFC 8414, reference §8), the public signing keys at /jwk (not /jwks), and a short
// page per MP-code at the error_uri every error names.
import type { Express } from 'express';
import type { KeyRing } from '@testbed/common/keys';
import type { TestbedConfig } from '@testbed/common/config';
import { notFound } from './errors.js';
import { CATALOGUE } from './token/errors.js';

export function discovery(app: Express, config: TestbedConfig, issuer: string, keys: KeyRing): void {
  const base = config.urls.maskinporten;
  app.get('/.well-known/oauth-authorization-server', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=60').json({
      issuer,
      token_endpoint: `${base}/token`,
      jwks_uri: `${base}/jwk`,
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      grant_types_supported: ['urn:ietf:params:oauth:grant-type:jwt-bearer'],
      token_endpoint_auth_signing_alg_values_supported: ['RS256', 'RS384', 'RS512'],
      authorization_details_types_supported: ['urn:altinn:systemuser', 'urn:altinn:consent'],
    });
  });

  app.get('/jwk', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=60').json(keys.jwks(config.maskinporten.keyRotationGraceSeconds));
  });

  app.get('/errors/:code', (req, res) => {
    const entry = CATALOGUE.find((e) => e.code === req.params.code);
    if (!entry) throw notFound(`Maskinporten has no error code ${req.params.code}.`);
    res.json({ code: entry.code, error: entry.error, status: entry.status ?? 400, error_description: entry.description, cause: entry.cause });
  });
}
