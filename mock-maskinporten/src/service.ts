// mock-maskinporten: Maskinporten (token endpoint, discovery, JWKS, self-service API) and
// ID-porten (an OIDC provider under /idporten). This file wires modules to routes, nothing else.
import type { TestbedConfig } from '@testbed/common/config';
import type { ServiceInstance } from '@testbed/common/service';

export async function createMaskinporten(config: TestbedConfig): Promise<ServiceInstance> {
  throw new Error(`not built yet (${config.urls.maskinporten})`);
}
