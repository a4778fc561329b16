// Access lists of a resource owner, under `/resourceregistry/api/v1/access-lists/{owner}` (owner =
// org code, as `skd`): the lists, their members (organisations) and the resources they gate.
// Enough of the real API for `accessListMode: Enabled` resources to be usable in the test-bed;
// optimistic concurrency (ETag/If-Match) and continuation tokens are left out.
import { randomUUID } from 'node:crypto';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';
import { authOf, type AuthContext } from '../auth/verify.js';
import type { AltinnDeps } from '../deps.js';
import { bindBody, fromBody, type BodyModel } from '../model-binding.js';
import { ModelStateProblem, PlainResult } from '../problems.js';
import type { OrgParty, RegisterState } from '../register/model.js';
import { orgByNo, partyByUuid } from '../register/parties.js';
import type { AltinnState } from '../state.js';
import { resourceById } from './lookup.js';
import type { AccessList, AccessListConnection } from './model.js';
import { isAdmin } from './owner.js';

const BASE = '/resourceregistry/api/v1/access-lists/:owner';
const READ = ['altinn:resourceregistry/accesslist.read', 'altinn:resourceregistry/accesslist.write'];
const WRITE = ['altinn:resourceregistry/accesslist.write'];
const MAX_MEMBERS_PER_CALL = 100;

const LIST: BodyModel<{ name: string; description?: string | null }> = {
  schema: z.object({ name: z.string().min(1), description: z.string().nullish() }),
  model: 'CreateAccessListModel',
  param: 'model',
  required: 'annotation',
};
const MEMBERS: BodyModel<{ data: string[] }> = {
  schema: z.object({ data: z.array(z.string()).max(MAX_MEMBERS_PER_CALL) }),
  model: 'UpsertAccessListPartyMembersListDto',
  param: 'members',
  required: 'annotation',
};
const CONNECTION: BodyModel<{ actionFilters?: string[] | null }> = {
  schema: z.object({ actionFilters: z.array(z.string()).nullish() }),
  model: 'UpsertAccessListResourceConnectionDto',
  param: 'model',
  required: 'annotation',
};

const page = <T>(data: T[]) => ({ links: { next: null }, data });

const listView = (l: AccessList) => ({
  id: l.id,
  owner: l.owner,
  identifier: l.identifier,
  name: l.name,
  description: l.description,
  createdAt: l.created,
  updatedAt: l.updated,
});

const connectionView = (c: AccessListConnection) => ({ resourceIdentifier: c.resource, actionFilters: c.actions, createdAt: c.created, updatedAt: c.updated });

function membersView(s: Readonly<RegisterState>, l: AccessList) {
  return page(
    l.members.flatMap((m) => {
      const org = partyByUuid(s, m.partyUuid);
      if (org?.type !== 'Organisation') return [];
      return [{ id: org.partyUuid, since: m.since, identifiers: { 'urn:altinn:party:uuid': org.partyUuid, 'urn:altinn:party:id': org.partyId, 'urn:altinn:organization:identifier-no': org.orgNo } }];
    }),
  );
}

/** `urn:altinn:organization:identifier-no:<orgno>` or `urn:altinn:party:uuid:<uuid>` → the organisation. */
function memberOrg(s: Readonly<RegisterState>, ref: string): OrgParty | undefined {
  const orgNo = /^urn:altinn:organization:identifier-no:(\d{9})$/.exec(ref)?.[1];
  if (orgNo) return orgByNo(s, orgNo);
  const uuid = /^urn:altinn:party:uuid:(.+)$/.exec(ref)?.[1];
  const party = uuid ? partyByUuid(s, uuid) : undefined;
  return party?.type === 'Organisation' ? party : undefined;
}

const params = (req: Request) => ({ owner: String(req.params.owner), identifier: String(req.params.identifier), resource: String(req.params.resource) });

/** The owner in the path must be the caller's own org code (or the caller an admin). */
const ownsLists = (s: Readonly<AltinnState>, auth: AuthContext, owner: string) =>
  isAdmin(auth) || (auth.consumerOrgNo !== undefined && orgByNo(s, auth.consumerOrgNo)?.orgCode?.toLowerCase() === owner.toLowerCase());

