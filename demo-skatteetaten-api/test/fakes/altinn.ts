// A small stand-in for mock-altinn, so Skatteetaten can be tested alone: the Maskinporten token
// exchange, the external PDP with decisions set by the test (NotApplicable by default, or a
// malformed answer), and the resource registry's resource and policy endpoints.
import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import express from 'express';
import { altinnIssuer, maskinportenIssuer, type TestbedConfig } from '@testbed/common/config';
import { createServiceContext } from '@testbed/common/context';
import { badControlRequest } from '@testbed/common/control-plane';
import { orgNoFromIso6523 } from '@testbed/common/identifiers';
import { bearerToken, remoteKeys, verifyToken } from '@testbed/common/jwt';
import { KeyRing } from '@testbed/common/keys';
import type { ServiceInstance } from '@testbed/common/service';
import { createServiceApp, jsonBody } from '@testbed/common/service-app';
import { createLocalJWKSet, type JWTPayload } from 'jose';
import { z } from 'zod';

const DECISIONS = ['Permit', 'Deny', 'NotApplicable', 'Indeterminate'] as const;
type Decision = (typeof DECISIONS)[number];

export interface FakeAltinnState {
  resources: Record<string, Record<string, unknown>>;
  policies: Record<string, string>;
  decisions: { systemUserId: string; party: string; decision: Decision }[];
  malformedPdp: boolean;
}

/** A PDP request as received, for tests of its shape (`GET /_testbed/pdp/requests`). */
export interface PdpRequest {
  subscriptionKey: string | null;
  body: unknown;
}

const decisionInput = z.object({ systemUserId: z.string(), party: z.string(), decision: z.enum(DECISIONS) });

interface Attribute {
  AttributeId?: string;
  Value?: string;
}

const attributes = (categories: unknown): Attribute[] =>
  Array.isArray(categories) ? categories.flatMap((c: { Attribute?: Attribute[] }) => (Array.isArray(c?.Attribute) ? c.Attribute : [])) : [];

