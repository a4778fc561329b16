// Altinn's "Delegere tilgang til API" (API delegation), which Maskinporten checks for grants with
// consumer_org (MP-251). It lives in Altinn's access management, outside this mock, so the
// test-bed keeps the delegations in Maskinporten's state and manages them through the control
// plane: POST/GET /_testbed/delegations, DELETE /_testbed/delegations/{id}.
import { randomUUID } from 'node:crypto';
import type { Router } from 'express';
import { z } from 'zod';
import { controlRoute } from './control-plane.js';
import { badRequest, notFound, parseInput } from './errors.js';
import { orgno, scopeName } from './self-service/inputs.js';
import type { Delegation, MaskinportenContext } from './state.js';

const delegationInput = z
  .object({ consumer_orgno: orgno, supplier_orgno: orgno, scope: scopeName })
  .strict()
  .refine((d) => d.consumer_orgno !== d.supplier_orgno, { path: ['supplier_orgno'], message: 'an organisation does not delegate to itself' });

export function delegationRoutes(router: Router, ctx: MaskinportenContext): void {
  router.get(
    '/delegations',
    controlRoute(async (_req, res) => {
      res.json({ delegations: await ctx.store.read((s) => s.delegations) });
    }),
  );

  router.post(
    '/delegations',
    controlRoute(async (req, res) => {
      const input = parseInput(delegationInput, req.body);
      const { delegation, created } = await ctx.store.update((s) => {
        const scope = s.scopes.find((x) => x.name === input.scope && x.active);
        if (!scope) throw badRequest(`Scope ${input.scope} does not exist`, 'scope');
        if (!scope.delegation_source) throw badRequest(`Scope ${input.scope} has no delegation_source, so it cannot be delegated in Altinn`, 'scope');
        const existing = s.delegations.find((d) => d.consumer_orgno === input.consumer_orgno && d.supplier_orgno === input.supplier_orgno && d.scope === input.scope);
        if (existing) return { delegation: existing, created: false };
        const made: Delegation = { id: randomUUID(), ...input, created: ctx.clock.date().toISOString() };
        s.delegations.push(made);
        return { delegation: made, created: true };
      });
      res.status(created ? 201 : 200).json(delegation);
    }),
  );

  router.delete(
    '/delegations/:id',
    controlRoute(async (req, res) => {
      await ctx.store.update((s) => {
        const index = s.delegations.findIndex((d) => d.id === req.params.id);
        if (index < 0) throw notFound(`No delegation ${req.params.id}`);
        s.delegations.splice(index, 1);
      });
      res.status(204).end();
    }),
  );
}
