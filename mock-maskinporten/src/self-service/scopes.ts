// Scopes (reference §9.3–9.4): the public list, an API provider's own scopes, create under a
// prefix the organisation owns, read/update/deactivate by `?scope=<name>` (names contain `/`).
import type { Router } from 'express';
import { z } from 'zod';
import type { TestbedConfig } from '@testbed/common/config';
import { conflict, notFound, OAuthError, parseInput } from '../errors.js';
import { INTEGRATION_TYPES, type MaskinportenContext, type MaskinportenState, type Scope } from '../state.js';
import { callerOrg, type SelfServiceAuth } from './auth.js';
import { json, PREFIX_RE, scopeName, SUBSCOPE_RE } from './inputs.js';

/** Where API delegation (consumer_org) is managed; the test-bed's Altinn stands in for tt02. */
const delegationSources = (config: TestbedConfig) => [
  { name: 'altinn', description: 'Altinn "Delegere tilgang til API" (the test-bed keeps these delegations at /_testbed/delegations)', issuer: `${config.urls.altinn}/` },
];

const mutableFields = (config: TestbedConfig) => ({
  description: z.string().trim().min(1).max(2000),
  long_description: z.string().max(10_000).optional(),
  visibility: z.enum(['PUBLIC', 'PRIVATE', 'INTERNAL']).optional(),
  token_type: z.enum(['SELF_CONTAINED', 'OPAQUE']).optional(),
  at_max_age: z.number().int().min(1).max(7200).optional(),
  authorization_max_lifetime: z.number().int().min(0).optional(),
  allowed_integration_types: z.array(z.enum(INTEGRATION_TYPES)).max(INTEGRATION_TYPES.length).optional(),
  accessible_for_all: z.boolean().optional(),
  delegation_source: z
    .string()
    .refine((v) => delegationSources(config).some((d) => d.issuer === v), { message: `must be a delegation source issuer (GET /api/v1/delegationsources): ${delegationSources(config).map((d) => d.issuer).join(', ')}` })
    .nullable()
    .optional(),
  requires_user_consent: z.boolean().optional(),
  requires_user_authentication: z.boolean().optional(),
  requires_pseudonymous_tokens: z.boolean().optional(),
});

const scopeQuery = z.object({ scope: scopeName });

export function scopeRoutes(router: Router, ctx: MaskinportenContext, auth: SelfServiceAuth): void {
  const { store, clock, config } = ctx;
  const fields = mutableFields(config);
  const createInput = z
    .object({
      prefix: z.string().regex(PREFIX_RE, 'must be lower-case letters and digits'),
      subscope: z.string().max(200).regex(SUBSCOPE_RE, 'lower-case segments separated by "/" or ".", e.g. kravogbetalinger or api/read'),
      ...fields,
    })
    .strict();
  const updateInput = z.object({ ...fields, description: fields.description.optional(), active: z.boolean().optional() }).strict();
  const admin = auth.require('idporten:scopes.write');

  router.get('/scopes/all', async (_req, res) => {
    res.json(await store.read((s) => s.scopes.filter((scope) => scope.active && scope.visibility === 'PUBLIC')));
  });

  router.get('/scopes', admin, async (req, res) => {
    const org = callerOrg(res);
    if (req.query.scope === undefined) return res.json(await store.read((s) => s.scopes.filter((scope) => scope.owner_orgno === org)));
    const { scope } = parseInput(scopeQuery, req.query, 'query');
    res.json(await store.read((s) => ownScope(s, scope, org)));
  });

  router.post('/scopes', admin, ...json(), async (req, res) => {
    const org = callerOrg(res);
    const input = parseInput(createInput, req.body);
    const name = `${input.prefix}:${input.subscope}`;
    const scope = await store.update((s) => {
      const prefix = s.prefixes.find((p) => p.prefix === input.prefix);
      if (!prefix) throw new OAuthError({ error: 'invalid_request', description: `Prefix ${input.prefix} does not exist; Digdir assigns prefixes` }, undefined, [{ field: 'prefix', message: 'unknown prefix' }]);
      if (prefix.owner_orgno !== org) {
        throw new OAuthError({ status: 403, error: 'forbidden', description: `Prefix ${input.prefix} is owned by ${prefix.owner_orgno}, not ${org}` }, undefined, [{ field: 'prefix', message: 'not your prefix' }]);
      }
      if (s.scopes.some((x) => x.name === name)) throw conflict(`Scope ${name} already exists`, 'change it with PUT /api/v1/scopes?scope=<name>');
      const at = clock.date().toISOString();
      const { delegation_source, ...rest } = input;
      const created: Scope = {
        ...rest,
        name,
        active: true,
        visibility: input.visibility ?? 'PUBLIC',
        token_type: input.token_type ?? 'SELF_CONTAINED',
        allowed_integration_types: input.allowed_integration_types ?? ['maskinporten'],
        accessible_for_all: input.accessible_for_all ?? false,
        ...(delegation_source ? { delegation_source } : {}),
        requires_user_consent: input.requires_user_consent ?? false,
        requires_user_authentication: input.requires_user_authentication ?? false,
        requires_pseudonymous_tokens: input.requires_pseudonymous_tokens ?? false,
        owner_orgno: org,
        created: at,
        last_updated: at,
      };
      s.scopes.push(created);
      return created;
    });
    res.status(201).json(scope);
  });

  router.put('/scopes', admin, ...json(), async (req, res) => {
    const org = callerOrg(res);
    const { scope: name } = parseInput(scopeQuery, req.query, 'query');
    const input = parseInput(updateInput, req.body);
    const scope = await store.update((s) => {
      const found = ownScope(s, name, org);
      const { delegation_source, ...rest } = input;
      Object.assign(found, rest);
      if (delegation_source === null) delete found.delegation_source;
      else if (delegation_source !== undefined) found.delegation_source = delegation_source;
      found.last_updated = clock.date().toISOString();
      return found;
    });
    res.json(scope);
  });

  router.delete('/scopes', admin, async (req, res) => {
    const org = callerOrg(res);
    const { scope: name } = parseInput(scopeQuery, req.query, 'query');
    const scope = await store.update((s) => {
      const found = ownScope(s, name, org);
      found.active = false;
      found.last_updated = clock.date().toISOString();
      return found;
    });
    res.json(scope);
  });

  router.get('/delegationsources', auth.require('idporten:scopes.write', 'idporten:dcr.read'), (_req, res) => {
    res.json(delegationSources(config));
  });
}

/** The scope named `name`, when `org` owns it: 404 when absent, 403 when someone else's. */
export function ownScope(state: Readonly<MaskinportenState>, name: string, org: string): Scope {
  const scope = state.scopes.find((s) => s.name === name);
  if (!scope) throw notFound(`No scope ${name}`);
  if (scope.owner_orgno !== org) throw new OAuthError({ status: 403, error: 'forbidden', description: `Scope ${name} is owned by ${scope.owner_orgno}, not ${org}` });
  return scope;
}
