// `authentication/api/v1/systemuser`: the vendor's lookups, Maskinporten's byExternalId, and the
// portal's list, detail, delegations and withdrawal (altinn-authentication.md §6.2). Mounted after
// the request routes, whose literal segments (`request`, `changerequest`) come first.
import express, { type Request, type Response, type Router } from 'express';
import { packagesFrom, rightsFrom } from '../access-management/access.js';
import { PACKAGE_URN_PREFIX } from '../access-management/packages.js';
import { authOf } from '../auth/verify.js';
import type { AltinnDeps } from '../deps.js';
import { guidValue, queryString, routeValue } from '../model-binding.js';
import { continuationKey, paginated, takePage } from '../pagination.js';
import { AltinnProblem, ModelStateProblem, PlainResult } from '../problems.js';
import type { OrgParty } from '../register/model.js';
import { partyFor } from '../requests/approval.js';
import { partyValue, personOf } from '../requests/portal-routes.js';
import { vendorOf } from '../requests/vendor-routes.js';
import { SCOPE, SYSTEM_REGISTER_SCOPES } from '../scopes.js';
import type { AltinnState } from '../state.js';
import { findSystem } from '../system-register/register.js';
import { RESOURCE_ATTRIBUTE } from '../system-register/validation.js';
import { byExternalId, byQuery, bySystem, findSystemUser, ownedBy } from './lookup.js';
import type { SystemUser } from './model.js';
import { externalSystemUser, internalSystemUser } from './views.js';
import { withdrawSystemUser } from './withdraw.js';

const isSequence = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** What is delegated to the system user: single rights and packages from its owner (an agent: its own packages). */
export function delegations(s: Readonly<AltinnState>, u: SystemUser) {
  const holder = { kind: 'systemUser', id: u.id } as const;
  const packages = u.userType === 'agent' ? u.accessPackages : packagesFrom(s, holder, u.reporteeOrgNo).map((p) => ({ urn: PACKAGE_URN_PREFIX + p.code }));
  return {
    systemUserId: u.id,
    rights: rightsFrom(s, holder, u.reporteeOrgNo).map((r) => ({ resource: [{ id: RESOURCE_ATTRIBUTE, value: r.resource }] })),
    accessPackages: packages,
  };
}

export function systemUserRoutes({ ctx, verifier }: AltinnDeps): Router {
  const router = express.Router();
  const altinnUrl = ctx.config.urls.altinn;
  const portal = verifier.require({ anyScope: [SCOPE.portal] });

  /** Live system users of the vendor's system (any with the admin scope), in sequence order; correct paging. */
  router.get('/vendor/bysystem/:systemId', verifier.require({ anyScope: SYSTEM_REGISTER_SCOPES }), async (req, res) => {
    const vendorOrgNo = vendorOf(res);
    const admin = authOf(res).scopes.has(SCOPE.systemRegisterAdmin);
    const systemId = routeValue(req, 'systemId');
    const from = continuationKey(req, isSequence);
    const users = await ctx.store.read((s) => {
      const system = findSystem(s, systemId);
      if (!system || (!admin && system.vendorOrgNo !== vendorOrgNo)) throw new AltinnProblem('AUTH-00011');
      return bySystem(s, systemId);
    });
    const page = takePage(users, (u) => from === undefined || u.sequenceNo >= from, ctx.config.altinn.pageSize, (u) => u.sequenceNo);
    res.json(paginated(req, altinnUrl, page, page.items.map((u) => externalSystemUser(u))));
  });

  /** Kebab-case query names; 404 with an empty body for nothing or another vendor's. */
  router.get('/vendor/byquery', verifier.require({ anyScope: [SCOPE.requestWrite] }), async (req, res) => {
    const vendorOrgNo = vendorOf(res);
    const systemId = queryString(req, 'system-id');
    const orgNo = queryString(req, 'orgno');
    const missing = [systemId === undefined ? 'system-id' : '', orgNo === undefined ? 'orgno' : ''].filter(Boolean);
    if (missing.length) throw new ModelStateProblem(Object.fromEntries(missing.map((n) => [n, [`The ${n} field is required.`]])));
    const found = await ctx.store.read((s) => byQuery(s, vendorOrgNo, systemId!, orgNo!, queryString(req, 'external-ref')));
    if (!found) throw new PlainResult(404);
    res.json(externalSystemUser(found));
  });

  /** Maskinporten's lookup of the system user behind a grant; `productName` carries the system id. */
  router.get('/byExternalId', verifier.require({ anyScope: [SCOPE.maskinportenLookup] }), async (req, res) => {
    const [clientId, systemProviderOrgNo, systemUserOwnerOrgNo] = ['clientId', 'systemProviderOrgNo', 'systemUserOwnerOrgNo'].map((n) => queryString(req, n));
    if (!clientId || !systemProviderOrgNo || !systemUserOwnerOrgNo) throw new PlainResult(400);
    const externalRef = queryString(req, 'externalRef');
    const found = await ctx.store.read((s) => byExternalId(s, { clientId, systemProviderOrgNo, systemUserOwnerOrgNo, ...(externalRef ? { externalRef } : {}) }));
    if (!found) throw new PlainResult(404);
    res.json(externalSystemUser(found, found.systemId));
  });

  // The portal: a person who may manage access for the party.
  const owned = <T>(req: Request, res: Response, view: (s: Readonly<AltinnState>, u: SystemUser, party: OrgParty) => T) => {
    const partyId = partyValue(req);
    const systemUserId = guidValue('systemUserId', routeValue(req, 'systemUserId'));
    const pid = personOf(res);
    return ctx.store.read((s) => {
      const party = partyFor(s, partyId, pid, 'manage');
      const found = findSystemUser(s, systemUserId);
      if (!found || found.reporteeOrgNo !== party.orgNo) throw new PlainResult(404);
      return view(s, found, party);
    });
  };

  router.get('/:party', portal, async (req, res) => {
    const partyId = partyValue(req);
    const pid = personOf(res);
    res.json(
      await ctx.store.read((s) => {
        const party = partyFor(s, partyId, pid, 'manage');
        return ownedBy(s, party.orgNo).map((u) => internalSystemUser(u, party));
      }),
    );
  });

  router.get('/:party/:systemUserId', portal, async (req, res) => {
    res.json(await owned(req, res, (_s, u, party) => internalSystemUser(u, party)));
  });

  router.get('/:party/:systemUserId/delegations', portal, async (req, res) => {
    res.json(await owned(req, res, delegations));
  });

  /** 202 with body 1 when withdrawn, 404 with body 0 when there is no such system user. */
  router.delete('/:party/:systemUserId', portal, async (req, res) => {
    const withdrawal = { partyId: partyValue(req), systemUserId: guidValue('systemUserId', routeValue(req, 'systemUserId')), pid: personOf(res) };
    const withdrawn = await ctx.store.update((s) => withdrawSystemUser(s, withdrawal, ctx.clock.date().toISOString()));
    res.status(withdrawn ? 202 : 404).json(withdrawn ? 1 : 0);
  });

  return express.Router().use('/authentication/api/v1/systemuser', router);
}
