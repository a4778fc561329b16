// The JWT grant's checks, one named function each, run in the order real Maskinporten runs them
// (reference §7), so the first problem a client has is the one it is told about.
import { compactVerify, decodeProtectedHeader, importJWK, importX509, type JWK, type ProtectedHeaderParameters } from 'jose';
import { ISO6523_AUTHORITY, isValidFnr, isValidOrgNo, orgNoFromIcd } from '@testbed/common/identifiers';
import type { TestCa } from '../certificates.js';
import { OAuthError, type Problem } from '../errors.js';
import { findScope, hasAccess, type Client, type MaskinportenContext, type MaskinportenState, type Scope } from '../state.js';
import { GRANT, invalidScopes, notDelegated, notGranted, scopeNotForMaskinporten } from './errors.js';
import { SYSTEMUSER_TYPE, type IssuedSystemUser, type TokenSubject } from './issue.js';
import type { ReplayCache } from './replay-cache.js';
import type { SystemUserLookup } from './system-user.js';

export interface GrantContext {
  ctx: MaskinportenContext;
  issuer: string;
  replay: ReplayCache;
  ca: TestCa;
  systemUsers: SystemUserLookup;
  /** Imported client keys, so a busy client does not pay the import on every grant. */
  keyCache: Map<string, CryptoKey>;
}

export interface Grant {
  header: ProtectedHeaderParameters;
  claims: Record<string, unknown>;
  assertion: string;
}

const ALGORITHMS = ['RS256', 'RS384', 'RS512'];
const KNOWN_CLAIMS = new Set(['aud', 'iss', 'iat', 'exp', 'jti', 'scope', 'resource', 'pid', 'consumer_org', 'authorization_details', 'sub']);
const DETAIL_FIELDS = new Set(['type', 'systemuser_org', 'externalRef']);

const fail = (problem: Problem, hint: string): never => {
  throw new OAuthError(problem, hint);
};
const show = (value: unknown) => JSON.stringify(value) ?? String(value);

/** 1–2. The assertion must be a compact JWS with a JSON object as payload (MP-011). */
export function decodeGrant(assertion: string): Grant {
  const parts = assertion.split('.');
  let header: ProtectedHeaderParameters | undefined;
  let claims: unknown;
  try {
    header = decodeProtectedHeader(assertion);
    claims = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8'));
  } catch {
    // reported below
  }
  if (parts.length !== 3 || !header || !claims || typeof claims !== 'object' || Array.isArray(claims)) {
    return fail(GRANT.invalidParameter, 'assertion is not a signed JWT (three base64url parts: JOSE header, JSON claims, signature)');
  }
  return { header, claims: claims as Record<string, unknown>, assertion };
}

/** 2. alg ∈ RS256/RS384/RS512. */
function checkAlgorithm(grant: Grant): string {
  const alg = grant.header.alg;
  if (typeof alg !== 'string' || !ALGORITHMS.includes(alg)) {
    fail(GRANT.unsupportedAlgorithm, `header alg is ${show(alg)}; Maskinporten accepts ${ALGORITHMS.join(', ')}`);
  }
  return alg!;
}

/** 3. The client named by iss, if it exists and is active (MP-100). */
async function findClient(grant: Grant, g: GrantContext): Promise<Client> {
  const iss = grant.claims.iss;
  const client = typeof iss === 'string' ? await g.ctx.store.read((s) => s.clients.find((c) => c.client_id === iss)) : undefined;
  if (!client) return fail(GRANT.clientNotFound, `no client with client_id ${show(iss)} (iss must be your client_id)`);
  if (!client.active) return fail(GRANT.clientNotFound, `client ${client.client_id} was deleted (deactivated)`);
  return client;
}

/** 4. aud must be the issuer itself, a single string; the token endpoint URL is refused (MP-110). */
function checkAudience(grant: Grant, issuer: string): void {
  const aud = grant.claims.aud;
  if (aud === issuer) return;
  const why =
    aud === `${issuer}token`
      ? 'the token endpoint URL is no longer accepted as aud'
      : Array.isArray(aud)
        ? 'aud must be a single string, not an array'
        : aud === issuer.replace(/\/$/, '')
          ? 'the trailing slash is missing'
          : 'aud must be the issuer from /.well-known/oauth-authorization-server';
  fail(GRANT.invalidAudience, `expected aud ${show(issuer)}, got ${show(aud)}: ${why}`);
}

