// The sign-up journey of the seed story: the landing page, the sign-up form, the trip to Altinn,
// the return (Altinn sends the person back with nothing added, so SmartRegnskap polls), and the
// outcome pages: receipt, rejected, expired, unknown and "no answer yet", each with a way on.
import { Router, type Response } from 'express';
import { z } from 'zod';
import { orgNoProblem } from '@testbed/common/identifiers';
import { formBody } from '@testbed/common/service-app';
import { ORG, WORLD } from '@testbed/common/world';
import { findCustomer } from '../customers.js';
import type { SmartRegnskapDeps } from '../deps.js';
import type { Customer, CustomerKind } from '../state.js';
import { returnPath } from '../setup/systems.js';
import { UpstreamAnswer } from '../upstream.js';
import { csrfCheck, notFoundPage, renderProblem, tOf } from '../web.js';

/** The return page checks Altinn every POLL_SECONDS, at most MAX_ATTEMPTS times, then says so. */
const POLL_SECONDS = 2;
const MAX_ATTEMPTS = 30;

/** Organisations offered in the picker: the cast, without the platform and the vendor itself. */
const NOT_CUSTOMERS = new Set<string>([ORG.skatteetaten, ORG.digdir, ORG.smartcloud]);
const PICKABLE = WORLD.orgs.filter((o) => !NOT_CUSTOMERS.has(o.orgNo)).map((o) => ({ orgNo: o.orgNo, name: o.name }));

const signupForm = z.object({
  kind: z.enum(['direct', 'firm']).catch('direct'),
  orgPick: z.string().max(20).catch(''),
  orgNo: z.string().max(40).catch(''),
  contactName: z.string().max(500).catch(''),
});

type SignupValues = z.output<typeof signupForm>;

const returnQuery = z.object({
  customer: z.uuid(),
  attempt: z.coerce.number().int().min(0).max(MAX_ATTEMPTS).catch(0),
});

const receiptPath = (c: Customer) => `/onboarding/${c.id}/receipt`;
const returnUrlOf = (c: Customer, attempt = 0) => `${returnPath}?customer=${c.id}${attempt ? `&attempt=${attempt}` : ''}`;

