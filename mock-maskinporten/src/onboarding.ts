// How an organisation gets its first client, as Samarbeidsportalen and Digdir's service desk hand
// it out: `POST /_testbed/onboarding {orgno, client_name, jwks, scopes}`. The client always gets
// the self-service scopes; each requested vendor/API-provider scope is granted to the organisation
// ("approved by the service desk") and put on the client. Admin and internal scopes are never
// handed out this way. Onboarding the same client_name again updates keys and adds scopes.
import type { Router } from 'express';
import { z } from 'zod';
import { ORG } from '@testbed/common/world';
import { OAuthError, parseInput } from './errors.js';
import { controlRoute } from './control-plane.js';
import { SELF_SERVICE_SCOPES, VENDOR_SCOPES } from './seed.js';
import { clientView, newClient, setKeys } from './self-service/clients.js';
import { checkKidsFree, jwksInput, orgno, scopeName } from './self-service/inputs.js';
import type { Client, MaskinportenContext, MaskinportenState } from './state.js';

export const onboardingInput = z
  .object({
    orgno,
    client_name: z.string().trim().min(1).max(200),
    jwks: jwksInput,
    scopes: z.array(scopeName).max(50).default([]),
  })
  .strict();

export type OnboardingInput = z.output<typeof onboardingInput>;

const GRANTABLE: readonly string[] = [...VENDOR_SCOPES, ...SELF_SERVICE_SCOPES];

function checkGrantable(state: Readonly<MaskinportenState>, scopes: string[]): void {
  const refused = scopes.flatMap((name, i) => {
    if (GRANTABLE.includes(name)) return [];
    const owner = state.scopes.find((s) => s.name === name)?.owner_orgno;
    const message =
      owner === undefined
        ? `${name} does not exist`
        : owner === ORG.digdir
          ? `${name} is an admin or internal scope; onboarding hands out only ${VENDOR_SCOPES.join(', ')}`
          : `${name} is not a Digdir scope; ask its owner (${owner}) to grant your organisation access (PUT /api/v1/scopes/access/{orgno}?scope=) and add it to the client with the self-service API`;
    return [{ field: `scopes.${i}`, message }];
  });
  if (refused.length) {
    throw new OAuthError({ error: 'invalid_request', description: `Scopes not available through onboarding: ${refused.map((r) => r.message).join('; ')}` }, undefined, refused);
  }
}

/** Creates or updates the organisation's client named `client_name`; `created` tells which. */
export async function onboard(ctx: MaskinportenContext, input: OnboardingInput): Promise<{ client: Client; created: boolean }> {
  return ctx.store.update((s) => {
    checkGrantable(s, input.scopes);
    const existing = s.clients.find((c) => c.active && c.client_orgno === input.orgno && c.client_name === input.client_name);
    checkKidsFree(s, input.jwks.keys, existing?.client_id, 'jwks.keys');
    const now = ctx.clock.date().toISOString();
    const scopes = [...new Set([...SELF_SERVICE_SCOPES, ...input.scopes])];
    for (const scope of scopes) {
      const owner = s.scopes.find((x) => x.name === scope)!.owner_orgno;
      const grant = s.access.find((g) => g.scope === scope && g.consumer_orgno === input.orgno);
      if (grant) grant.state = 'APPROVED';
      else s.access.push({ scope, state: 'APPROVED', consumer_orgno: input.orgno, owner_orgno: owner, created: now, last_updated: now });
    }
    const client = existing ?? newClient(input.orgno, { integration_type: 'maskinporten', client_name: input.client_name, description: 'Onboarded through Samarbeidsportalen' }, now);
    client.scopes = [...new Set([...client.scopes, ...scopes])];
    setKeys(client, input.jwks.keys, now);
    if (!existing) s.clients.push(client);
    return { client, created: !existing };
  });
}

export function onboardingRoutes(router: Router, ctx: MaskinportenContext): void {
  router.post(
    '/onboarding',
    controlRoute(async (req, res) => {
      const { client, created } = await onboard(ctx, parseInput(onboardingInput, req.body));
      res.status(created ? 201 : 200).json(clientView(client, ctx.config));
    }),
  );
}
