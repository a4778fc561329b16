// Finding resources and their policies in the registry's state.
import type { ResourceRegistryState, ServiceResource, StoredPolicy } from './model.js';

type State = Readonly<ResourceRegistryState>;

export const resourceById = (s: State, id: string): ServiceResource | undefined => s.resources.find((r) => r.identifier === id);

export const policyOf = (s: State, id: string): StoredPolicy | undefined => s.policies.find((p) => p.resourceId === id);
