// Altinn's own token issuer (`…/authentication/api/v1/openid/`): exchanged tokens are signed here.
// Header as Altinn's: {alg, kid: SHA-1 thumbprint in upper-case hex, x5t, typ: "JWT"}.
import { altinnIssuer, type TestbedConfig } from '@testbed/common/config';
import type { Clock } from '@testbed/common/clock';
import { KeyRing } from '@testbed/common/keys';

export const OPENID_BASE = '/authentication/api/v1/openid';

export class AltinnTokenIssuer {
  private constructor(
    readonly issuer: string,
    readonly keys: KeyRing,
    private readonly config: TestbedConfig,
  ) {}

  static async open(config: TestbedConfig, clock: Clock): Promise<AltinnTokenIssuer> {
    const keys = await KeyRing.open(config.dataDir, 'altinn', {
      bits: config.rsaBits,
      now: () => clock.now(),
      kidFormat: 'sha1-hex',
      header: ({ kid, x5t }) => ({ alg: 'RS256', kid, x5t, typ: 'JWT' }),
      publish: { use: 'sig' },
    });
    return new AltinnTokenIssuer(altinnIssuer(config), keys, config);
  }

  openidConfiguration() {
    return {
      issuer: this.issuer,
      jwks_uri: `${this.config.urls.altinn}${OPENID_BASE}/.well-known/openid-configuration/jwks`,
      token_endpoint: `${this.config.urls.altinn}/authentication/api/v1/exchange/{tokenProvider}`,
      response_types_supported: ['token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
    };
  }

  /** Published keys; a rotated key stays for 48 h, like Altinn's certificate rollover. */
  jwks() {
    return this.keys.jwks(48 * 3600);
  }

  sign(claims: object): Promise<string> {
    return this.keys.sign(claims);
  }
}
