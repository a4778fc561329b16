// The approval pages a vendor's `confirmUrl` opens (altinn-authentication.md §5, §4.3, §7.4):
// `/accessmanagement/ui/systemuser/{request|agentrequest|changerequest}?id=…&DONTCHOOSEREPORTEE=true`.
// The party is always the request's own. A person who may manage access for it gets approve and
// reject; someone with another relation may escalate (standard and agent requests); anyone else
// gets AUTH-00066 and sees nothing of the request. A decision logs the person out and sends them
// to the vendor's `redirectUrl` (login.ts).
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { isUuid } from '@testbed/common/identifiers';
import type { Lang } from '@testbed/common/pages';
import { verifyCsrf } from '@testbed/common/session';
import { formBody } from '@testbed/common/service-app';
import { relationTo } from '../access-management/access.js';
import type { AltinnDeps } from '../deps.js';
import { AltinnProblem } from '../problems.js';
import { approveRequest, escalateRequest, findRequest, rejectRequest, requestForPerson } from '../requests/approval.js';
import { approveChangeRequest, changeDifference, changeRequestForPerson, rejectChangeRequest } from '../requests/change-requests.js';
import type { RequestKind } from '../requests/model.js';
import { requestTime, statusOf, type RequestTime } from '../requests/status.js';
import type { AltinnState } from '../state.js';
import { grants, orgLabel, systemName, type Grant, type OrgLabel } from './display.js';
import { formPerson, type IdportenLogin, type LogoutTarget } from './login.js';
import { csrfRefused, langOf, PageError, renderPage, tOf } from './render.js';
import { setFlash } from './session.js';

export const SYSTEMUSER_UI = '/accessmanagement/ui/systemuser';

/** A list of rights and packages under its heading ("will get", "will be added", "will be removed"). */
interface GrantList {
  headingKey: string;
  grants: Grant[];
}

/** What an approval page shows, and what the person may do there. */
interface ApprovalModel {
  partyId: number;
  status: string;
  escalated: boolean;
  mayApprove: boolean;
  system: string;
  vendor: OrgLabel;
  org: OrgLabel;
  lists: GrantList[];
}

type Action = 'approve' | 'reject' | 'escalate';
interface Decision {
  id: string;
  partyId: number;
  pid: string;
}

interface ApprovalPage {
  path: string;
  logoutTarget: LogoutTarget;
  /** Text keys of the page: title, heading, the approve button, and a note under the lead (agent). */
  texts: { title: string; heading: string; approve: string; note?: string };
  model(s: Readonly<AltinnState>, id: string, pid: string, t: RequestTime, lang: Lang): ApprovalModel;
  act: Partial<Record<Action, (s: AltinnState, d: Decision, t: RequestTime) => void>>;
}

function requestPage(kind: RequestKind): ApprovalPage {
  const decider = (d: Decision) => ({ requestId: d.id, partyId: d.partyId, pid: d.pid, kind });
  return {
    path: kind === 'agent' ? 'agentrequest' : 'request',
    logoutTarget: kind === 'agent' ? 'SystemuserAgentRequestId' : 'SystemuserRequestId',
    texts: { title: 'request.title', heading: 'request.heading', approve: 'request.approve', ...(kind === 'agent' ? { note: 'request.agentNote' } : {}) },
    model(s, id, pid, t, lang) {
      const r = requestForPerson(s, id, pid, kind, t);
      return {
        partyId: r.partyId,
        status: r.status,
        escalated: r.escalated,
        mayApprove: !r.userMayEscalateButNotApprove,
        system: systemName(s, r.systemId, lang),
        vendor: orgLabel(s, findRequest(s, id, kind).vendorOrgNo),
        org: orgLabel(s, r.partyOrgNo),
        lists: [{ headingKey: 'request.rights', grants: grants(s, r, lang) }],
      };
    },
    act: {
      approve: (s, d, t) => void approveRequest(s, decider(d), t),
      reject: (s, d, t) => rejectRequest(s, decider(d), t),
      escalate: (s, d, t) => escalateRequest(s, decider(d), t),
    },
  };
}

