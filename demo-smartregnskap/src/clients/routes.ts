// The accounting firm's side (the seed story's Tallmakerne): its client administrator logs in with
// ID-porten, sees the firm's agent system user for SmartRegnskap, adds and removes clients through
// Altinn's façade, and sees each client's claims, fetched with the firm's agent system user.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { isValidOrgNo } from '@testbed/common/identifiers';
import { formBody } from '@testbed/common/service-app';
import { safeReturnPath } from '@testbed/common/session';
import { findOrg } from '@testbed/common/world';
import { findCustomer, listCustomers } from '../customers.js';
import { showClaims } from '../dashboard/routes.js';
import type { SmartRegnskapDeps } from '../deps.js';
import type { Customer } from '../state.js';
import { UpstreamAnswer } from '../upstream.js';
import { csrfCheck, notFoundPage, renderProblem, tOf, type Translate } from '../web.js';
import type { AgentSystemUser, DelegationClient } from './facade.js';
import { LoginError, type PersonLogin } from './login.js';

interface Flash {
  color: 'success' | 'danger';
  text: string;
}

type Session = { flash?: Flash };

const changeForm = z.object({
  agent: z.uuid(),
  client: z.uuid(),
  clientName: z.string().max(200).catch(''),
});

const firmPath = (firm: Customer) => `/clients/${firm.id}`;

function takeFlash(req: Request): Flash | undefined {
  const session = req.session as unknown as Session;
  const flash = session.flash;
  delete session.flash;
  return flash;
}

const setFlash = (req: Request, flash: Flash) => {
  (req.session as unknown as Session).flash = flash;
};

/** Why Altinn refused a client change, in words. */
function refusal(t: Translate, err: UpstreamAnswer): string {
  const code = err.code;
  if (code === 'AUTH-00080' || code === 'AUTH-00079') return t(`clients.${code}`);
  return `${code ?? `HTTP ${err.status}`}${typeof err.body === 'object' && err.body && 'title' in err.body ? `: ${String(err.body.title)}` : ''}`;
}

export function clientRoutes(deps: SmartRegnskapDeps): Router {
  const router = Router();
  const { ctx, login, facade } = deps;

  /** The logged-in person, or a redirect to the ID-porten login that comes back here. */
  const requireLogin = (req: Request, res: Response): PersonLogin | undefined => {
    const person = login.current(req);
    if (!person) res.redirect(303, `/login?returnTo=${encodeURIComponent(req.originalUrl)}`);
    return person;
  };

  const loginFailed = (res: Response, status: number, err: LoginError) =>
    renderProblem(res, status, { title: tOf(res)('problem.badRequest.title'), body: tOf(res)('login.failed', { reason: err.message }), retryUrl: '/login' });

  router.get('/login', async (req, res) => {
    try {
      res.redirect(303, await login.start(req, safeReturnPath(req.query.returnTo, '/clients')));
    } catch (err) {
      if (!(err instanceof LoginError)) throw err;
      loginFailed(res, 502, err);
    }
  });

  router.get('/login/callback', async (req, res) => {
    try {
      res.redirect(303, safeReturnPath(await login.finish(req), '/clients'));
    } catch (err) {
      // The person cancelled at ID-porten, or the callback does not belong to this browser's login.
      if (!(err instanceof LoginError)) throw err;
      loginFailed(res, 400, err);
    }
  });

  router.post('/logout', formBody(), csrfCheck, (req, res) => {
    login.logout(req);
    res.redirect(303, '/clients');
  });

  router.get('/clients', async (req, res) => {
    res.render('clients', { person: login.current(req), firms: await listCustomers(ctx, 'firm') });
  });

  router.get('/clients/:firmId', async (req, res) => {
    const firm = await findCustomer(ctx, req.params.firmId, 'firm');
    if (!firm) return notFoundPage(res);
    const person = requireLogin(req, res);
    if (!person) return;
    const setup = await deps.setup();
    let agents: { agent: AgentSystemUser; added: DelegationClient[]; available: DelegationClient[] }[] = [];
    let forbidden = false;
    try {
      const all = await facade.agents(person.altinnToken, firm.orgNo);
      const ours = all.filter((a) => a.systemId === setup?.agentSystemId);
      agents = await Promise.all(
        ours.map(async (agent) => {
          const [added, available] = await Promise.all([facade.added(person.altinnToken, agent.id), facade.available(person.altinnToken, agent.id)]);
          const addedIds = new Set(added.map((c) => c.clientId));
          return { agent, added, available: available.filter((c) => !addedIds.has(c.clientId)) };
        }),
      );
    } catch (err) {
      // Altinn's PDP check: the person is not a client administrator for this firm (403, empty body).
      if (!(err instanceof UpstreamAnswer && err.status === 403)) throw err;
      forbidden = true;
    }
    res.render('firm-clients', { firm, person, agents, forbidden, flash: takeFlash(req) });
  });

  const change = (action: 'add' | 'remove') =>
    async (req: Request, res: Response) => {
      const firm = await findCustomer(ctx, req.params.firmId, 'firm');
      if (!firm) return notFoundPage(res);
      const person = requireLogin(req, res);
      if (!person) return;
      const form = changeForm.safeParse(req.body ?? {});
      if (!form.success) return renderProblem(res, 400, { title: tOf(res)('problem.badRequest.title'), body: tOf(res)('problem.notFound.body') });
      const { agent, client, clientName } = form.data;
      const t = tOf(res);
      try {
        await facade[action](person.altinnToken, agent, client);
        setFlash(req, { color: 'success', text: t(action === 'add' ? 'clients.done.added' : 'clients.done.removed', { client: clientName || client }) });
      } catch (err) {
        if (!(err instanceof UpstreamAnswer && err.status >= 400 && err.status < 500)) throw err;
        setFlash(req, { color: 'danger', text: t('clients.failed', { reason: refusal(t, err) }) });
      }
      res.redirect(303, firmPath(firm));
    };

  router.post('/clients/:firmId/add', formBody(), csrfCheck, change('add'));
  router.post('/clients/:firmId/remove', formBody(), csrfCheck, change('remove'));

  router.get('/clients/:firmId/claims/:clientOrgNo', async (req, res) => {
    const firm = await findCustomer(ctx, req.params.firmId, 'firm');
    const clientOrgNo = req.params.clientOrgNo;
    if (!firm || !isValidOrgNo(clientOrgNo)) return notFoundPage(res);
    await showClaims(deps, res, firm, { orgNo: clientOrgNo, name: findOrg(clientOrgNo)?.name ?? clientOrgNo });
  });

  return router;
}
