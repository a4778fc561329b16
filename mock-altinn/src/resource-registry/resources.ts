// The resource registry's resources, under `/resourceregistry/api/v1/resource` (authorization.md
// §2.2): list, search, owners, read (anonymous), create, update and delete (scope
// `altinn:resourceregistry/resource.write` or `.admin`, own resources only unless admin).
//
// A resource that refers to Maskinporten scopes needs the admin scope or a `consumer_prefix` claim
// naming each scope's prefix, else 401 `InvalidPrefix`. Mock Maskinporten does not issue
// `consumer_prefix`, so in the test-bed such resources are written with the admin scope.
import express, { type Request, type Response, type Router } from 'express';
import { authOf, type AuthContext } from '../auth/verify.js';
import type { AltinnDeps } from '../deps.js';
import { fromBody, queryString } from '../model-binding.js';
import { ModelStateProblem, PlainResult, traceId } from '../problems.js';
import type { OrgParty } from '../register/model.js';
import { resourceById } from './lookup.js';
import { RESOURCE_TYPES, type ServiceResource } from './model.js';
import { isAdmin, RESOURCE_WRITE_SCOPES, writesFor } from './owner.js';
import { maskinportenScopes, validateResource } from './validate.js';

export const RESOURCE_BASE = '/resourceregistry/api/v1/resource';

const SEARCH_FIELDS = ['id', 'title', 'description', 'resourceType', 'keyword', 'reference', 'orgCode', 'organizationId'] as const;
type Search = Partial<Record<(typeof SEARCH_FIELDS)[number], string>>;

/** The search criteria of the query; an unknown resource type does not bind. */
function searchOf(req: Request): Search {
  const q: Search = Object.fromEntries(SEARCH_FIELDS.flatMap((f) => (queryString(req, f) === undefined ? [] : [[f, queryString(req, f)!]])));
  if (q.resourceType !== undefined && !(RESOURCE_TYPES as readonly string[]).includes(q.resourceType)) {
    throw new ModelStateProblem({ resourceType: [`The value '${q.resourceType}' is not valid for ResourceType.`] });
  }
  return q;
}

const contains = (haystack: string | undefined, needle: string) => (haystack ?? '').toLowerCase().includes(needle.toLowerCase());

/** Every given criterion must hold; text criteria match case-insensitively anywhere (any language). */
function matches(r: ServiceResource, q: Search): boolean {
  return (
    (q.id === undefined || contains(r.identifier, q.id)) &&
    (q.title === undefined || Object.values(r.title).some((t) => contains(t, q.title!))) &&
    (q.description === undefined || Object.values(r.description).some((t) => contains(t, q.description!))) &&
    (q.resourceType === undefined || r.resourceType === q.resourceType) &&
    (q.keyword === undefined || (r.keywords ?? []).some((k) => contains(k.word, q.keyword!))) &&
    (q.reference === undefined || (r.resourceReferences ?? []).some((ref) => contains(ref.reference, q.reference!))) &&
    (q.orgCode === undefined || r.hasCompetentAuthority.orgcode.toLowerCase() === q.orgCode.toLowerCase()) &&
    (q.organizationId === undefined || r.hasCompetentAuthority.organization === q.organizationId)
  );
}

/** 401 with the scopes whose prefix the caller may not use (MaskinportenSchemaAuthorizer). */
function scopePrefixRefused(res: Response, auth: AuthContext, resource: ServiceResource): boolean {
  const scopes = maskinportenScopes(resource);
  if (!scopes.length || isAdmin(auth)) return false;
  const claim = auth.claims.consumer_prefix;
  const prefixes = (Array.isArray(claim) ? claim : [claim]).filter((p): p is string => typeof p === 'string');
  const forbidden = scopes.filter((scope) => !prefixes.some((prefix) => scope.startsWith(`${prefix}:`)));
  if (!forbidden.length) return false;
  res.status(401).type('application/problem+json').json({
    type: 'https://tools.ietf.org/html/rfc9110#section-15.5.2',
    title: 'Unauthorized',
    status: 401,
    detail: 'Not authorized for creating resource with the listed scopes',
    errors: { InvalidPrefix: forbidden },
    traceId: traceId(),
  });
  return true;
}