export function accessListRoutes({ ctx, verifier }: AltinnDeps): Router {
  const router = express.Router({ mergeParams: true });
  const sources: ('maskinporten' | 'altinn')[] = ['maskinporten', 'altinn'];
  const owned: RequestHandler = async (req, res, next) => {
    if (!(await ctx.store.read((s) => ownsLists(s, authOf(res), String(req.params.owner))))) throw new PlainResult(403);
    next();
  };
  const read = [verifier.require({ anyScope: READ, sources }), owned];
  const remove = [verifier.require({ anyScope: WRITE, sources }), owned];
  const write = [...remove, fromBody];
  const find = (s: Readonly<AltinnState>, owner: string, identifier: string) => s.accessLists.find((l) => l.owner === owner && l.identifier === identifier);
  const now = () => ctx.clock.date().toISOString();

  router.get(BASE, ...read, async (req, res) => {
    const { owner } = params(req);
    res.json(page(await ctx.store.read((s) => s.accessLists.filter((l) => l.owner === owner).map(listView))));
  });

  router.get(`${BASE}/:identifier`, ...read, async (req, res) => {
    const { owner, identifier } = params(req);
    const list = await ctx.store.read((s) => find(s, owner, identifier));
    if (!list) throw new PlainResult(404);
    res.json(listView(list));
  });

  router.put(`${BASE}/:identifier`, ...write, async (req, res) => {
    const { owner, identifier } = params(req);
    const body = bindBody(req.body, LIST);
    const at = now();
    const list = await ctx.store.update((s) => {
      const existing = find(s, owner, identifier);
      if (existing) return Object.assign(existing, { name: body.name, description: body.description ?? '', updated: at });
      const created: AccessList = { id: randomUUID(), owner, identifier, name: body.name, description: body.description ?? '', members: [], resourceConnections: [], created: at, updated: at };
      s.accessLists.push(created);
      return created;
    });
    res.json(listView(list));
  });

  router.delete(`${BASE}/:identifier`, ...remove, async (req, res) => {
    const { owner, identifier } = params(req);
    const removed = await ctx.store.update((s) => {
      const list = find(s, owner, identifier);
      s.accessLists = s.accessLists.filter((l) => l !== list);
      return list;
    });
    if (!removed) return res.status(204).end();
    res.json(listView(removed));
  });

  router.get(`${BASE}/:identifier/members`, ...read, async (req, res) => {
    const { owner, identifier } = params(req);
    const view = await ctx.store.read((s) => {
      const list = find(s, owner, identifier);
      return list && membersView(s, list);
    });
    if (!view) throw new PlainResult(404);
    res.json(view);
  });

  // PUT replaces the members, POST adds, DELETE removes; all answer with the resulting members.
  const changeMembers = (change: (current: string[], given: string[]) => string[]) => async (req: Request, res: Response) => {
    const { owner, identifier } = params(req);
    const body = bindBody(req.body, MEMBERS);
    const at = now();
    const outcome = await ctx.store.update((s) => {
      const list = find(s, owner, identifier);
      if (!list) return { missing: true as const };
      const orgs = body.data.map((ref) => ({ ref, org: memberOrg(s, ref) }));
      const unknown = orgs.filter((o) => !o.org).map((o) => o.ref);
      if (unknown.length) return { unknown };
      const next = change(list.members.map((m) => m.partyUuid), orgs.map((o) => o.org!.partyUuid));
      list.members = next.map((uuid) => list.members.find((m) => m.partyUuid === uuid) ?? { partyUuid: uuid, since: at });
      list.updated = at;
      return { view: membersView(s, list) };
    });
    if ('missing' in outcome) throw new PlainResult(404);
    if ('unknown' in outcome) throw new ModelStateProblem({ '/data': outcome.unknown!.map((ref) => `No organisation found for the party reference ${ref}.`) });
    res.json(outcome.view);
  };
  router.put(`${BASE}/:identifier/members`, ...write, changeMembers((_current, given) => [...new Set(given)]));
  router.post(`${BASE}/:identifier/members`, ...write, changeMembers((current, given) => [...new Set([...current, ...given])]));
  router.delete(`${BASE}/:identifier/members`, ...write, changeMembers((current, given) => current.filter((uuid) => !given.includes(uuid))));

  router.get(`${BASE}/:identifier/resource-connections`, ...read, async (req, res) => {
    const { owner, identifier } = params(req);
    const list = await ctx.store.read((s) => find(s, owner, identifier));
    if (!list) throw new PlainResult(404);
    res.json(page(list.resourceConnections.map(connectionView)));
  });

  router.put(`${BASE}/:identifier/resource-connections/:resource`, ...write, async (req, res) => {
    const { owner, identifier, resource } = params(req);
    const body = bindBody(req.body, CONNECTION);
    const at = now();
    const outcome = await ctx.store.update((s) => {
      const list = find(s, owner, identifier);
      if (!list) return 'missing' as const;
      const target = resourceById(s, resource);
      if (!target) return 'unknown-resource' as const;
      // A list may only gate the owner's own resources.
      if (target.hasCompetentAuthority.orgcode.toLowerCase() !== owner.toLowerCase()) return 'other-owner' as const;
      const actions = body.actionFilters ?? [];
      const existing = list.resourceConnections.find((c) => c.resource === resource);
      const connection = existing ? Object.assign(existing, { actions, updated: at }) : { resource, actions, created: at, updated: at };
      if (!existing) list.resourceConnections.push(connection);
      list.updated = at;
      return connection;
    });
    if (outcome === 'missing') throw new PlainResult(404);
    if (outcome === 'unknown-resource') throw new ModelStateProblem({ resourceIdentifier: [`The resource ${resource} is not in the resource registry.`] });
    if (outcome === 'other-owner') throw new PlainResult(403);
    res.json(connectionView(outcome));
  });

  router.delete(`${BASE}/:identifier/resource-connections/:resource`, ...remove, async (req, res) => {
    const { owner, identifier, resource } = params(req);
    const removed = await ctx.store.update((s) => {
      const list = find(s, owner, identifier);
      const connection = list?.resourceConnections.find((c) => c.resource === resource);
      if (list && connection) list.resourceConnections = list.resourceConnections.filter((c) => c !== connection);
      return connection;
    });
    if (!removed) return res.status(204).end();
    res.json(connectionView(removed));
  });

  return router;
}
