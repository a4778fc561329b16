// Verifying tokens issued by another service: keys from its JWKS over HTTP (cached, refetched when
// an unknown kid appears, so a key rotation does not break callers), time checks on the test-bed clock.
import { createRemoteJWKSet, customFetch, decodeJwt, decodeProtectedHeader, jwtVerify, errors, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Clock } from './clock.js';
import type { ServiceFetch } from './http-client.js';

export interface RemoteKeysOptions {
  /** Minimum time between refetches triggered by an unknown kid. */
  cooldownMs?: number;
  /** How long fetched keys are trusted before a refetch (Digdir recommends about 24 h for resource servers). */
  cacheMaxAgeMs?: number;
}

/** Keys from a JWKS URL, fetched through the service's own HTTP client (journal, correlation id). */
export function remoteKeys(jwksUrl: string, fetch: ServiceFetch, options: RemoteKeysOptions = {}): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(jwksUrl), {
    cooldownDuration: options.cooldownMs ?? 1000,
    cacheMaxAge: options.cacheMaxAgeMs ?? 10 * 60_000,
    timeoutDuration: 5000,
    [customFetch]: (url, init) => fetch(url, init),
  });
}

export interface VerifyOptions {
  issuer: string | string[];
  clock: Clock;
  clockToleranceSeconds?: number;
  audience?: string;
}

export type TokenProblem = 'malformed' | 'signature' | 'expired' | 'not_yet_valid' | 'issuer' | 'audience' | 'keys_unavailable' | 'other';

export class TokenError extends Error {
  constructor(
    readonly problem: TokenProblem,
    message: string,
  ) {
    super(message);
    this.name = 'TokenError';
  }
}

/** Verifies signature (RS256), issuer and lifetime against the test-bed clock; throws TokenError. */
export async function verifyToken(token: string, keys: JWTVerifyGetKey, options: VerifyOptions): Promise<JWTPayload> {
  try {
    decodeProtectedHeader(token);
    decodeJwt(token);
  } catch {
    throw new TokenError('malformed', 'The token is not a well-formed JWT.');
  }
  try {
    const { payload } = await jwtVerify(token, keys, {
      issuer: options.issuer,
      algorithms: ['RS256'],
      currentDate: options.clock.date(),
      clockTolerance: options.clockToleranceSeconds ?? 0,
      ...(options.audience ? { audience: options.audience } : {}),
    });
    return payload;
  } catch (err) {
    throw classify(err);
  }
}

function classify(err: unknown): TokenError {
  if (err instanceof TokenError) return err;
  if (err instanceof errors.JWTExpired) return new TokenError('expired', 'The token has expired.');
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'iss') return new TokenError('issuer', `Unexpected issuer: ${err.message}`);
    if (err.claim === 'aud') return new TokenError('audience', `Unexpected audience: ${err.message}`);
    if (err.claim === 'nbf' || err.claim === 'iat') return new TokenError('not_yet_valid', err.message);
    return new TokenError('other', err.message);
  }
  if (err instanceof errors.JWSSignatureVerificationFailed || err instanceof errors.JWKSNoMatchingKey) {
    return new TokenError('signature', 'The token signature does not verify against the issuer\'s published keys.');
  }
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid || !(err instanceof errors.JOSEError)) {
    return new TokenError('keys_unavailable', `The issuer's keys could not be fetched: ${String(err)}`);
  }
  return new TokenError('other', err.message);
}

/** The bearer token of a request's Authorization header, or null. */
export function bearerToken(authorization: string | undefined): string | null {
  if (!authorization) return null;
  const m = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(authorization.trim());
  return m ? m[1]! : null;
}