/** Only an absolute http(s) URL from Altinn is followed; anything else stays on SmartRegnskap. */
function altinnPage(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** Where the person goes after a request was made: Altinn to approve, or the page for its outcome. */
function nextStep(customer: Customer): string {
  if (customer.access === 'active') return receiptPath(customer);
  const confirm = customer.access === 'pending' ? altinnPage(customer.request?.confirmUrl) : undefined;
  return confirm ?? returnUrlOf(customer);
}

function renderSignup(res: Response, kind: CustomerKind, values: Partial<SignupValues>, errors: Record<string, string>, status = 200) {
  res.status(status).render('signup', { kind, orgs: PICKABLE, values: { orgPick: '', orgNo: '', contactName: '', ...values }, errors });
}

function validateSignup(values: SignupValues, t: ReturnType<typeof tOf>) {
  const errors: Record<string, string> = {};
  const typed = values.orgNo.replace(/\s+/g, '');
  const orgNo = typed || values.orgPick;
  if (!orgNo) errors.orgNo = t('signup.error.orgNo.missing');
  else {
    const problem = orgNoProblem(orgNo);
    if (problem === 'format') errors.orgNo = t('signup.error.orgNo.format');
    if (problem === 'checksum') errors.orgNo = t('signup.error.orgNo.checksum', { orgNo });
  }
  const contactName = values.contactName.trim();
  if (contactName.length < 2 || contactName.length > 100) errors.contactName = t('signup.error.contact');
  return { errors, orgNo, contactName };
}

export function onboardingRoutes(deps: SmartRegnskapDeps): Router {
  const router = Router();
  const { ctx, requests } = deps;

  router.get('/', async (_req, res) => {
    res.render('home', { setUp: (await deps.setup()) !== null });
  });

  router.get('/signup', (_req, res) => renderSignup(res, 'direct', {}, {}));
  router.get('/firms', (_req, res) => renderSignup(res, 'firm', {}, {}));

  router.post('/signup', formBody(), csrfCheck, async (req, res) => {
    const values = signupForm.parse(req.body ?? {});
    const t = tOf(res);
    const { errors, orgNo, contactName } = validateSignup(values, t);
    if (Object.keys(errors).length) return renderSignup(res, values.kind, values, errors, 400);
    let customer: Customer;
    try {
      customer = await requests.signUp({ kind: values.kind, orgNo, contactName });
    } catch (err) {
      // Altinn does not know the organisation: a form error, not a failure.
      if (err instanceof UpstreamAnswer && err.code === 'AUTH-00000') {
        return renderSignup(res, values.kind, values, { orgNo: t('signup.error.orgNo.unknown', { orgNo }) }, 400);
      }
      throw err;
    }
    res.redirect(303, nextStep(customer));
  });

  router.get(returnPath, async (req, res) => {
    const query = returnQuery.safeParse(req.query);
    if (!query.success) return renderProblem(res, 400, { title: tOf(res)('problem.badRequest.title'), body: tOf(res)('problem.notFound.body') });
    const customer = await findCustomer(ctx, query.data.customer);
    if (!customer) return notFoundPage(res);
    const fresh = await requests.refresh(customer);
    showOutcome(res, fresh, query.data.attempt);
  });

  // The return page's poller: the same check as a small JSON answer, never an error page.
  router.get('/onboarding/:id/status', async (req, res) => {
    const customer = await findCustomer(ctx, req.params.id);
    if (!customer) return res.status(404).json({ error: 'not_found' });
    try {
      const fresh = await requests.refresh(customer);
      const decided = fresh.access !== 'pending';
      res.json({ access: fresh.access, status: fresh.request?.status ?? null, checkedAt: fresh.request?.checkedAt ?? null, next: decided ? (fresh.access === 'active' ? receiptPath(fresh) : returnUrlOf(fresh, MAX_ATTEMPTS)) : null });
    } catch (err) {
      ctx.logger.warn({ err: String(err) }, 'polling Altinn failed');
      res.status(503).json({ access: customer.access, error: 'upstream', next: null });
    }
  });

  router.get('/onboarding/:id/receipt', async (req, res) => {
    const customer = await findCustomer(ctx, req.params.id);
    if (!customer) return notFoundPage(res);
    if (customer.access !== 'active') return res.redirect(303, returnUrlOf(customer));
    res.render('receipt', { customer });
  });

  router.post('/customers/:id/ask-again', formBody(), csrfCheck, async (req, res) => {
    const customer = await findCustomer(ctx, req.params.id);
    if (!customer) return notFoundPage(res);
    res.redirect(303, nextStep(await requests.askAgain(customer)));
  });

  return router;
}

function showOutcome(res: Response, customer: Customer, attempt: number): void {
  if (customer.access === 'active') return res.redirect(303, receiptPath(customer));
  if (!customer.request) return res.render('outcome', { customer, state: 'noRequest', confirmUrl: undefined });
  const confirmUrl = altinnPage(customer.request.confirmUrl);
  if (customer.access === 'pending' && attempt < MAX_ATTEMPTS) {
    return res.render('waiting', {
      customer,
      attempt: attempt + 1,
      max: MAX_ATTEMPTS,
      pollSeconds: POLL_SECONDS,
      nextUrl: returnUrlOf(customer, attempt + 1),
      statusUrl: `/onboarding/${customer.id}/status`,
      giveUpUrl: returnUrlOf(customer, MAX_ATTEMPTS),
      confirmUrl,
    });
  }
  // A withdrawn system user takes its request with it, so for this page it is an unknown request.
  const state = customer.access === 'pending' ? 'noAnswer' : customer.access === 'withdrawn' ? 'unknown' : customer.access;
  res.render('outcome', { customer, state, confirmUrl });
}
