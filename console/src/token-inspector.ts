// The token decoder: shows a JWT's header and payload and checks it against the issuer it names
// (Maskinporten's /jwk, Altinn's OpenID JWKS, or ID-porten's), on the test-bed clock.
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { altinnIssuer, idportenIssuer, maskinportenIssuer, type TestbedConfig } from '@testbed/common/config';
import type { ServiceContext } from '@testbed/common/context';
import { remoteKeys, TokenError, verifyToken } from '@testbed/common/jwt';

export interface Inspection {
  header?: Record<string, unknown>;
  payload?: Record<string, unknown>;
  issuerName?: string;
  valid: boolean;
  /** Message key of the verdict, with values. */
  verdict: string;
  values: Record<string, string>;
  expiresIn?: number;
}

export class TokenInspector {
  private readonly keys: Map<string, { name: string; keys: ReturnType<typeof remoteKeys> }>;

  constructor(private readonly ctx: ServiceContext<object>) {
    const config: TestbedConfig = ctx.config;
    this.keys = new Map([
      [maskinportenIssuer(config), { name: 'Maskinporten', keys: remoteKeys(`${config.urls.maskinporten}/jwk`, ctx.fetch) }],
      [altinnIssuer(config), { name: 'Altinn', keys: remoteKeys(`${config.urls.altinn}/authentication/api/v1/openid/.well-known/openid-configuration/jwks`, ctx.fetch) }],
    ]);
    this.idporten = idportenIssuer(config);
  }

  private readonly idporten: string;

  /** ID-porten's keys are found through its discovery document. */
  private async idportenKeys() {
    const res = await this.ctx.fetch(`${this.idporten}/.well-known/openid-configuration`, { timeoutMs: 2000 });
    const { jwks_uri } = (await res.json()) as { jwks_uri: string };
    return remoteKeys(jwks_uri, this.ctx.fetch);
  }

  async inspect(token: string): Promise<Inspection> {
    let header: Record<string, unknown>;
    let payload: Record<string, unknown>;
    try {
      header = decodeProtectedHeader(token) as Record<string, unknown>;
      payload = decodeJwt(token) as Record<string, unknown>;
    } catch {
      return { valid: false, verdict: 'token.malformed', values: {} };
    }
    const iss = String(payload.iss ?? '');
    const known = this.keys.get(iss);
    const expiresIn = typeof payload.exp === 'number' ? payload.exp - this.ctx.clock.nowSeconds() : undefined;
    const base = { header, payload, ...(expiresIn !== undefined ? { expiresIn } : {}) };
    if (!known && iss !== this.idporten) return { ...base, valid: false, verdict: 'token.unknownIssuer', values: { iss } };
    const issuerName = known?.name ?? 'ID-porten';
    try {
      const keys = known?.keys ?? (await this.idportenKeys());
      await verifyToken(token, keys, { issuer: iss, clock: this.ctx.clock });
      return { ...base, issuerName, valid: true, verdict: 'token.valid', values: { issuer: issuerName } };
    } catch (err) {
      const problem = err instanceof TokenError ? err.problem : 'keys_unavailable';
      return { ...base, issuerName, valid: false, verdict: `token.problem.${problem}`, values: { issuer: issuerName } };
    }
  }
}