interface ClientKey {
  key: CryptoKey;
  amr: TokenSubject['clientAmr'];
}

/**
 * 5. The key that must have signed the grant: the registered JWK named by kid (MP-121 when
 * expired), or, for a client without registered keys, the x5c business certificate.
 */
async function resolveKey(grant: Grant, client: Client, alg: string, g: GrantContext): Promise<ClientKey> {
  const { kid, x5c } = grant.header;
  const registered = client.jwks?.keys ?? [];
  if (kid !== undefined && (registered.length > 0 || x5c === undefined)) {
    const jwk = registered.find((k) => k.kid === kid);
    if (!jwk) {
      const known = registered.map((k) => k.kid).join(', ') || 'none';
      return fail(GRANT.unknownKid, `kid ${show(kid)} is not registered on client ${client.client_id} (registered: ${known})`);
    }
    const expiresAt = keyExpiry(client, g);
    if (expiresAt <= g.ctx.clock.now()) {
      fail(GRANT.expiredKey, `the key set of client ${client.client_id} was uploaded ${client.jwks!.last_updated} and expired ${new Date(expiresAt).toISOString()}; upload it again (POST /api/v1/clients/{id}/jwks)`);
    }
    return { key: await importClientKey(client, jwk, alg, g), amr: 'private_key_jwt' };
  }
  if (registered.length > 0) {
    return fail(GRANT.kidRequired, `client ${client.client_id} has registered keys (${registered.map((k) => k.kid).join(', ')}): put the kid of the signing key in the JWT header`);
  }
  return certificateKey(grant, client, alg, g);
}

const keyExpiry = (client: Client, g: GrantContext) =>
  Date.parse(client.jwks!.last_updated) + g.ctx.config.maskinporten.clientKeyLifetimeDays * 86400_000;

async function importClientKey(client: Client, jwk: JWK, alg: string, g: GrantContext): Promise<CryptoKey> {
  const id = `${client.client_id}|${jwk.kid}|${alg}|${jwk.n}`;
  let key = g.keyCache.get(id);
  if (!key) {
    // The grant's alg decides (RS256/384/512 share the key type); a registered `alg` does not narrow it.
    const { alg: _registered, ...bare } = jwk;
    key = (await importJWK(bare, alg)) as CryptoKey;
    if (g.keyCache.size > 10_000) g.keyCache.clear();
    g.keyCache.set(id, key);
  }
  return key;
}

async function certificateKey(grant: Grant, client: Client, alg: string, g: GrantContext): Promise<ClientKey> {
  const x5c = grant.header.x5c;
  if (!Array.isArray(x5c) || x5c.length === 0 || !x5c.every((c) => typeof c === 'string')) {
    const why = x5c === undefined ? 'neither kid nor x5c in the JWT header' : `x5c is ${show(x5c).slice(0, 60)}, not an array of base64 DER certificates`;
    return fail(GRANT.invalidX5c, `${why}; client ${client.client_id} has no registered keys, so it must send its business certificate chain in x5c`);
  }
  const chain = await g.ca.verifyChain(x5c, g.ctx.clock.now());
  if (!chain.ok) return fail(GRANT.invalidCertificate, chain.reason);
  if (chain.orgno !== client.client_orgno) {
    fail(GRANT.certificateOrgMismatch, `the certificate is for organisation ${chain.orgno ?? '(none in the subject)'}, client ${client.client_id} belongs to ${client.client_orgno}`);
  }
  return { key: (await importX509(chain.leaf.toString(), alg)) as CryptoKey, amr: 'virksomhetssertifikat' };
}

/** 6. The signature (MP-124). */
async function verifySignature(grant: Grant, key: CryptoKey, alg: string): Promise<void> {
  try {
    await compactVerify(grant.assertion, key, { algorithms: [alg] });
  } catch {
    fail(GRANT.invalidSignature, `the signature does not verify with the ${grant.header.kid ? `registered key ${show(grant.header.kid)}` : 'x5c certificate'}`);
  }
}

