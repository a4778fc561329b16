// The first checks of every call, in the order an API provider makes them (authorization.md §6):
// a Maskinporten access token (signature against Maskinporten's published keys, issuer, expiry on
// the test-bed clock, RS256), the API scope, and — for the `regnskapssystem` rettighetspakke — a
// system user in `authorization_details`.
import type { Clock } from '@testbed/common/clock';
import { UpstreamError, type ServiceFetch } from '@testbed/common/http-client';
import { isUuid, orgNoFromIso6523 } from '@testbed/common/identifiers';
import { bearerToken, TokenError, verifyToken } from '@testbed/common/jwt';
import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import { Feil } from '../errors.js';

export const SCOPE = 'skatteetaten:kravogbetalinger';

/** Who is calling: the system user the customer approved, as the token names it. */
export interface SystemUserCaller {
  systemUserId: string;
  /** The org owning the system user: the customer, or the accounting firm of an agent system user. */
  systemUserOrg: string;
  systemId?: string;
}

export type Authenticate = (authorization: string | undefined) => Promise<SystemUserCaller>;

/**
 * Fetch for Maskinporten's JWKS: any answer but 200 is an outage of Maskinporten, not a bad
 * token, so it becomes an UpstreamError, which token verification reports as `keys_unavailable`.
 */
export function jwksFetch(fetch: ServiceFetch): ServiceFetch {
  return async (url, init) => {
    const res = await fetch(url, init);
    if (res.status !== 200) throw new UpstreamError(`GET ${String(url)}: HTTP ${res.status}`, 'maskinporten');
    return res;
  };
}

/** `{authority, ID}` with keys in any case (docs write `id`, real tokens `ID`). */
function systemUserOrg(value: unknown): string | null {
  if (!value || typeof value !== 'object') return null;
  const byLowerKey = new Map(Object.entries(value).map(([k, v]) => [k.toLowerCase(), v]));
  return orgNoFromIso6523({ authority: byLowerKey.get('authority'), ID: byLowerKey.get('id') });
}

/** The `urn:altinn:systemuser` entry of `authorization_details`, or why there is none. */
function systemUserOf(payload: JWTPayload): SystemUserCaller | string {
  const details = payload.authorization_details;
  if (!Array.isArray(details)) return 'the token has no authorization_details array: not a system-user token';
  const entry: unknown = details.find((d) => d && typeof d === 'object' && (d as { type?: unknown }).type === 'urn:altinn:systemuser');
  if (!entry || typeof entry !== 'object') return 'authorization_details has no entry of type urn:altinn:systemuser: not a system-user token';
  const { systemuser_id: ids, systemuser_org: org, system_id: systemId } = entry as Record<string, unknown>;
  if (!Array.isArray(ids) || !isUuid(ids[0])) return 'systemuser_id is not an array starting with a UUID';
  const owner = systemUserOrg(org);
  if (!owner) return 'systemuser_org is not {authority: "iso6523-actorid-upis", ID: "0192:<orgno>"}';
  return { systemUserId: ids[0], systemUserOrg: owner, ...(typeof systemId === 'string' ? { systemId } : {}) };
}

export interface TokenCheckOptions {
  keys: JWTVerifyGetKey;
  issuer: string;
  clock: Clock;
}

export function maskinportenTokenCheck({ keys, issuer, clock }: TokenCheckOptions): Authenticate {
  return async (authorization) => {
    const token = bearerToken(authorization);
    if (!token) throw new Feil('KB-004', 'Mangler gyldig Bearer-token.', 'No "Authorization: Bearer <Maskinporten token>" header.');

    let payload: JWTPayload;
    try {
      payload = await verifyToken(token, keys, { issuer, clock });
    } catch (err) {
      if (!(err instanceof TokenError)) throw err;
      if (err.problem === 'keys_unavailable') throw new Feil('KB-002', undefined, `Maskinporten's keys could not be fetched: ${err.message}`);
      throw new Feil('KB-004', 'Tokenet er ikke gyldig.', `Token rejected (${err.problem}): ${err.message} Expected an RS256 token from ${issuer}.`);
    }

    const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
    if (!scopes.includes(SCOPE)) throw new Feil('DAS-008', undefined, `The token's scope "${scopes.join(' ')}" does not include ${SCOPE}.`);

    const caller = systemUserOf(payload);
    if (typeof caller === 'string') throw new Feil('DAS-008', undefined, `The regnskapssystem rettighetspakke requires a system-user token: ${caller}.`);
    return caller;
  };
}
