// What every mock-altinn area gets from the service: state and plumbing, the token issuer and the
// token verifier. Areas export `…Routes(deps)` routers that service.ts mounts.
import type { ServiceContext } from '@testbed/common/context';
import type { AltinnTokenIssuer } from './auth/issuer.js';
import type { TokenVerifier } from './auth/verify.js';
import type { AltinnState } from './state.js';

export interface AltinnDeps {
  ctx: ServiceContext<AltinnState>;
  issuer: AltinnTokenIssuer;
  verifier: TokenVerifier;
}