export async function createFakeAltinn(config: TestbedConfig): Promise<ServiceInstance> {
  const ctx = await createServiceContext<FakeAltinnState>('altinn', config, () => ({ resources: {}, policies: {}, decisions: [], malformedPdp: false }));
  // Kept in memory, not in the state file: the benchmark sends thousands.
  const pdpRequests: PdpRequest[] = [];
  const keys = await KeyRing.open(config.dataDir, 'fake-altinn', { bits: config.rsaBits, now: () => ctx.clock.now() });
  const maskinportenKeys = remoteKeys(`${config.urls.maskinporten}/jwk`, ctx.fetch);

  /** The payload of an Altinn token (one this fake exchanged) carrying `scope`, or null. */
  const altinnCaller = async (req: Request, scope: string): Promise<JWTPayload | null> => {
    try {
      const payload = await verifyToken(bearerToken(req.get('authorization')) ?? '', createLocalJWKSet(keys.jwks(0)), { issuer: altinnIssuer(config), clock: ctx.clock });
      return String(payload.scope).split(' ').includes(scope) ? payload : null;
    } catch {
      return null;
    }
  };
  const resourceWriter = async (req: Request) => altinnCaller(req, 'altinn:resourceregistry/resource.write');
  const ownsResource = (caller: JWTPayload, resource: Record<string, unknown>) =>
    (resource.hasCompetentAuthority as { organization?: unknown } | undefined)?.organization === caller['urn:altinn:orgNumber'];

  const app = createServiceApp(ctx, {
    errors: { send: (_req, res, status, kind, message) => res.status(status).json({ title: kind, status, detail: message }) },
    controlPlane: {
      extend: (router) => {
        router.post('/pdp/decisions', async (req, res) => {
          const body = decisionInput.safeParse(req.body);
          if (!body.success) return badControlRequest(res, body.error);
          await ctx.store.update((s) => {
            s.decisions = [...s.decisions.filter((d) => !(d.systemUserId === body.data.systemUserId && d.party === body.data.party)), body.data];
          });
          res.status(204).end();
        });
        router.get('/pdp/requests', (_req, res) => {
          res.json(pdpRequests);
        });
        router.post('/pdp/malformed', async (req, res) => {
          await ctx.store.update((s) => {
            s.malformedPdp = (req.body as { on?: boolean }).on === true;
          });
          res.status(204).end();
        });
      },
    },
    routes: (app) => {
      app.get('/authentication/api/v1/exchange/maskinporten', async (req, res) => {
        let payload: JWTPayload;
        try {
          payload = await verifyToken(bearerToken(req.get('authorization')) ?? '', maskinportenKeys, { issuer: maskinportenIssuer(config), clock: ctx.clock });
        } catch {
          return res.status(401).end();
        }
        const { aud: _aud, iss: _iss, client_amr: _amr, ...claims } = payload;
        const iat = ctx.clock.nowSeconds();
        const token = await keys.sign({
          ...claims,
          'urn:altinn:orgNumber': orgNoFromIso6523(payload.consumer),
          'urn:altinn:authenticatemethod': 'maskinporten',
          'urn:altinn:authlevel': 3,
          iss: altinnIssuer(config),
          iat,
          nbf: iat,
          exp: iat + 1800,
          jti: randomUUID(),
        });
        res.type('text/plain').send(token);
      });

      app.post('/authorization/api/v1/authorize', jsonBody(), async (req, res) => {
        if (!(await altinnCaller(req, 'altinn:authorization/authorize'))) return res.status(403).end();
        const subscriptionKey = req.get('ocp-apim-subscription-key') ?? null;
        pdpRequests.push({ subscriptionKey, body: req.body });
        if (!subscriptionKey) return res.status(401).json({ statusCode: 401, message: 'Access denied due to missing subscription key.' });
        if (await ctx.store.read((s) => s.malformedPdp)) return res.json({ verdict: 'maybe' });
        const request = (req.body as { Request?: Record<string, unknown> }).Request ?? {};
        const find = (categories: unknown, id: string) => attributes(categories).find((a) => a.AttributeId === id)?.Value;
        const systemUserId = find(request.AccessSubject, 'urn:altinn:systemuser:uuid');
        const party = find(request.Resource, 'urn:altinn:organization:identifier-no');
        const decision = (await ctx.store.read((s) => s.decisions.find((d) => d.systemUserId === systemUserId && d.party === party)))?.decision ?? 'NotApplicable';
        res.json({
          response: [
            {
              decision,
              status: { statusMessage: null, statusDetails: null, statusCode: { value: 'urn:oasis:names:tc:xacml:1.0:status:ok', statusCode: null } },
              obligations: null,
              associateAdvice: null,
              category: null,
              policyIdentifierList: null,
            },
          ],
        });
      });

      const registry = '/resourceregistry/api/v1/resource';
      app.get(`${registry}/:id`, async (req, res) => {
        const resource = await ctx.store.read((s) => s.resources[req.params.id]);
        if (!resource) return res.status(404).end();
        res.json(resource);
      });
      app.post(registry, jsonBody(), async (req, res) => {
        const caller = await resourceWriter(req);
        if (!caller) return res.status(401).end();
        const resource = req.body as Record<string, unknown>;
        if (!ownsResource(caller, resource)) return res.status(403).end();
        const id = String(resource.identifier);
        if (await ctx.store.read((s) => s.resources[id])) return res.status(409).end();
        await ctx.store.update((s) => {
          s.resources[id] = resource;
        });
        res.status(201).location(`${registry}/${id}`).json(resource);
      });
      app.put(`${registry}/:id`, jsonBody(), async (req, res) => {
        const caller = await resourceWriter(req);
        if (!caller) return res.status(401).end();
        const resource = req.body as Record<string, unknown>;
        if (!ownsResource(caller, resource)) return res.status(403).end();
        if (!(await ctx.store.read((s) => s.resources[req.params.id]))) return res.status(404).end();
        await ctx.store.update((s) => {
          s.resources[req.params.id] = resource;
        });
        res.json(resource);
      });
      app.get(`${registry}/:id/policy`, async (req, res) => {
        const policy = await ctx.store.read((s) => s.policies[req.params.id]);
        if (!policy) return res.status(404).end();
        res.type('text/xml').send(policy);
      });
      app.post(`${registry}/:id/policy`, express.raw({ type: 'multipart/form-data', limit: '1mb' }), async (req, res) => {
        if (!(await resourceWriter(req))) return res.status(401).end();
        // Node's Request parses multipart, so the fake needs no upload library.
        const form = await new Request('http://fake/', { method: 'POST', headers: { 'content-type': req.get('content-type') ?? '' }, body: new Uint8Array(req.body as Buffer) }).formData();
        const file = form.get('policyFile');
        if (!file || typeof file === 'string') return res.status(400).json({ title: 'policyFile missing' });
        const policy = await file.text();
        await ctx.store.update((s) => {
          s.policies[req.params.id] = policy;
        });
        res.status(201).end();
      });
    },
  });
  return { name: 'altinn', handler: app, close: () => ctx.store.close() };
}
