// The vendor page (`/admin`), for SmartCloud's own people: its systems in Altinn's system register,
// requests and system users per system, the Maskinporten token-request counter, the setup, and the
// token inspector. In a shared test-bed (TESTBED_ADMIN_TOKEN set) it asks for that token once per
// browser session, or takes it as `Authorization: Bearer` for scripts; on a laptop it is open.
import { createHash } from 'node:crypto';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { maskinportenIssuer } from '@testbed/common/config';
import { sameSecret } from '@testbed/common/control-plane';
import { bearerToken, remoteKeys } from '@testbed/common/jwt';
import { formBody } from '@testbed/common/service-app';
import { safeReturnPath } from '@testbed/common/session';
import { UpstreamError } from '@testbed/common/http-client';
import type { RegisteredSystem, SystemUser, SystemUserRequest } from '../altinn-client.js';
import type { SmartRegnskapDeps } from '../deps.js';
import { SetupError } from '../setup/setup.js';
import { UpstreamAnswer } from '../upstream.js';
import { csrfCheck, tOf } from '../web.js';
import { inspectToken, type Inspection } from './inspector.js';

type Session = { admin?: string; adminFlash?: { color: 'success' | 'danger'; text: string } };
const sessionOf = (req: Request) => req.session as unknown as Session;

/** The session remembers a fingerprint of the token it was let in with: a changed token logs everyone out. */
const fingerprint = (token: string) => createHash('sha256').update(token).digest('base64url').slice(0, 22);

const loginForm = z.object({ token: z.string().max(500).catch(''), returnTo: z.string().max(500).catch('/admin') });
const inspectForm = z.object({ token: z.string().max(20_000).catch('') });

interface SystemOverview {
  system: RegisteredSystem;
  requests: SystemUserRequest[];
  users: SystemUser[];
}

/** A failure of Altinn shown as a line on the page, so the rest of the vendor page still works. */
function describeFailure(err: unknown): string | null {
  if (err instanceof UpstreamAnswer) return `HTTP ${err.status}${err.code ? ` ${err.code}` : ''}`;
  if (err instanceof UpstreamError) return err.message;
  return null;
}

export function vendorAdminRoutes(deps: SmartRegnskapDeps): Router {
  const router = Router();
  const { ctx, tokens, altinn } = deps;
  const adminToken = ctx.config.adminToken;
  const maskinportenKeys = remoteKeys(`${ctx.config.urls.maskinporten}/jwk`, ctx.fetch);

  const guard = (req: Request, res: Response, next: NextFunction) => {
    if (!adminToken || sessionOf(req).admin === fingerprint(adminToken)) return next();
    const bearer = bearerToken(req.get('authorization'));
    if (bearer && sameSecret(bearer, adminToken)) return next();
    res.redirect(303, `/admin/login?returnTo=${encodeURIComponent(req.originalUrl)}`);
  };

  router.get('/admin/login', (req, res) => {
    res.render('admin-login', { returnTo: safeReturnPath(req.query.returnTo, '/admin'), wrong: false });
  });

  router.post('/admin/login', formBody(), csrfCheck, (req, res) => {
    const form = loginForm.parse(req.body ?? {});
    const returnTo = safeReturnPath(form.returnTo, '/admin');
    if (!adminToken) return res.redirect(303, returnTo);
    if (!sameSecret(form.token, adminToken)) return res.status(401).render('admin-login', { returnTo, wrong: true });
    sessionOf(req).admin = fingerprint(adminToken);
    res.redirect(303, returnTo);
  });

  router.get('/admin', guard, async (req, res) => {
    const setup = await deps.setup();
    let systems: SystemOverview[] = [];
    let failure: string | null = null;
    if (setup) {
      try {
        const registered = await altinn.listSystems();
        systems = await Promise.all(
          registered.map(async (system) => ({
            system,
            requests: await altinn.requestsBySystem(system.systemId, system.systemId === setup.agentSystemId ? 'agent' : 'standard'),
            users: await altinn.systemUsersBySystem(system.systemId),
          })),
        );
      } catch (err) {
        failure = describeFailure(err);
        if (failure === null) throw err;
      }
    }
    const flash = sessionOf(req).adminFlash;
    delete sessionOf(req).adminFlash;
    const customers = await ctx.store.read((s) => s.customers);
    res.render('admin', {
      setup,
      systems,
      failure,
      flash,
      counters: tokens.counters(),
      issued: tokens.lastTokens().map((tok) => ({ ...tok, customer: customers.find((c) => `customer:${c.id}` === tok.key) })),
    });
  });

  router.post('/admin/setup', guard, formBody(), csrfCheck, async (req, res) => {
    const t = tOf(res);
    try {
      await deps.runSetup();
      sessionOf(req).adminFlash = { color: 'success', text: t('admin.setup.done') };
    } catch (err) {
      if (!(err instanceof SetupError)) throw err;
      sessionOf(req).adminFlash = { color: 'danger', text: err.message };
    }
    res.redirect(303, '/admin');
  });

  const renderInspector = async (res: Response, token: string, picked: string) => {
    const customers = await ctx.store.read((s) => s.customers);
    const choices = customers.filter((c) => tokens.lastToken(c.id));
    const inspection: Inspection | null = token ? await inspectToken(token, maskinportenKeys, maskinportenIssuer(ctx.config), ctx.clock) : null;
    res.render('inspector', { token, picked, choices, inspection });
  };

  router.get('/admin/inspector', guard, async (req, res) => {
    const picked = typeof req.query.customer === 'string' ? req.query.customer : '';
    await renderInspector(res, (picked && tokens.lastToken(picked)?.token) || '', picked);
  });

  router.post('/admin/inspector', guard, formBody('64kb'), csrfCheck, async (req, res) => {
    await renderInspector(res, inspectForm.parse(req.body ?? {}).token.trim(), '');
  });

  return router;
}
