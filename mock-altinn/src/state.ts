// mock-altinn's state: one document, one section per area, persisted in <dataDir>/altinn.json.
import type { AccessState } from './access-management/model.js';
import type { RegisterState } from './register/model.js';
import type { RequestState } from './requests/model.js';
import type { ResourceRegistryState } from './resource-registry/model.js';
import type { SystemRegisterState } from './system-register/model.js';
import type { SystemUserState } from './system-users/model.js';

export type AltinnState = RegisterState & AccessState & ResourceRegistryState & SystemRegisterState & RequestState & SystemUserState;