const orgList = (orgs: OrgParty[]) => ({
  orgs: Object.fromEntries(
    orgs.filter((o) => o.orgCode).map((o) => [o.orgCode!, { name: { en: o.name, nb: o.name, nn: o.name }, logo: '', orgnr: o.orgNo, homepage: '', environments: ['tt02', 'production'] }]),
  ),
});

export function resourceRoutes({ ctx, verifier }: AltinnDeps): Router {
  const router = express.Router();
  const write = [verifier.require({ anyScope: RESOURCE_WRITE_SCOPES, sources: ['maskinporten', 'altinn'] }), fromBody];

  router.get(`${RESOURCE_BASE}/resourcelist`, async (_req, res) => {
    res.json(await ctx.store.read((s) => s.resources));
  });

  // Routing is case-insensitive, as ASP.NET's: `/resource/Search` is the documented spelling.
  router.get(`${RESOURCE_BASE}/search`, async (req, res) => {
    const q = searchOf(req);
    res.json(await ctx.store.read((s) => s.resources.filter((r) => matches(r, q))));
  });

  router.get(`${RESOURCE_BASE}/orgs`, async (_req, res) => {
    res.json(await ctx.store.read((s) => orgList(s.parties.filter((p): p is OrgParty => p.type === 'Organisation'))));
  });

  router.get(`${RESOURCE_BASE}/:id`, async (req, res) => {
    const resource = await ctx.store.read((s) => resourceById(s, req.params.id));
    if (!resource) throw new PlainResult(404);
    res.json(resource);
  });

  router.post(RESOURCE_BASE, ...write, async (req, res) => {
    const auth = authOf(res);
    const resource = await ctx.store.read((s) => validateResource(req.body, s));
    if (!writesFor(auth, resource.hasCompetentAuthority.organization)) throw new PlainResult(403);
    if (scopePrefixRefused(res, auth, resource)) return;
    const created = await ctx.store.update((s) => {
      if (resourceById(s, resource.identifier)) return false;
      s.resources.push({ ...resource, versionId: 1 });
      return true;
    });
    if (!created) throw new PlainResult(409, `The Resource already exist: ${resource.identifier}`);
    res.status(201).location(`${RESOURCE_BASE}/${resource.identifier}`).end();
  });

  router.put(`${RESOURCE_BASE}/:id`, ...write, async (req, res) => {
    const auth = authOf(res);
    const id = String(req.params.id);
    const current = await ctx.store.read((s) => resourceById(s, id));
    if (!current) throw new PlainResult(404);
    if ((req.body as { identifier?: unknown } | null)?.identifier !== id) throw new PlainResult(400, 'Id in path does not match ID in resource');
    const resource = await ctx.store.read((s) => validateResource(req.body, s));
    // The owner may not give a resource away, nor take over another's.
    if (!writesFor(auth, resource.hasCompetentAuthority.organization) || !writesFor(auth, current.hasCompetentAuthority.organization)) throw new PlainResult(403);
    if (scopePrefixRefused(res, auth, resource)) return;
    const updated = await ctx.store.update((s) => {
      const i = s.resources.findIndex((r) => r.identifier === id);
      if (i < 0) return false;
      s.resources[i] = { ...resource, versionId: (s.resources[i]!.versionId ?? 1) + 1 };
      return true;
    });
    if (!updated) throw new PlainResult(404);
    res.status(200).end();
  });

  router.delete(`${RESOURCE_BASE}/:id`, verifier.require({ anyScope: RESOURCE_WRITE_SCOPES, sources: ['maskinporten', 'altinn'] }), async (req, res) => {
    const id = String(req.params.id);
    const current = await ctx.store.read((s) => resourceById(s, id));
    if (!current) throw new PlainResult(404);
    if (!writesFor(authOf(res), current.hasCompetentAuthority.organization)) throw new PlainResult(403);
    await ctx.store.update((s) => {
      s.resources = s.resources.filter((r) => r.identifier !== id);
      s.policies = s.policies.filter((p) => p.resourceId !== id);
      for (const list of s.accessLists) list.resourceConnections = list.resourceConnections.filter((c) => c.resource !== id);
    });
    res.status(204).end();
  });

  return router;
}
