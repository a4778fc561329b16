// The token endpoint's errors as named values: Maskinporten's MP-codes with the real `error` and
// description texts (reference maskinporten.md §6.2). Where the reference gives no `error` for a
// code, client-authentication failures are `invalid_grant` (never `invalid_client`) and RAR
// failures `invalid_request`. Texts marked "mock" exist because the real one is not known.
import type { Problem } from '../errors.js';

interface Catalogued extends Problem {
  /** Why a client gets it, served at `/errors/<code>`. */
  cause?: string;
}

const AUTH_FAILED = 'Invalid assertion. Client authentication failed.';

export const GRANT = {
  // The form around the grant (reference: "presumably standard" OAuth errors).
  missingGrantType: { error: 'invalid_request', description: 'Missing grant_type' },
  unsupportedGrantType: { error: 'unsupported_grant_type', description: 'Unsupported grant_type. Maskinporten supports urn:ietf:params:oauth:grant-type:jwt-bearer' },
  missingAssertion: { error: 'invalid_request', description: 'Missing assertion' },
  notForm: {
    error: 'invalid_request',
    description:
      'The token request must be sent as application/x-www-form-urlencoded with grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer and assertion=<the signed JWT grant>',
  },

  invalidParameter: { code: 'MP-011', error: 'invalid_request', description: 'Invalid assertion. Invalid parameter value', cause: 'The grant is not a well-formed JWT, or a claim has the wrong type.' },
  usedBefore: { code: 'MP-012', error: 'invalid_grant', description: 'Grant is used before', cause: 'The grant\'s jti was used in an earlier token request. Make a new grant (new jti) for every request.' },
  // mock text: the reference lists RS256/RS384/RS512 but no message for other algorithms.
  unsupportedAlgorithm: { error: 'invalid_grant', description: `${AUTH_FAILED} Invalid JWT. Unsupported signing algorithm` },
  clientNotFound: { code: 'MP-100', error: 'invalid_grant', description: AUTH_FAILED, cause: 'No active client with the grant\'s iss as client_id (a typo, a deleted client, or a client from another environment).' },
  invalidAudience: { code: 'MP-110', error: 'invalid_grant', description: `${AUTH_FAILED} Invalid JWT claim aud`, cause: 'aud must be the issuer, with trailing slash; the token endpoint URL is not accepted.' },
  invalidCertificate: { code: 'MP-120', error: 'invalid_grant', description: `${AUTH_FAILED} The JWT is signed with an invalid certificate.`, cause: 'The x5c certificate is not issued by a test CA, is expired, or is not yet valid.' },
  expiredKey: { code: 'MP-121', error: 'invalid_grant', description: `${AUTH_FAILED} Expired key`, cause: 'The registered key has expired (keys live one year from upload). Upload the key set again.' },
  certificateOrgMismatch: { code: 'MP-122', error: 'invalid_grant', description: 'Invalid JWT. Invalid organization number for client. Does not match certificate orgno', cause: 'The certificate belongs to another organisation than the client.' },
  invalidX5c: { code: 'MP-123', error: 'invalid_grant', description: 'Invalid JWT header x5c', cause: 'x5c must be an array of base64 DER certificates, leaf first.' },
  invalidSignature: { code: 'MP-124', error: 'invalid_grant', description: 'Invalid JWT signature', cause: 'The signature does not verify with the key named by kid (or the x5c certificate).' },
  unknownKid: { error: 'invalid_grant', description: `${AUTH_FAILED} Unknown key identifier (kid) for client` },
  kidRequired: { error: 'invalid_grant', description: `${AUTH_FAILED} Invalid JWT. The client requires pre-registered jwk and no key identifier (kid) provided` },
  tooLongLifetime: { error: 'invalid_grant', description: 'JWT has too long lifetime' },
  issuedInFuture: { error: 'invalid_grant', description: 'Issue time is in the future' },
  expired: { code: 'MP-130', error: 'invalid_grant', description: 'JWT has expired', cause: 'The grant\'s exp is in the past (10 s clock skew allowed). Check the clock and make grants just before use.' },
  // mock text: a grant without any scope.
  missingScope: { error: 'invalid_scope', description: 'Token request contains no scope' },
  consumerOrgCombination: {
    error: 'invalid_request',
    description: 'Validation of JWT claim failed: The combination consumer_org in claim and delegation scope on client is invalid',
  },
  unknownDetailsType: { code: 'MP-301', error: 'invalid_request', description: 'Unknown authorization details type', cause: 'authorization_details has a type Maskinporten does not know (use urn:altinn:systemuser).' },
  unknownDetailsFields: { code: 'MP-302', error: 'invalid_request', description: 'Unknown fields in the authorization details', cause: 'The authorization_details entry has fields besides type, systemuser_org and externalRef.' },
  invalidDetailsValues: {
    code: 'MP-303',
    error: 'invalid_altinn_customer_configuration',
    description: 'Invalid authorization details values',
    cause:
      'No system user matches (client_id, vendor org, systemuser_org, externalRef): not approved, deleted, client_id not on the system, externalRef missing or wrong, or a client\'s org used for an agent system user.',
  },
  // mock choice: the reference does not say how Maskinporten answers when Altinn is down.
  altinnUnavailable: { status: 503, error: 'server_error', description: 'The system user could not be looked up in Altinn. Try again later' },
  altinnUnexpected: { status: 500, error: 'server_error', description: 'Altinn answered the system-user lookup unexpectedly' },
} as const satisfies Record<string, Catalogued>;

export const invalidScopes = (scope: string): Problem => ({ code: 'MP-200', error: 'invalid_scope', description: `Token request contains invalid scopes for client, ${scope}` });
export const scopeNotForMaskinporten = (): Problem => ({ code: 'MP-201', error: 'invalid_scope', description: 'Token request contains scopes not allowed for maskinporten' });
// mock choice: the reference leaves 400 vs 403 open for MP-250/251; older samples say `forbidden`.
export const notGranted = (scope: string): Problem => ({ status: 403, code: 'MP-250', error: 'forbidden', description: `Consumer has not been granted access to the scope ${scope}.` });
export const notDelegated = (consumer: string, scope: string, supplier: string): Problem => ({
  status: 403,
  code: 'MP-251',
  error: 'forbidden',
  description: `Consumer ${consumer} has not delegated access to the scope ${scope} to supplier ${supplier}.`,
});

const PARAMETERISED: Catalogued[] = [
  { ...invalidScopes('<scope>'), cause: 'A requested scope is not registered on the client (or no longer exists).' },
  { ...scopeNotForMaskinporten(), cause: 'The scope\'s allowed_integration_types does not include maskinporten.' },
  { ...notGranted('<scope>'), cause: 'The scope owner has not granted the consumer organisation access to the scope.' },
  { ...notDelegated('<consumer>', '<scope>', '<supplier>'), cause: 'consumer_org has not delegated the scope to the client\'s organisation in Altinn.' },
];

/** Every coded error, for `GET /errors/<code>`. */
export const CATALOGUE: Catalogued[] = [...Object.values(GRANT as Record<string, Catalogued>), ...PARAMETERISED].filter((p) => p.code);
