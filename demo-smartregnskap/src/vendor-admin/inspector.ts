// The token inspector: a JWT decoded (header and payload as they are), its signature checked against
// Maskinporten's published keys (`/jwk`), its issuer compared, and its expiry read on the test-bed
// clock, which is the clock Maskinporten and the API judge it by.
import { compactVerify, decodeJwt, decodeProtectedHeader, errors, type JWTVerifyGetKey } from 'jose';
import type { Clock } from '@testbed/common/clock';

export type Inspection =
  | { malformed: true }
  | {
      malformed: false;
      header: string;
      payload: string;
      /** Whether `iss` is Maskinporten's issuer. */
      issuerOk: boolean;
      issuer: string;
      signature: { ok: true } | { ok: false; reason: string };
      /** Test-bed clock: ms of `exp`, and seconds from now (negative when expired). */
      expiry?: { at: number; seconds: number };
    };

function signatureProblem(err: unknown): string {
  if (err instanceof errors.JWKSNoMatchingKey) return "no key in Maskinporten's /jwk has the token's kid";
  if (err instanceof errors.JWSSignatureVerificationFailed) return "the signature does not verify with Maskinporten's key";
  if (err instanceof errors.JOSEError) return err.message;
  return `Maskinporten's keys could not be fetched (${String(err)})`;
}

export async function inspectToken(token: string, keys: JWTVerifyGetKey, maskinportenIssuer: string, clock: Clock): Promise<Inspection> {
  let header: object;
  let payload: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(token);
    payload = decodeJwt(token);
  } catch {
    return { malformed: true };
  }
  let signature: { ok: true } | { ok: false; reason: string };
  try {
    await compactVerify(token, keys);
    signature = { ok: true };
  } catch (err) {
    signature = { ok: false, reason: signatureProblem(err) };
  }
  const exp = typeof payload.exp === 'number' ? payload.exp * 1000 : undefined;
  return {
    malformed: false,
    header: JSON.stringify(header, null, 2),
    payload: JSON.stringify(payload, null, 2),
    issuerOk: payload.iss === maskinportenIssuer,
    issuer: String(payload.iss ?? ''),
    signature,
    ...(exp !== undefined ? { expiry: { at: exp, seconds: Math.round((exp - clock.now()) / 1000) } } : {}),
  };
}
