// A test-only shortcut like Altinn's test token generator: a real, signed system-user token of
// exactly the shape /token issues, without a client, a grant or a call to Altinn. For API
// providers who want to test their token validation before any system user exists.
import type { Router } from 'express';
import { z } from 'zod';
import { isUuid, iso6523, stableUuid } from '@testbed/common/identifiers';
import type { KeyRing } from '@testbed/common/keys';
import { controlRoute } from './control-plane.js';
import { parseInput } from './errors.js';
import { orgno, scopeName } from './self-service/inputs.js';
import type { MaskinportenContext } from './state.js';
import { issueAccessToken } from './token/issue.js';

const systemUserTokenInput = z
  .object({
    systemUserId: z.string().refine(isUuid, 'must be a UUID (the system user id)'),
    systemUserOrg: orgno,
    systemId: z.string().min(1).max(255),
    supplierOrgNo: orgno,
    clientId: z.string().min(1).max(128).optional(),
    scopes: z.array(scopeName).min(1, 'give at least one scope').max(50),
    externalRef: z.string().min(1).max(255).optional(),
    ttl: z.number().int().min(1).max(86400).optional(),
  })
  .strict()
  .refine((b) => b.systemId.startsWith(`${b.supplierOrgNo}_`), { path: ['systemId'], message: 'a system id starts with the vendor\'s org number and "_" (e.g. 310000027_smartregnskap)' });

export function testTokenRoutes(router: Router, ctx: MaskinportenContext, keys: KeyRing, issuer: string): void {
  router.post(
    '/tokens/systemuser',
    controlRoute(async (req, res) => {
      const input = parseInput(systemUserTokenInput, req.body);
      const response = await issueAccessToken(
        keys,
        issuer,
        {
          clientId: input.clientId ?? stableUuid(`test-token-client:${input.supplierOrgNo}`),
          clientAmr: 'private_key_jwt',
          consumer: input.supplierOrgNo,
          scopes: [...new Set(input.scopes)],
          lifetimeSeconds: input.ttl ?? ctx.config.maskinporten.defaultTokenLifetimeSeconds,
          systemUser: {
            org: iso6523(input.systemUserOrg),
            id: input.systemUserId,
            systemId: input.systemId,
            ...(input.externalRef !== undefined ? { externalRef: input.externalRef } : {}),
          },
        },
        ctx.clock.nowSeconds(),
      );
      res.set('Cache-Control', 'no-store').json(response);
    }),
  );
}