/** 7. Lifetime, then iat, then exp, against the test-bed clock with the configured skew (MP-130). */
function checkTimes(grant: Grant, g: GrantContext): { exp: number } {
  const { iat, exp } = grant.claims;
  if (typeof iat !== 'number' || typeof exp !== 'number' || !Number.isFinite(iat) || !Number.isFinite(exp)) {
    return fail(GRANT.invalidParameter, `iat and exp must be numbers (seconds since 1970), got iat=${show(iat)}, exp=${show(exp)}`);
  }
  const { maxGrantLifetimeSeconds: max, clockSkewSeconds: skew } = g.ctx.config.maskinporten;
  const now = g.ctx.clock.nowSeconds();
  if (exp - iat > max) fail(GRANT.tooLongLifetime, `exp - iat = ${exp - iat} s; at most ${max} s is accepted`);
  if (iat > now + skew) fail(GRANT.issuedInFuture, `iat ${iat} is ${iat - now} s ahead of Maskinporten's clock (${now}); ${skew} s skew is allowed`);
  if (exp < now - skew) fail(GRANT.expired, `exp ${exp} is ${now - exp} s behind Maskinporten's clock (${now}); ${skew} s skew is allowed`);
  return { exp };
}

/**
 * 8. A grant is used once (MP-012). Returns the promise that the use is on disk; the token must
 * not leave before it resolves. A grant without jti cannot be recognised and is not refused.
 */
function checkReplay(grant: Grant, client: Client, exp: number, g: GrantContext): Promise<void> {
  const jti = grant.claims.jti;
  if (jti === undefined) return Promise.resolve();
  if (typeof jti !== 'string' || jti.length === 0 || jti.length > 256) {
    return fail(GRANT.invalidParameter, `jti must be a string of 1–256 characters, got ${show(jti).slice(0, 80)}`);
  }
  const durable = g.replay.claim(`${client.client_id} ${jti}`, exp + g.ctx.config.maskinporten.clockSkewSeconds);
  return durable ?? fail(GRANT.usedBefore, `client ${client.client_id} already used a grant with jti ${show(jti)}; make a new grant for every token request`);
}

interface GrantClaims {
  scopes: string[];
  consumerOrg?: string;
  audience?: string | string[];
  pid?: string;
}

/** 9. Claim values, and in strict mode no claims Maskinporten does not know (MP-011). */
function checkClaims(grant: Grant, g: GrantContext): GrantClaims {
  const { scope, resource, pid, consumer_org: consumerOrg } = grant.claims;
  if (g.ctx.config.strict) {
    const unknown = Object.keys(grant.claims).filter((c) => !KNOWN_CLAIMS.has(c));
    if (unknown.length) fail(GRANT.invalidParameter, `unknown claims ${unknown.join(', ')}`);
  }
  if (typeof scope !== 'string') {
    return fail(scope === undefined ? GRANT.missingScope : GRANT.invalidParameter, `scope must be a space-separated string, got ${show(scope)}`);
  }
  const scopes = [...new Set(scope.split(/\s+/).filter(Boolean))];
  if (scopes.length === 0) fail(GRANT.missingScope, 'scope is empty');
  if (resource !== undefined && (!Array.isArray(resource) || resource.length === 0 || !resource.every((r) => typeof r === 'string' && r.length > 0))) {
    fail(GRANT.invalidParameter, `resource must be a non-empty array of strings (only arrays are supported), got ${show(resource)}`);
  }
  if (pid !== undefined && !isValidFnr(pid)) fail(GRANT.invalidParameter, `pid must be a valid fødselsnummer, got ${show(pid)}`);
  if (consumerOrg !== undefined && !isValidOrgNo(consumerOrg)) {
    fail(GRANT.invalidParameter, `consumer_org must be an organisation number as a plain string, got ${show(consumerOrg)}`);
  }
  const audience = resource as string[] | undefined;
  return {
    scopes,
    ...(consumerOrg !== undefined ? { consumerOrg: consumerOrg as string } : {}),
    ...(audience ? { audience: audience.length === 1 ? audience[0]! : audience } : {}),
    ...(pid !== undefined ? { pid: pid as string } : {}),
  };
}

