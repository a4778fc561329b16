// "Systemtilganger": the system users of the organisations a person may manage access for, each
// with its system, vendor, creation date and what is delegated to it, the requests waiting for
// them, and withdrawal ("Slett systemtilgang") after a confirmation (altinn-authentication.md §6.2:
// the portal's DELETE, which revokes the delegations and soft-deletes the request).
import express, { type Request, type Response, type Router } from 'express';
import { isUuid } from '@testbed/common/identifiers';
import type { Lang } from '@testbed/common/pages';
import { verifyCsrf } from '@testbed/common/session';
import { formBody } from '@testbed/common/service-app';
import { mayManageAccess, orgsManagedBy } from '../access-management/access.js';
import type { AltinnDeps } from '../deps.js';
import { orgByNo } from '../register/parties.js';
import { pendingRequests } from '../requests/approval.js';
import { requestTime, type RequestTime } from '../requests/status.js';
import { confirmUrl } from '../requests/views.js';
import type { AltinnState } from '../state.js';
import { findSystemUser, ownedBy } from '../system-users/lookup.js';
import type { SystemUser } from '../system-users/model.js';
import { delegations } from '../system-users/routes.js';
import { withdrawSystemUser } from '../system-users/withdraw.js';
import { SYSTEMUSER_UI } from './approval.js';
import { formatDate, grants, orgLabel, systemName, type Grant, type OrgLabel } from './display.js';
import { formPerson, type IdportenLogin } from './login.js';
import { csrfRefused, langOf, PageError, renderPage, tOf } from './render.js';
import { setFlash } from './session.js';

const OVERVIEW_PATH = `${SYSTEMUSER_UI}/overview`;

interface SystemAccessView {
  id: string;
  href: string;
  system: string;
  org: OrgLabel;
  vendor: OrgLabel;
  created: string;
  agent: boolean;
  grants: Grant[];
}

interface PendingView {
  href: string;
  system: string;
  vendor: OrgLabel;
  escalated: boolean;
}

function systemAccessView(s: Readonly<AltinnState>, u: SystemUser, lang: Lang): SystemAccessView {
  return {
    id: u.id,
    href: `${SYSTEMUSER_UI}/${u.id}`,
    system: systemName(s, u.systemId, lang),
    org: orgLabel(s, u.reporteeOrgNo),
    vendor: orgLabel(s, u.supplierOrgNo),
    created: formatDate(u.created, lang),
    agent: u.userType === 'agent',
    grants: grants(s, delegations(s, u), lang),
  };
}

/** Each organisation the person manages: its system users and the requests waiting for approval. */
function overview(s: Readonly<AltinnState>, pid: string, lang: Lang, t: RequestTime) {
  return orgsManagedBy(s, pid).map((orgNo) => {
    const partyId = orgByNo(s, orgNo)!.partyId;
    const pending = (['standard', 'agent'] as const).flatMap((kind) =>
      pendingRequests(s, partyId, orgNo, pid, kind, t).map(
        (r): PendingView => ({
          href: confirmUrl('', kind === 'agent' ? 'agentrequest' : 'request', r.id),
          system: systemName(s, r.systemId, lang),
          vendor: orgLabel(s, r.vendorOrgNo),
          escalated: r.escalated,
        }),
      ),
    );
    return { org: orgLabel(s, orgNo), systemAccesses: ownedBy(s, orgNo).map((u) => systemAccessView(s, u, lang)), pending };
  });
}

/** A live system user the person may manage; anything else is "not found", so nothing leaks. */
function managedSystemUser(s: Readonly<AltinnState>, id: string, pid: string): SystemUser {
  const found = isUuid(id) ? findSystemUser(s, id) : undefined;
  if (!found || !mayManageAccess(s, pid, found.reporteeOrgNo)) throw new PageError(404, 'problem.systemUserNotFound');
  return found;
}

export function systemAccessRoutes(deps: AltinnDeps, login: IdportenLogin): Router {
  const router = express.Router();
  const { ctx } = deps;

  router.get(OVERVIEW_PATH, async (req, res) => {
    const person = await login.personOrLogin(req, res);
    if (!person) return;
    const orgs = await ctx.store.read((s) => overview(s, person.pid, langOf(res), requestTime(ctx)));
    renderPage(req, res, 'overview', { title: tOf(res)('overview.title'), orgs });
  });

  const detail = (view: 'system-access' | 'delete', titleKey: string) => async (req: Request, res: Response) => {
    const person = await login.personOrLogin(req, res);
    if (!person) return;
    const lang = langOf(res);
    const access = await ctx.store.read((s) => systemAccessView(s, managedSystemUser(s, String(req.params.id), person.pid), lang));
    renderPage(req, res, view, { title: tOf(res)(titleKey), access });
  };
  router.get(`${SYSTEMUSER_UI}/:id`, detail('system-access', 'detail.title'));
  router.get(`${SYSTEMUSER_UI}/:id/delete`, detail('delete', 'delete.title'));

  router.post(`${SYSTEMUSER_UI}/:id/delete`, formBody(), verifyCsrf(csrfRefused), async (req, res) => {
    const person = formPerson(req);
    const lang = langOf(res);
    const withdrawn = await ctx.store.update((s) => {
      const found = managedSystemUser(s, String(req.params.id), person.pid);
      const view = systemAccessView(s, found, lang);
      const withdrawal = { partyId: orgByNo(s, found.reporteeOrgNo)!.partyId, systemUserId: found.id, pid: person.pid };
      withdrawSystemUser(s, withdrawal, ctx.clock.date().toISOString());
      return view;
    });
    setFlash(req, 'overview.deleted', { system: withdrawn.system, org: withdrawn.org.name });
    res.redirect(303, OVERVIEW_PATH);
  });

  return router;
}