const changePage: ApprovalPage = {
  path: 'changerequest',
  logoutTarget: 'SystemuserChangeRequestId',
  texts: { title: 'change.title', heading: 'change.heading', approve: 'change.approve' },
  model(s, id, pid, t, lang) {
    const { changeRequest: cr, party } = changeRequestForPerson(s, id);
    // The platform lets any logged-in person read a change request; the page shows it only to
    // people related to the organisation, like the other requests.
    const relation = relationTo(s, pid, party.orgNo);
    if (relation === 'none') throw new AltinnProblem('AUTH-00066');
    const status = statusOf(cr, t);
    // Pending: what approving would change now. Decided: what was asked for.
    const { add, remove } =
      status === 'New'
        ? changeDifference(s, cr)
        : { add: { rights: cr.requiredRights, accessPackages: cr.requiredAccessPackages }, remove: { rights: cr.unwantedRights, accessPackages: cr.unwantedAccessPackages } };
    return {
      partyId: party.partyId,
      status,
      escalated: false,
      mayApprove: relation === 'manager',
      system: systemName(s, cr.systemId, lang),
      vendor: orgLabel(s, cr.vendorOrgNo),
      org: orgLabel(s, party.orgNo),
      lists: [
        { headingKey: 'change.add', grants: grants(s, add, lang) },
        { headingKey: 'change.remove', grants: grants(s, remove, lang) },
      ],
    };
  },
  act: {
    approve: (s, d, t) => approveChangeRequest(s, { changeRequestId: d.id, partyId: d.partyId, pid: d.pid }, t),
    reject: (s, d, t) => rejectChangeRequest(s, { changeRequestId: d.id, partyId: d.partyId, pid: d.pid }, t),
  },
};

const PAGES = [requestPage('standard'), requestPage('agent'), changePage];

const actionForm = z.object({ _csrf: z.string(), action: z.enum(['approve', 'reject', 'escalate']) });

/** The request id of the page's query: a GUID, else the link is broken (400). */
function requestIdOf(req: Request): string {
  const id = req.query.id;
  if (typeof id !== 'string' || !isUuid(id)) throw new PageError(400, 'problem.badId');
  return id.toLowerCase();
}

export function approvalRoutes(deps: AltinnDeps, login: IdportenLogin): Router {
  const router = express.Router();
  const { ctx } = deps;

  for (const page of PAGES) {
    const path = `${SYSTEMUSER_UI}/${page.path}`;

    router.get(path, async (req, res) => {
      const id = requestIdOf(req);
      const person = await login.personOrLogin(req, res);
      if (!person) return;
      const lang = langOf(res);
      const model = await ctx.store.read((s) => page.model(s, id, person.pid, requestTime(ctx), lang));
      renderPage(req, res, 'request', { title: tOf(res)(page.texts.title), texts: page.texts, model, canEscalate: Boolean(page.act.escalate), action: req.originalUrl });
    });

    router.post(path, formBody(), verifyCsrf(csrfRefused), async (req: Request, res: Response) => {
      const id = requestIdOf(req);
      const person = formPerson(req);
      const form = actionForm.safeParse(req.body);
      const act = form.success ? page.act[form.data.action] : undefined;
      if (!form.success || !act) throw new PageError(400, 'problem.badForm');
      const lang = langOf(res);
      const org = await ctx.store.update((s) => {
        const t = requestTime(ctx);
        const model = page.model(s, id, person.pid, t, lang);
        act(s, { id, partyId: model.partyId, pid: person.pid }, t);
        return model.org;
      });
      if (form.data.action !== 'escalate') return login.logOutTo(res, page.logoutTarget, id);
      setFlash(req, 'escalate.done', { org: org.name });
      res.redirect(303, req.originalUrl);
    });
  }
  return router;
}