/**
 * 10. Each scope registered on the client (MP-200; a delegation scope under consumer_org need
 * not be), allowed for maskinporten (MP-201), and granted to the consumer (MP-250).
 */
function checkScopes(state: Readonly<MaskinportenState>, client: Client, claims: GrantClaims): Scope[] {
  const scopes = claims.scopes.map((name) => {
    const scope = findScope(state, name);
    const delegated = claims.consumerOrg !== undefined && scope?.delegation_source !== undefined;
    if (!scope || (!client.scopes.includes(name) && !delegated)) {
      fail(invalidScopes(name), scope ? `scope ${name} is not registered on client ${client.client_id} (it has: ${client.scopes.join(' ') || 'none'})` : `scope ${name} does not exist`);
    }
    return scope!;
  });
  for (const scope of scopes) {
    const allowed = scope.allowed_integration_types;
    if (allowed.length > 0 && !allowed.includes('maskinporten')) {
      fail(scopeNotForMaskinporten(), `scope ${scope.name} allows integration types ${allowed.join(', ')}`);
    }
  }
  const consumer = claims.consumerOrg ?? client.client_orgno;
  for (const scope of scopes) {
    if (!hasAccess(state, scope, consumer)) {
      fail(notGranted(scope.name), `${scope.owner_orgno} (owner of ${scope.name}) has not granted ${consumer} access: PUT /api/v1/scopes/access/${consumer}?scope=${scope.name}`);
    }
  }
  return scopes;
}

interface DelegationResult {
  consumer: string;
  supplier?: string;
  delegationSource?: string;
}

/** 11. consumer_org: another org, a delegation scope, and a delegation in Altinn (MP-251). */
function checkDelegation(state: Readonly<MaskinportenState>, client: Client, claims: GrantClaims, scopes: Scope[]): DelegationResult {
  const consumer = claims.consumerOrg;
  if (consumer === undefined) return { consumer: client.client_orgno };
  if (consumer === client.client_orgno) fail(GRANT.consumerOrgCombination, `consumer_org ${consumer} is the client's own organisation`);
  for (const scope of scopes) {
    if (!scope.delegation_source) fail(GRANT.consumerOrgCombination, `scope ${scope.name} has no delegation_source, so it cannot be used with consumer_org`);
    const delegated = state.delegations.some((d) => d.consumer_orgno === consumer && d.supplier_orgno === client.client_orgno && d.scope === scope.name);
    if (!delegated) {
      fail(notDelegated(consumer, scope.name, client.client_orgno), `no Altinn API delegation; the test-bed keeps them at POST /_testbed/delegations {consumer_orgno: "${consumer}", supplier_orgno: "${client.client_orgno}", scope: "${scope.name}"}`);
    }
  }
  return { consumer, supplier: client.client_orgno, delegationSource: scopes[0]!.delegation_source };
}

