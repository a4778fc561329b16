// Access to scopes (reference §9.4): the owner grants and revokes a consumer organisation, lists
// the grants on a scope; a consumer lists what it has been granted. A grant is APPROVED at once.
import type { Router } from 'express';
import { z } from 'zod';
import { notFound, parseInput } from '../errors.js';
import type { AccessGrant, MaskinportenContext } from '../state.js';
import { callerOrg, type SelfServiceAuth } from './auth.js';
import { orgno, scopeName } from './inputs.js';
import { ownScope } from './scopes.js';

const scopeQuery = z.object({ scope: scopeName });
const consumerParam = z.object({ consumer_orgno: orgno });

export function accessRoutes(router: Router, ctx: MaskinportenContext, auth: SelfServiceAuth): void {
  const { store, clock } = ctx;
  const admin = auth.require('idporten:scopes.write');

  router.get('/scopes/access/all', admin, async (_req, res) => {
    const org = callerOrg(res);
    res.json(await store.read((s) => s.access.filter((g) => g.consumer_orgno === org)));
  });

  router.get('/scopes/access', admin, async (req, res) => {
    const { scope } = parseInput(scopeQuery, req.query, 'query');
    const grants = await store.read((s) => {
      ownScope(s, scope, callerOrg(res));
      return s.access.filter((g) => g.scope === scope);
    });
    res.json(grants);
  });

  router.put('/scopes/access/:consumer_orgno', admin, async (req, res) => {
    const org = callerOrg(res);
    const { consumer_orgno: consumer } = parseInput(consumerParam, req.params, 'path');
    const { scope } = parseInput(scopeQuery, req.query, 'query');
    const grant = await store.update((s) => {
      ownScope(s, scope, org);
      const at = clock.date().toISOString();
      const existing = s.access.find((g) => g.scope === scope && g.consumer_orgno === consumer);
      if (existing) {
        existing.state = 'APPROVED';
        existing.last_updated = at;
        return existing;
      }
      const created: AccessGrant = { scope, state: 'APPROVED', consumer_orgno: consumer, owner_orgno: org, created: at, last_updated: at };
      s.access.push(created);
      return created;
    });
    res.json(grant);
  });

  router.delete('/scopes/access/:consumer_orgno', admin, async (req, res) => {
    const org = callerOrg(res);
    const { consumer_orgno: consumer } = parseInput(consumerParam, req.params, 'path');
    const { scope } = parseInput(scopeQuery, req.query, 'query');
    await store.update((s) => {
      ownScope(s, scope, org);
      const index = s.access.findIndex((g) => g.scope === scope && g.consumer_orgno === consumer);
      if (index < 0) throw notFound(`${consumer} has no access to ${scope}`);
      s.access.splice(index, 1);
    });
    res.status(204).end();
  });
}
