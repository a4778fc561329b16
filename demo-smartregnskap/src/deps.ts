// What SmartRegnskap's areas get from the service: state and plumbing, Maskinporten tokens, and the
// clients of the APIs it calls. Areas export `…Routes(deps)` routers that service.ts mounts.
import type { AltinnVendorApi } from './altinn-client.js';
import type { ClientDelegationApi } from './clients/facade.js';
import type { IdportenLogin } from './clients/login.js';
import type { TokenBroker } from './maskinporten.js';
import type { AccessRequests } from './onboarding/access-request.js';
import type { KravOgBetalingerApi } from './skatteetaten-client.js';
import type { SetupRecord, SmartRegnskapContext } from './state.js';

export interface SmartRegnskapDeps {
  ctx: SmartRegnskapContext;
  tokens: TokenBroker;
  altinn: AltinnVendorApi;
  krav: KravOgBetalingerApi;
  requests: AccessRequests;
  login: IdportenLogin;
  facade: ClientDelegationApi;
  setup(): Promise<SetupRecord | null>;
  /** Runs the vendor setup in this service (control plane and the vendor page). */
  runSetup(): Promise<SetupRecord>;
}
