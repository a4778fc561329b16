// The claims of an exchanged Altinn token (maskinporten.md §10.4). Altinn copies the original claims
// through .NET's claim list, so: claim order is kept, a one-element JSON array comes out as the bare
// element (the system user's `authorization_details` array becomes an object), `exp`/`iat` are
// rewritten where they stood with `nbf` after `iat`, and Altinn's own claims follow.
import type { JWTPayload } from 'jose';

type Claims = JWTPayload & Record<string, unknown>;

/** Lifetime of every exchanged token (`JwtValidityMinutes: 30`); not capped by the original's expiry. */
export const EXCHANGED_LIFETIME_SECONDS = 30 * 60;

export interface Issue {
  iss: string;
  jti: string;
  nowSeconds: number;
}

const flattened = (value: unknown) => (Array.isArray(value) && value.length === 1 ? value[0] : value);

/** The original claims minus `drop`, flattened, with the new times in the original's places. */
function carried(original: Claims, drop: readonly string[], nowSeconds: number): Record<string, unknown> {
  const times: Record<string, number> = { exp: nowSeconds + EXCHANGED_LIFETIME_SECONDS, iat: nowSeconds, nbf: nowSeconds };
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(original)) {
    if (drop.includes(name) || name === 'nbf') continue;
    out[name] = times[name] ?? flattened(value);
    if (name === 'iat') out.nbf = times.nbf;
  }
  return { ...out, ...Object.fromEntries(Object.entries(times).filter(([name]) => !(name in out))) };
}

export interface Organisation {
  orgNo: string;
  /** Service-owner code, only when the token asked for `altinn:serviceowner`. */
  serviceOwner?: string;
}

/** A Maskinporten token exchanged: Altinn's org claims, authentication level 3. */
export function maskinportenExchangeClaims(original: Claims, org: Organisation, issue: Issue): Record<string, unknown> {
  return {
    ...carried(original, ['aud', 'iss', 'client_amr', 'sid', 'jti'], issue.nowSeconds),
    ...(org.serviceOwner ? { 'urn:altinn:org': org.serviceOwner } : {}),
    'urn:altinn:orgNumber': org.orgNo,
    'urn:altinn:authenticatemethod': 'maskinporten',
    'urn:altinn:authlevel': 3,
    iss: issue.iss,
    jti: issue.jti,
  };
}

export interface PersonProfile {
  userId: number;
  partyId: number;
  partyUuid: string;
}

/** ID-porten's `acr` as Altinn's authentication level: low 0, substantial 3, high 4, else its last digit. */
export function authLevelOf(acr: string): number {
  const known: Record<string, number> = { 'idporten-loa-low': 0, 'idporten-loa-substantial': 3, 'idporten-loa-high': 4 };
  return known[acr] ?? (Number(acr.slice(-1)) || 0);
}

/** An ID-porten token exchanged: the person's Altinn identity first, then the original claims. */
export function idportenExchangeClaims(original: Claims, person: PersonProfile, issue: Issue): Record<string, unknown> {
  const amr = flattened(original.amr);
  return {
    nameid: String(person.userId),
    'urn:altinn:userid': String(person.userId),
    'urn:altinn:partyid': person.partyId,
    'urn:altinn:party:uuid': person.partyUuid,
    'urn:altinn:authenticatemethod': typeof amr === 'string' ? amr : Array.isArray(amr) && typeof amr[0] === 'string' ? amr[0] : 'NotDefined',
    'urn:altinn:authlevel': authLevelOf(String(original.acr)),
    ...carried(original, ['aud', 'iss', 'at_hash', 'jti', 'sub'], issue.nowSeconds),
    iss: issue.iss,
    jti: issue.jti,
  };
}
