// How Maskinporten finds the system user of a grant: it asks Altinn over HTTP
// (`GET /authentication/api/v1/systemuser/byExternalId`), authenticated with a Maskinporten token
// it issues to itself (consumer Digdir, scope altinn:maskinporten/systemuser.read), cached until
// shortly before it expires. 404 means "no such system user" (MP-303); no answer, a timeout or a
// 5xx means Altinn is unavailable (503); anything else is a misconfiguration (500).
import { UpstreamError } from '@testbed/common/http-client';
import { stableUuid } from '@testbed/common/identifiers';
import type { KeyRing } from '@testbed/common/keys';
import { ORG } from '@testbed/common/world';
import { z } from 'zod';
import { OAuthError } from '../errors.js';
import { SYSTEMUSER_READ_SCOPE } from '../seed.js';
import type { MaskinportenContext } from '../state.js';
import { GRANT } from './errors.js';
import { issueAccessToken } from './issue.js';

/** Altinn's SystemUserExternalDTO; only what the token needs is required. */
const systemUserDto = z.looseObject({
  id: z.string().min(1),
  systemId: z.string().min(1),
  isDeleted: z.boolean().optional(),
});

export type SystemUserDto = z.infer<typeof systemUserDto>;

export interface SystemUserQuery {
  clientId: string;
  systemProviderOrgNo: string;
  systemUserOwnerOrgNo: string;
  externalRef?: string;
}

/** Maskinporten's own client for the lookup (a stable id so Altinn's journal reads the same every run). */
const LOOKUP_CLIENT_ID = stableUuid('maskinporten:altinn-systemuser-lookup');

export class SystemUserLookup {
  private token: { value: Promise<string>; refreshAt: number } | null = null;

  constructor(
    private readonly ctx: MaskinportenContext,
    private readonly keys: KeyRing,
    private readonly issuer: string,
  ) {}

  /** The system user, or null when Altinn has none for the query. */
  async find(query: SystemUserQuery): Promise<SystemUserDto | null> {
    let res = await this.ask(query);
    if (res.status === 401) {
      // Altinn may not know our current key yet (a rotation): try once with a fresh token.
      this.forgetToken();
      res = await this.ask(query);
    }
    if (res.status === 404) return null;
    const where = `Altinn answered GET byExternalId with HTTP ${res.status}`;
    if (res.status >= 500) throw new OAuthError(GRANT.altinnUnavailable, where);
    if (res.status !== 200) throw new OAuthError(GRANT.altinnUnexpected, `${where}; check that Altinn accepts Maskinporten's token (${this.issuer}jwk)`);
    const dto = systemUserDto.safeParse(await res.json().catch(() => undefined));
    if (!dto.success) throw new OAuthError(GRANT.altinnUnexpected, `Altinn's byExternalId answer is not a SystemUserExternalDTO: ${z.prettifyError(dto.error)}`);
    return dto.data.isDeleted ? null : dto.data;
  }

  /** Drops the cached token (after a key rotation or a reset). */
  forgetToken(): void {
    this.token = null;
  }

  private async ask(query: SystemUserQuery): Promise<Response> {
    const url = new URL('/authentication/api/v1/systemuser/byExternalId', this.ctx.config.urls.altinn);
    url.searchParams.set('clientId', query.clientId);
    url.searchParams.set('systemProviderOrgNo', query.systemProviderOrgNo);
    url.searchParams.set('systemUserOwnerOrgNo', query.systemUserOwnerOrgNo);
    url.searchParams.set('externalRef', query.externalRef ?? '');
    try {
      return await this.ctx.fetch(url, { headers: { authorization: `Bearer ${await this.bearer()}`, accept: 'application/json' } });
    } catch (err) {
      if (err instanceof UpstreamError) throw new OAuthError(GRANT.altinnUnavailable, `Altinn did not answer: ${err.message}`);
      throw err;
    }
  }

  /** The cached token; concurrent requests share one being made. */
  private bearer(): Promise<string> {
    const now = this.ctx.clock.nowSeconds();
    if (this.token && this.token.refreshAt > now) return this.token.value;
    const lifetime = this.ctx.config.maskinporten.defaultTokenLifetimeSeconds;
    const value = issueAccessToken(
      this.keys,
      this.issuer,
      { clientId: LOOKUP_CLIENT_ID, clientAmr: 'private_key_jwt', consumer: ORG.digdir, scopes: [SYSTEMUSER_READ_SCOPE], lifetimeSeconds: lifetime },
      now,
    ).then((issued) => issued.access_token);
    const token = { value, refreshAt: now + Math.floor(lifetime * 0.75) };
    this.token = token;
    value.catch(() => {
      if (this.token === token) this.token = null;
    });
    return value;
  }
}
