// Input rules shared by the self-service API and the control plane's onboarding: organisation
// numbers, scope names, uploaded JWK sets, and the JSON-only body.
import { createPublicKey } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { JWK } from 'jose';
import { z } from 'zod';
import { orgNoProblem } from '@testbed/common/identifiers';
import { jsonBody } from '@testbed/common/service-app';
import { OAuthError } from '../errors.js';
import type { MaskinportenState } from '../state.js';

export const orgno = z.string().superRefine((value, ctx) => {
  const problem = orgNoProblem(value);
  if (problem === 'format') ctx.addIssue({ code: 'custom', message: 'must be a 9-digit organisation number' });
  if (problem === 'checksum') ctx.addIssue({ code: 'custom', message: `${value} fails the organisation number check digit (mod 11)` });
});

const SEGMENT = '[a-z0-9]+(?:[-_][a-z0-9]+)*';
export const PREFIX_RE = /^[a-z0-9]+$/;
/** `<subscope>`: lower-case segments separated by `/` or `.`, e.g. `authentication/systemregister.write`. */
export const SUBSCOPE_RE = new RegExp(`^${SEGMENT}(?:[/.]${SEGMENT})*$`);
export const scopeName = z
  .string()
  .max(255)
  .refine((s) => {
    const [prefix, subscope, ...rest] = s.split(':');
    return rest.length === 0 && PREFIX_RE.test(prefix ?? '') && SUBSCOPE_RE.test(subscope ?? '');
  }, 'must be a scope name <prefix>:<subscope>, lower case, e.g. skatteetaten:kravogbetalinger');

const B64URL = /^[A-Za-z0-9_-]+$/;
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth'];
const PUBLIC_MEMBERS = ['kty', 'kid', 'n', 'e', 'alg', 'use'];

const rsaPublicJwk = z
  .object({
    kty: z.literal('RSA', 'only RSA keys are supported (kty "RSA")'),
    kid: z.string().min(1).max(128).regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces'),
    n: z.string().regex(B64URL, 'must be base64url'),
    e: z.string().regex(B64URL, 'must be base64url'),
    alg: z.enum(['RS256', 'RS384', 'RS512']).optional(),
    use: z.literal('sig', 'must be "sig"').optional(),
  })
  .catchall(z.unknown())
  .superRefine((jwk, ctx) => {
    for (const member of Object.keys(jwk)) {
      if (PRIVATE_MEMBERS.includes(member)) ctx.addIssue({ code: 'custom', path: [member], message: 'private key material: upload the public key only' });
      else if (!PUBLIC_MEMBERS.includes(member)) ctx.addIssue({ code: 'custom', path: [member], message: `unknown JWK member; allowed: ${PUBLIC_MEMBERS.join(', ')}` });
    }
    if (ctx.issues.length > 0) return;
    if (Buffer.from(jwk.n, 'base64url').length < 256) ctx.addIssue({ code: 'custom', path: ['n'], message: 'the RSA key must be at least 2048 bits' });
    try {
      createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e }, format: 'jwk' });
    } catch {
      ctx.addIssue({ code: 'custom', path: ['n'], message: 'n and e do not form a valid RSA public key' });
    }
  })
  .transform((jwk): JWK => ({ kty: 'RSA', kid: jwk.kid, n: jwk.n, e: jwk.e, ...(jwk.alg ? { alg: jwk.alg } : {}), ...(jwk.use ? { use: jwk.use } : {}) }));

/** `{keys: [...]}`: 1–5 public RSA keys, each with a kid unique within the set. */
export const jwksInput = z
  .object({ keys: z.array(rsaPublicJwk).min(1, 'give at least one key').max(5, 'at most 5 keys per client') })
  .strict()
  .superRefine((set, ctx) => {
    set.keys.forEach((k, i) => {
      if (set.keys.findIndex((o) => o.kid === k.kid) !== i) ctx.addIssue({ code: 'custom', path: ['keys', i, 'kid'], message: `kid ${k.kid} appears twice in the set` });
    });
  });

/** kid must be unique across every client of every organisation (reference §3.1). */
export function checkKidsFree(state: Readonly<MaskinportenState>, keys: JWK[], exceptClientId: string | undefined, field = 'keys'): void {
  const taken = keys.flatMap((k, i) =>
    state.clients.some((c) => c.client_id !== exceptClientId && c.jwks?.keys.some((o) => o.kid === k.kid))
      ? [{ field: `${field}.${i}.kid`, message: `kid ${k.kid} is already registered on another client; kid must be unique across Maskinporten` }]
      : [],
  );
  if (taken.length) {
    throw new OAuthError({ error: 'invalid_request', description: `Invalid key set: ${taken.map((t) => t.message).join('; ')}` }, undefined, taken);
  }
}

/** A JSON body, nothing else: a form or text body gets a clear 415 instead of a puzzling validation error. */
export function json(limit = '64kb') {
  const parse = jsonBody(limit);
  return [
    (req: Request, _res: Response, next: NextFunction) => {
      if (req.is('application/json')) return next();
      throw new OAuthError({ status: 415, error: 'invalid_request', description: 'The body must be JSON (Content-Type: application/json)' }, `got ${req.get('content-type') ?? 'no Content-Type'}`);
    },
    parse,
  ];
}
