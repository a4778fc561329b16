// A small stand-in for mock-maskinporten, so Skatteetaten can be tested alone: `/jwk` with key
// rotation, `/token` for onboarded clients (jwt-bearer grants signed with their registered key),
// the scope self-service API, and control routes to onboard a client and to mint tokens
// (`/_testbed/tokens/systemuser` as the real mock offers it; `/_testbed/tokens/raw` signs any
// claims, for negative tests). It checks only what Skatteetaten's code relies on.
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { maskinportenIssuer, type TestbedConfig } from '@testbed/common/config';
import { createServiceContext } from '@testbed/common/context';
import { badControlRequest } from '@testbed/common/control-plane';
import { iso6523, orgNoFromIso6523 } from '@testbed/common/identifiers';
import { bearerToken, verifyToken } from '@testbed/common/jwt';
import { KeyRing } from '@testbed/common/keys';
import type { ServiceInstance } from '@testbed/common/service';
import { createServiceApp, formBody, jsonBody } from '@testbed/common/service-app';
import { createLocalJWKSet, decodeJwt, jwtVerify, type JWK } from 'jose';
import { z } from 'zod';

/** What Digdir gives every onboarded client besides the scopes it asked for. */
export const SELF_SERVICE_SCOPES = ['idporten:dcr.read', 'idporten:dcr.modify', 'idporten:dcr.write', 'idporten:scopes.write'];
const KEY_GRACE_SECONDS = 3600;

interface FakeClient {
  client_id: string;
  client_orgno: string;
  client_name: string;
  jwks: { keys: JWK[] };
  scopes: string[];
}

type FakeScope = Record<string, unknown> & { name: string; owner_orgno: string };

interface FakeGrant {
  scope: string;
  consumer_orgno: string;
  owner_orgno: string;
  state: 'APPROVED';
}

export interface FakeMaskinportenState {
  clients: FakeClient[];
  scopes: FakeScope[];
  access: FakeGrant[];
}

const onboardingInput = z.object({
  orgno: z.string(),
  client_name: z.string(),
  jwks: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }),
  scopes: z.array(z.string()),
});

const systemUserTokenInput = z.object({
  systemUserId: z.string(),
  systemUserOrg: z.string(),
  systemId: z.string(),
  supplierOrgNo: z.string(),
  scopes: z.array(z.string()),
});

const oauthError = (res: Response, error: string, description: string) => res.status(400).json({ error, error_description: description });

