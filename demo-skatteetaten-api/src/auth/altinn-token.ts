// An Altinn token for one of Skatteetaten's own purposes: a Maskinporten token with `scope`
// exchanged at Altinn, kept until shortly before its `exp` (Altinn tokens live 30 minutes, far
// longer than Maskinporten's), and fetched once for all callers that need it at the same time.
import type { Clock } from '@testbed/common/clock';
import type { ServiceFetch } from '@testbed/common/http-client';
import { exchangeForAltinnToken, type MaskinportenClient } from '@testbed/common/maskinporten-client';
import { decodeJwt } from 'jose';

export interface AltinnTokenOptions {
  scope: string;
  client: () => Promise<MaskinportenClient>;
  fetch: ServiceFetch;
  altinnUrl: string;
  clock: Clock;
  refreshMarginSeconds?: number;
}

export class AltinnTokenSource {
  private cached: { token: string; expiresAt: number } | null = null;
  private pending: Promise<string> | null = null;

  constructor(private readonly options: AltinnTokenOptions) {}

  async token(): Promise<string> {
    const margin = (this.options.refreshMarginSeconds ?? 60) * 1000;
    if (this.cached && this.cached.expiresAt - margin > this.options.clock.now()) return this.cached.token;
    this.pending ??= this.exchange().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  /** Forgets the token (after Altinn refused it, or a reset). */
  clear(): void {
    this.cached = null;
  }

  private async exchange(): Promise<string> {
    const { scope, client, fetch, altinnUrl } = this.options;
    const maskinporten = await (await client()).token({ scope });
    const token = await exchangeForAltinnToken(fetch, altinnUrl, maskinporten.access_token);
    let exp: unknown;
    try {
      exp = decodeJwt(token).exp;
    } catch {
      throw new Error('Altinn token exchange answered with something that is not a JWT');
    }
    if (typeof exp !== 'number') throw new Error('The exchanged Altinn token has no exp claim');
    this.cached = { token, expiresAt: exp * 1000 };
    return token;
  }
}
