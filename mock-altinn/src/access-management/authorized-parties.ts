// `GET /accessmanagement/api/v1/enduser/authorizedparties`: the parties the caller may act for
// (authorization.md §4.3 step 7). With an exchanged system-user token (scope
// `altinn:accessmanagement/authorizedparties`, `authorization_details` an object): a standard
// system user's owner and an agent's clients, plus any other party that delegated to it. With an
// exchanged ID-porten token: the person and the organisations they have a role or package for.
// Roles, packages and resources are listed only when asked for (`includeRoles`, …), as in Altinn.
import express, { type Request, type Router } from 'express';
import { authOf, type AuthContext } from '../auth/verify.js';
import type { AltinnDeps } from '../deps.js';
import { guidValue, queryBool } from '../model-binding.js';
import { PlainResult } from '../problems.js';
import type { Party } from '../register/model.js';
import { orgByNo, partyByUuid, personByPid } from '../register/parties.js';
import type { AltinnState } from '../state.js';
import { erRolesFor, packagesFrom, relationTo, rightsFrom, type Holder } from './access.js';
import { heldAttributes, resourcesPermitting } from './attributes.js';
import { roleByErCode } from './roles.js';

type State = Readonly<AltinnState>;

interface Query {
  includeRoles: boolean;
  includeAccessPackages: boolean;
  includeResources: boolean;
  /** Only these party uuids, when given. */
  partyFilter?: Set<string>;
}

function queryOf(req: Request): Query {
  const raw = req.query.partyFilter;
  const filter = raw === undefined ? undefined : [raw].flat().map((v) => guidValue('partyFilter', v));
  return {
    includeRoles: queryBool(req, 'includeRoles'),
    includeAccessPackages: queryBool(req, 'includeAccessPackages'),
    includeResources: queryBool(req, 'includeResources'),
    ...(filter ? { partyFilter: new Set(filter) } : {}),
  };
}

/** The system user id of an exchanged system-user token, whose `authorization_details` is an object. */
function systemUserIdOf(auth: AuthContext): string | undefined {
  const details = auth.claims.authorization_details;
  if (!details || typeof details !== 'object' || Array.isArray(details)) return undefined;
  const ids = (details as { systemuser_id?: unknown }).systemuser_id;
  return Array.isArray(ids) && typeof ids[0] === 'string' ? ids[0].toLowerCase() : undefined;
}

/** Resources the holder may use for the organisation: delegated directly, or allowed by a policy through its roles and packages. */
function resourcesFor(s: State, holder: Holder, orgNo: string): string[] {
  return [...new Set([...rightsFrom(s, holder, orgNo).map((r) => r.resource), ...resourcesPermitting(s, heldAttributes(s, holder, orgNo))])];
}

function partyView(s: State, party: Party, holder: Holder, q: Query) {
  const org = party.type === 'Organisation' ? party : undefined;
  const roles = org && holder.kind !== 'systemUser' ? erRolesFor(s, holder, org.orgNo).map((r) => roleByErCode(r).urn) : [];
  return {
    partyUuid: party.partyUuid,
    name: party.name,
    organizationNumber: org?.orgNo ?? null,
    personId: party.type === 'Person' ? party.pid : null,
    partyId: party.partyId,
    type: org ? 'Organization' : 'Person',
    unitType: org?.unitType ?? null,
    isDeleted: false,
    onlyHierarchyElementWithNoAccess: false,
    authorizedAccessPackages: q.includeAccessPackages && org ? packagesFrom(s, holder, org.orgNo).map((p) => `urn:altinn:accesspackage:${p.code}`) : [],
    authorizedResources: q.includeResources && org ? resourcesFor(s, holder, org.orgNo) : [],
    authorizedRoles: q.includeRoles ? roles : [],
    subunits: [],
  };
}

/** A system user's parties: its owner when standard, and every party that delegated something to it. */
function systemUserParties(s: State, id: string): Party[] {
  const user = s.systemUsers.find((u) => u.id.toLowerCase() === id && !u.isDeleted);
  if (!user) return [];
  const owner = user.userType === 'standard' ? orgByNo(s, user.reporteeOrgNo) : undefined;
  const from = [...s.packageDelegations, ...s.rightDelegations].filter((d) => d.to === id).map((d) => partyByUuid(s, d.from));
  return [...new Set([owner, ...from].filter((p): p is Party => p !== undefined))];
}

function personParties(s: State, pid: string): Party[] {
  const self = personByPid(s, pid);
  if (!self) return [];
  return [self, ...s.parties.filter((p) => p.type === 'Organisation' && relationTo(s, pid, p.orgNo) !== 'none')];
}

export function authorizedPartiesRoutes({ ctx, verifier }: AltinnDeps): Router {
  const router = express.Router();
  router.get(
    '/accessmanagement/api/v1/enduser/authorizedparties',
    verifier.require({ anyScope: ['altinn:accessmanagement/authorizedparties'], sources: ['altinn'] }),
    async (req, res) => {
      const q = queryOf(req);
      const auth = authOf(res);
      const systemUser = systemUserIdOf(auth);
      const holder: Holder | undefined = systemUser ? { kind: 'systemUser', id: systemUser } : auth.pid ? { kind: 'person', pid: auth.pid } : undefined;
      if (!holder) throw new PlainResult(401, 'Unknown user type');
      const data = await ctx.store.read((s) =>
        (holder.kind === 'systemUser' ? systemUserParties(s, holder.id) : personParties(s, auth.pid!))
          .filter((p) => !q.partyFilter || q.partyFilter.has(p.partyUuid.toLowerCase()))
          .map((p) => partyView(s, p, holder, q)),
      );
      res.json({ links: { next: null }, data });
    },
  );
  return router;
}