export async function createFakeMaskinporten(config: TestbedConfig): Promise<ServiceInstance> {
  const ctx = await createServiceContext<FakeMaskinportenState>('maskinporten', config, () => ({ clients: [], scopes: [], access: [] }));
  const keys = await KeyRing.open(config.dataDir, 'fake-maskinporten', { bits: config.rsaBits, now: () => ctx.clock.now() });
  const issuer = maskinportenIssuer(config);

  /** A token response; the token's claims in Maskinporten's order. */
  const issue = async (clientId: string, orgno: string, scope: string, authorizationDetails?: object[]) => {
    const iat = ctx.clock.nowSeconds();
    const access_token = await keys.sign({
      ...(authorizationDetails ? { authorization_details: authorizationDetails } : {}),
      scope,
      iss: issuer,
      client_amr: 'private_key_jwt',
      token_type: 'Bearer',
      exp: iat + 120,
      iat,
      client_id: clientId,
      jti: randomUUID(),
      consumer: iso6523(orgno),
    });
    return { access_token, token_type: 'Bearer', expires_in: 120, scope };
  };

  /** The organisation calling the self-service API, when its token has `idporten:scopes.write`. */
  const scopeAdmin = async (req: Request): Promise<string | null> => {
    try {
      const payload = await verifyToken(bearerToken(req.get('authorization')) ?? '', createLocalJWKSet(keys.jwks(KEY_GRACE_SECONDS)), { issuer, clock: ctx.clock });
      return String(payload.scope).split(' ').includes('idporten:scopes.write') ? orgNoFromIso6523(payload.consumer) : null;
    } catch {
      return null;
    }
  };
  const scopeName = (req: Request) => (typeof req.query.scope === 'string' ? req.query.scope : '');

  const app = createServiceApp(ctx, {
    errors: { send: (_req, res, status, kind, message) => res.status(status).json({ error: kind, error_description: message }) },
    controlPlane: {
      extend: (router) => {
        router.post('/onboarding', async (req, res) => {
          const body = onboardingInput.safeParse(req.body);
          if (!body.success) return badControlRequest(res, body.error);
          const client: FakeClient = {
            client_id: randomUUID(),
            client_orgno: body.data.orgno,
            client_name: body.data.client_name,
            jwks: body.data.jwks as { keys: JWK[] },
            scopes: [...body.data.scopes, ...SELF_SERVICE_SCOPES],
          };
          await ctx.store.update((s) => s.clients.push(client));
          res.status(201).json({ client_id: client.client_id, client_orgno: client.client_orgno, scopes: client.scopes });
        });
        router.post('/tokens/systemuser', async (req, res) => {
          const body = systemUserTokenInput.safeParse(req.body);
          if (!body.success) return badControlRequest(res, body.error);
          const { systemUserId, systemUserOrg, systemId, supplierOrgNo, scopes } = body.data;
          const details = { type: 'urn:altinn:systemuser', systemuser_org: iso6523(systemUserOrg), systemuser_id: [systemUserId], system_id: systemId };
          res.json(await issue('fake-vendor-client', supplierOrgNo, scopes.join(' '), [details]));
        });
        router.post('/tokens/raw', async (req, res) => {
          res.json({ access_token: await keys.sign((req.body as { claims: object }).claims) });
        });
        router.post('/keys/rotate', async (_req, res) => {
          const { previousKid, activeKid } = await keys.rotate();
          res.json({ previous_kid: previousKid, active_kid: activeKid });
        });
      },
    },
    routes: (app) => {
      app.get('/jwk', (_req, res) => {
        res.json(keys.jwks(KEY_GRACE_SECONDS));
      });

      app.post('/token', formBody(), async (req, res) => {
        const assertion = typeof req.body?.assertion === 'string' ? req.body.assertion : '';
        let clientId: unknown;
        try {
          clientId = decodeJwt(assertion).iss;
        } catch {
          return oauthError(res, 'invalid_request', 'assertion is not a JWT');
        }
        const client = await ctx.store.read((s) => s.clients.find((c) => c.client_id === clientId));
        if (!client) return oauthError(res, 'invalid_grant', `unknown client ${String(clientId)}`);
        let scopes: string[];
        try {
          const { payload } = await jwtVerify(assertion, createLocalJWKSet(client.jwks), { audience: issuer, issuer: client.client_id, currentDate: ctx.clock.date() });
          scopes = String(payload.scope ?? '').split(' ').filter(Boolean);
        } catch (err) {
          return oauthError(res, 'invalid_grant', `grant rejected: ${String(err)}`);
        }
        const missing = scopes.filter((s) => !client.scopes.includes(s));
        if (missing.length) return oauthError(res, 'invalid_scope', `client lacks ${missing.join(' ')}`);
        res.json(await issue(client.client_id, client.client_orgno, scopes.join(' ')));
      });

      app.get('/api/v1/scopes', async (req, res) => {
        if (!(await scopeAdmin(req))) return res.status(403).json({ error: 'access_denied' });
        const scope = await ctx.store.read((s) => s.scopes.find((x) => x.name === scopeName(req)));
        if (!scope) return res.status(404).json({ error: 'not_found' });
        res.json(scope);
      });
      app.post('/api/v1/scopes', jsonBody(), async (req, res) => {
        const owner = await scopeAdmin(req);
        if (!owner) return res.status(403).json({ error: 'access_denied' });
        const body = req.body as Record<string, unknown>;
        const name = `${String(body.prefix)}:${String(body.subscope)}`;
        if (await ctx.store.read((s) => s.scopes.some((x) => x.name === name))) return res.status(409).json({ error: 'conflict' });
        const scope: FakeScope = { ...body, name, owner_orgno: owner, active: true };
        await ctx.store.update((s) => s.scopes.push(scope));
        res.status(201).json(scope);
      });
      app.put('/api/v1/scopes', jsonBody(), async (req, res) => {
        const owner = await scopeAdmin(req);
        if (!owner) return res.status(403).json({ error: 'access_denied' });
        const updated = await ctx.store.update((s) => {
          const index = s.scopes.findIndex((x) => x.name === scopeName(req) && x.owner_orgno === owner);
          if (index < 0) return null;
          s.scopes[index] = { ...s.scopes[index]!, ...(req.body as object) };
          return s.scopes[index];
        });
        if (!updated) return res.status(404).json({ error: 'not_found' });
        res.json(updated);
      });
      app.get('/api/v1/scopes/access', async (req, res) => {
        if (!(await scopeAdmin(req))) return res.status(403).json({ error: 'access_denied' });
        res.json(await ctx.store.read((s) => s.access.filter((g) => g.scope === scopeName(req))));
      });
      app.put('/api/v1/scopes/access/:orgno', async (req, res) => {
        const owner = await scopeAdmin(req);
        if (!owner) return res.status(403).json({ error: 'access_denied' });
        const grant: FakeGrant = { scope: scopeName(req), consumer_orgno: req.params.orgno, owner_orgno: owner, state: 'APPROVED' };
        await ctx.store.update((s) => {
          s.access = [...s.access.filter((g) => !(g.scope === grant.scope && g.consumer_orgno === grant.consumer_orgno)), grant];
        });
        res.json(grant);
      });
    },
  });
  return { name: 'maskinporten', handler: app, close: () => ctx.store.close() };
}
