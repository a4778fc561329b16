// Clients and their keys (reference §9.2): create (UUID client_id), list, read, update,
// deactivate (DELETE never hard-deletes; `?inactive=TRUE` lists deactivated clients too), and
// overwrite the key set. An organisation sees and changes only its own clients.
import { randomUUID } from 'node:crypto';
import type { Router } from 'express';
import type { JWK } from 'jose';
import { z } from 'zod';
import type { TestbedConfig } from '@testbed/common/config';
import { isUuid } from '@testbed/common/identifiers';
import { badRequest, notFound, OAuthError, parseInput } from '../errors.js';
import { findScope, hasAccess, JWT_BEARER, type Client, type MaskinportenContext, type MaskinportenState } from '../state.js';
import { callerOrg, type SelfServiceAuth } from './auth.js';
import { checkKidsFree, json, jwksInput, scopeName } from './inputs.js';

const clientFields = {
  client_name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).optional(),
  token_endpoint_auth_method: z.literal('private_key_jwt', 'Maskinporten clients authenticate with private_key_jwt').optional(),
  grant_types: z.array(z.literal(JWT_BEARER, `the only grant type is ${JWT_BEARER}`)).min(1).optional(),
  scopes: z.array(scopeName).max(100).optional(),
  access_token_lifetime: z.number().int().min(1).max(7200).optional(),
};

const createInput = z
  .object({
    integration_type: z.literal('maskinporten', 'this mock registers maskinporten clients (ID-porten clients are configured in the test-bed settings)'),
    ...clientFields,
  })
  .strict();

const updateInput = z
  .object({ integration_type: createInput.shape.integration_type.optional(), ...clientFields, client_name: clientFields.client_name.optional() })
  .strict();

const listQuery = z.object({ inactive: z.enum(['TRUE', 'FALSE', 'true', 'false']).optional() });

/** What the API shows of a client: the registration, never the keys (they have their own resource). */
export function clientView(client: Client, config: TestbedConfig) {
  const { jwks: _keys, ...registration } = client;
  return { ...registration, access_token_lifetime: client.access_token_lifetime ?? config.maskinporten.defaultTokenLifetimeSeconds };
}

/**
 * An organisation may put a scope on its client only if it may use it: owned, granted, or open
 * to all. Throws `invalid_scope` naming each scope and who to ask.
 */
function checkScopesUsable(state: Readonly<MaskinportenState>, org: string, scopes: string[]): void {
  const problems = scopes.flatMap((name, i) => {
    const scope = findScope(state, name);
    if (!scope) return [{ field: `scopes.${i}`, message: `scope ${name} does not exist` }];
    if (hasAccess(state, scope, org)) return [];
    return [{ field: `scopes.${i}`, message: `organisation ${org} has not been granted access to ${name}; ask its owner (${scope.owner_orgno}) to grant it` }];
  });
  if (problems.length) {
    throw new OAuthError({ error: 'invalid_scope', description: problems.map((p) => p.message).join('; ') }, undefined, problems);
  }
}

export function newClient(org: string, input: z.output<typeof createInput>, now: string): Client {
  return {
    client_id: randomUUID(),
    client_name: input.client_name,
    client_orgno: org,
    description: input.description ?? '',
    integration_type: 'maskinporten',
    token_endpoint_auth_method: 'private_key_jwt',
    grant_types: [JWT_BEARER],
    scopes: [...new Set(input.scopes ?? [])],
    ...(input.access_token_lifetime !== undefined ? { access_token_lifetime: input.access_token_lifetime } : {}),
    active: true,
    created: now,
    last_updated: now,
  };
}

/** Overwrites the key set; keeps `created` of the first upload. */
export function setKeys(client: Client, keys: JWK[], now: string): void {
  client.jwks = { keys, created: client.jwks?.created ?? now, last_updated: now };
  client.last_updated = now;
}

export function clientRoutes(router: Router, ctx: MaskinportenContext, auth: SelfServiceAuth): void {
  const { store, clock, config } = ctx;
  const now = () => clock.date().toISOString();
  const view = (c: Client) => clientView(c, config);

  /** The caller's client named in the path; deactivated ones only when `active` is not required. */
  const ownClient = (state: Readonly<MaskinportenState>, id: unknown, org: string, mustBeActive: boolean): Client => {
    if (!isUuid(id)) throw badRequest('client_id must be a UUID', 'client_id');
    const client = state.clients.find((c) => c.client_id === id && c.client_orgno === org);
    if (!client) throw notFound(`No client ${id} for organisation ${org}`);
    if (mustBeActive && !client.active) throw badRequest(`Client ${id} is deactivated`);
    return client;
  };

  router.post('/clients', auth.require('idporten:dcr.write'), ...json(), async (req, res) => {
    const org = callerOrg(res);
    const input = parseInput(createInput, req.body);
    const client = await store.update((s) => {
      checkScopesUsable(s, org, input.scopes ?? []);
      const created = newClient(org, input, now());
      s.clients.push(created);
      return created;
    });
    res.status(201).json(view(client));
  });

  router.get('/clients', auth.require('idporten:dcr.read'), async (req, res) => {
    const org = callerOrg(res);
    const { inactive } = parseInput(listQuery, req.query, 'query');
    const withInactive = inactive?.toUpperCase() === 'TRUE';
    res.json(await store.read((s) => s.clients.filter((c) => c.client_orgno === org && (c.active || withInactive)).map(view)));
  });

  router.get('/clients/:id', auth.require('idporten:dcr.read'), async (req, res) => {
    res.json(view(await store.read((s) => ownClient(s, req.params.id, callerOrg(res), false))));
  });

  router.put('/clients/:id', auth.require('idporten:dcr.modify'), ...json(), async (req, res) => {
    const org = callerOrg(res);
    const input = parseInput(updateInput, req.body);
    const client = await store.update((s) => {
      const found = ownClient(s, req.params.id, org, true);
      if (input.scopes) checkScopesUsable(s, org, input.scopes.filter((name) => !found.scopes.includes(name)));
      if (input.client_name !== undefined) found.client_name = input.client_name;
      if (input.description !== undefined) found.description = input.description;
      if (input.scopes) found.scopes = [...new Set(input.scopes)];
      if (input.access_token_lifetime !== undefined) found.access_token_lifetime = input.access_token_lifetime;
      found.last_updated = now();
      return found;
    });
    res.json(view(client));
  });

  router.delete('/clients/:id', auth.require('idporten:dcr.modify'), async (req, res) => {
    const client = await store.update((s) => {
      const found = ownClient(s, req.params.id, callerOrg(res), false);
      found.active = false;
      found.last_updated = now();
      return found;
    });
    res.json(view(client));
  });

  router.get('/clients/:id/jwks', auth.require('idporten:dcr.read'), async (req, res) => {
    const client = await store.read((s) => ownClient(s, req.params.id, callerOrg(res), false));
    res.json(client.jwks ?? { keys: [] });
  });

  router.post('/clients/:id/jwks', auth.require('idporten:dcr.modify'), ...json(), async (req, res) => {
    const org = callerOrg(res);
    const input = parseInput(jwksInput, req.body);
    const jwks = await store.update((s) => {
      const found = ownClient(s, req.params.id, org, true);
      checkKidsFree(s, input.keys, found.client_id);
      setKeys(found, input.keys, now());
      return found.jwks!;
    });
    res.status(201).json(jwks);
  });
}