/** 12. authorization_details: one urn:altinn:systemuser entry (MP-301/302) naming a system user Altinn knows (MP-303). */
async function checkSystemUser(grant: Grant, client: Client, claims: GrantClaims, g: GrantContext): Promise<IssuedSystemUser | undefined> {
  const details = grant.claims.authorization_details;
  if (details === undefined) return undefined;
  if (!Array.isArray(details) || details.length !== 1) {
    return fail(GRANT.invalidDetailsValues, `authorization_details must be an array with exactly one entry, got ${show(details).slice(0, 120)}`);
  }
  const entry: unknown = details[0];
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return fail(GRANT.invalidDetailsValues, 'the authorization_details entry must be an object');
  const { type, systemuser_org: org, externalRef } = entry as Record<string, unknown>;
  if (type !== SYSTEMUSER_TYPE) return fail(GRANT.unknownDetailsType, `type ${show(type)}; the test-bed supports ${SYSTEMUSER_TYPE}`);
  const extra = Object.keys(entry).filter((k) => !DETAIL_FIELDS.has(k));
  if (extra.length) fail(GRANT.unknownDetailsFields, `unknown fields ${extra.join(', ')}; allowed: ${[...DETAIL_FIELDS].join(', ')}`);
  if (claims.consumerOrg !== undefined) fail(GRANT.invalidDetailsValues, 'consumer_org cannot be combined with a system user');
  const owner = systemUserOwner(org);
  if (externalRef !== undefined && (typeof externalRef !== 'string' || externalRef.length === 0 || externalRef.length > 255)) {
    fail(GRANT.invalidDetailsValues, `externalRef must be a non-empty string of at most 255 characters, got ${show(externalRef)}`);
  }
  const query = {
    clientId: client.client_id,
    systemProviderOrgNo: client.client_orgno,
    systemUserOwnerOrgNo: owner,
    ...(externalRef !== undefined ? { externalRef: externalRef as string } : {}),
  };
  const dto = await g.systemUsers.find(query);
  if (!dto) {
    fail(
      GRANT.invalidDetailsValues,
      `Altinn has no system user for clientId=${query.clientId}, systemProviderOrgNo=${query.systemProviderOrgNo}, systemUserOwnerOrgNo=${owner}, externalRef=${show(query.externalRef ?? '')} (empty means the owner's org number): not approved or deleted, client_id not on the system, externalRef missing or wrong, or a client's org used for an agent system user`,
    );
  }
  return { org: { authority: ISO6523_AUTHORITY, ID: `0192:${owner}` }, id: dto!.id, systemId: dto!.systemId, ...(externalRef !== undefined ? { externalRef: externalRef as string } : {}) };
}

function systemUserOwner(org: unknown): string {
  const value = org as Record<string, unknown> | null;
  const keys = value && typeof value === 'object' ? Object.keys(value).sort().join(',') : '';
  const orgno = keys === 'ID,authority' && value!.authority === ISO6523_AUTHORITY && typeof value!.ID === 'string' ? orgNoFromIcd(value!.ID) : null;
  if (!orgno || !isValidOrgNo(orgno)) {
    return fail(GRANT.invalidDetailsValues, `systemuser_org must be {"authority":"${ISO6523_AUTHORITY}","ID":"0192:<valid org number>"} (upper-case ID), got ${show(org)}`);
  }
  return orgno;
}

export interface ValidGrant {
  subject: TokenSubject;
  /** Resolves when the grant's use is on disk: hand the token out only after it. */
  used: Promise<void>;
}

/** Every check in order; what the token is about when all pass. */
export async function validateGrant(grant: Grant, g: GrantContext): Promise<ValidGrant> {
  const alg = checkAlgorithm(grant);
  const client = await findClient(grant, g);
  checkAudience(grant, g.issuer);
  const { key, amr } = await resolveKey(grant, client, alg, g);
  await verifySignature(grant, key, alg);
  const { exp } = checkTimes(grant, g);
  // The grant counts as used from here on, even if a later check refuses it.
  const used = checkReplay(grant, client, exp, g);
  used.catch(() => undefined);
  const claims = checkClaims(grant, g);
  const { scopes, delegation } = await g.ctx.store.read((state) => {
    const found = checkScopes(state, client, claims);
    return { scopes: found, delegation: checkDelegation(state, client, claims, found) };
  });
  const systemUser = await checkSystemUser(grant, client, claims, g);
  const lifetimes = [client.access_token_lifetime ?? g.ctx.config.maskinporten.defaultTokenLifetimeSeconds, ...scopes.map((s) => s.at_max_age ?? Infinity)];
  const subject: TokenSubject = {
    clientId: client.client_id,
    clientAmr: amr,
    consumer: delegation.consumer,
    scopes: claims.scopes,
    lifetimeSeconds: Math.min(...lifetimes),
    ...(systemUser ? { systemUser } : {}),
    ...(delegation.supplier ? { supplier: delegation.supplier, delegationSource: delegation.delegationSource } : {}),
    ...(claims.audience !== undefined ? { audience: claims.audience } : {}),
    ...(claims.pid ? { pid: claims.pid } : {}),
  };
  return { subject, used };
}
