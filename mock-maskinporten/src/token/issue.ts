// The access token Maskinporten issues (reference §5): header {kid, alg: "RS256"} without typ,
// claims in the real order, a 32-byte random jti. The same builder serves the token endpoint, the
// control plane's test tokens and Maskinporten's own token for Altinn, so they cannot drift apart.
import { randomBytes } from 'node:crypto';
import { iso6523, type Iso6523Id } from '@testbed/common/identifiers';
import type { KeyRing } from '@testbed/common/keys';

export const SYSTEMUSER_TYPE = 'urn:altinn:systemuser';

export interface IssuedSystemUser {
  /** Echo of the grant's `systemuser_org`. */
  org: Iso6523Id;
  id: string;
  systemId: string;
  /** Echoed only when the grant carried it. */
  externalRef?: string;
}

export interface TokenSubject {
  clientId: string;
  clientAmr: 'private_key_jwt' | 'virksomhetssertifikat';
  /** The legal consumer's org number: the client's org, the customer under delegation. */
  consumer: string;
  scopes: string[];
  lifetimeSeconds: number;
  systemUser?: IssuedSystemUser;
  /** consumer_org delegation only: the client's org and the scope's delegation source. */
  supplier?: string;
  delegationSource?: string;
  /** Only when the grant asked for `resource`. */
  audience?: string | string[];
  pid?: string;
}

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

/** The claims, in the order real Maskinporten writes them. */
export function accessTokenClaims(issuer: string, subject: TokenSubject, nowSeconds: number): Record<string, unknown> {
  const su = subject.systemUser;
  return {
    ...(su
      ? {
          authorization_details: [
            {
              type: SYSTEMUSER_TYPE,
              systemuser_org: su.org,
              systemuser_id: [su.id],
              system_id: su.systemId,
              ...(su.externalRef !== undefined ? { externalRef: su.externalRef } : {}),
            },
          ],
        }
      : {}),
    scope: subject.scopes.join(' '),
    iss: issuer,
    client_amr: subject.clientAmr,
    token_type: 'Bearer',
    exp: nowSeconds + subject.lifetimeSeconds,
    iat: nowSeconds,
    client_id: subject.clientId,
    jti: randomBytes(32).toString('base64url'),
    consumer: iso6523(subject.consumer),
    ...(subject.supplier ? { supplier: iso6523(subject.supplier) } : {}),
    ...(subject.delegationSource ? { delegation_source: subject.delegationSource } : {}),
    ...(subject.audience !== undefined ? { aud: subject.audience } : {}),
    ...(subject.pid ? { pid: subject.pid } : {}),
  };
}

export async function issueAccessToken(keys: KeyRing, issuer: string, subject: TokenSubject, nowSeconds: number): Promise<TokenResponse> {
  const access_token = await keys.sign(accessTokenClaims(issuer, subject, nowSeconds));
  return { access_token, token_type: 'Bearer', expires_in: subject.lifetimeSeconds, scope: subject.scopes.join(' ') };
}
