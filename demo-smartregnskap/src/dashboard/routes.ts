// The customer list (the demo's simplified customer login) and each direct customer's dashboard.
// `showClaims` is shared with the accounting firm's view of a client.
import { Router, type Response } from 'express';
import { MaskinportenError } from '@testbed/common/maskinporten-client';
import { findCustomer, listCustomers, setAccess } from '../customers.js';
import type { SmartRegnskapDeps } from '../deps.js';
import { returnPath } from '../setup/systems.js';
import type { Customer } from '../state.js';
import { wireOf } from '../upstream.js';
import { notFoundPage } from '../web.js';
import { loadClaims } from './claims.js';

export interface Party {
  orgNo: string;
  name: string;
}

/**
 * Claims of `party` fetched as `customer`'s system user, rendered as the dashboard, or as a plain
 * explanation when the access is gone. For a firm's client, `party` is the client.
 */
export async function showClaims(deps: SmartRegnskapDeps, res: Response, customer: Customer, party: Party): Promise<void> {
  const { ctx, tokens } = deps;
  // Not approved (yet): the onboarding pages tell where the request stands and offer the way on.
  if (customer.access !== 'active' && customer.access !== 'withdrawn') return res.redirect(303, `${returnPath}?customer=${customer.id}`);
  const lang = String(res.locals.lang);
  const outcome = await loadClaims({ tokens, api: deps.krav, clock: ctx.clock }, customer, party.orgNo, lang);
  const forClient = party.orgNo !== customer.orgNo;
  if (outcome.kind === 'ok') {
    // A token and an answer prove the system user is back (approved again after a withdrawal).
    if (customer.access !== 'active') await setAccess(ctx, customer.id, 'active');
    return res.render('dashboard', { customer, party, forClient, view: outcome.view, token: outcome.token });
  }
  if (outcome.kind === 'no-access') {
    // The customer's own access is gone unless Skatteetaten only refused one of a firm's clients.
    const accessGone = outcome.error instanceof MaskinportenError || !forClient;
    if (accessGone) {
      tokens.forgetCustomer(customer.id);
      await setAccess(ctx, customer.id, 'withdrawn');
    }
    return res.render('no-access', {
      customer,
      party,
      forClient,
      accessGone,
      source: outcome.error instanceof MaskinportenError ? 'maskinporten' : 'skatteetaten',
      wire: wireOf(outcome.error, ctx.config.urls.maskinporten),
    });
  }
  const body = (typeof outcome.error.body === 'object' && outcome.error.body ? outcome.error.body : {}) as Record<string, unknown>;
  res.status(502).render('api-error', {
    customer,
    party,
    code: outcome.error.code ?? `HTTP ${outcome.error.status}`,
    melding: typeof body.melding === 'string' ? body.melding : '',
    korrelasjonsid: typeof body.korrelasjonsid === 'string' ? body.korrelasjonsid : '',
    serverSide: outcome.error.status >= 500,
    wire: wireOf(outcome.error, ctx.config.urls.maskinporten),
  });
}

export function dashboardRoutes(deps: SmartRegnskapDeps): Router {
  const router = Router();
  const { ctx } = deps;

  router.get('/customers', async (_req, res) => {
    res.render('customers', { direct: await listCustomers(ctx, 'direct'), firms: await listCustomers(ctx, 'firm') });
  });

  router.get('/customers/:id', async (req, res) => {
    const customer = await findCustomer(ctx, req.params.id);
    if (!customer) return notFoundPage(res);
    if (customer.kind === 'firm') return res.redirect(303, `/clients/${customer.id}`);
    await showClaims(deps, res, customer, { orgNo: customer.orgNo, name: customer.orgName });
  });

  return router;
}
