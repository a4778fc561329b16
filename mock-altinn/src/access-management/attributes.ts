// A holder's PDP subject attributes for an organisation: its ER roles as legacy role codes
// (`urn:altinn:rolecode` = DAGL) and the access packages it holds from it as bare codes
// (`urn:altinn:accesspackage` = krav-og-utlegg). System users have packages only.
import { evaluate, policyActions, type Attributes } from '../authorization/policy.js';
import { RESOURCE_ID } from '../authorization/xacml.js';
import type { ResourceRegistryState } from '../resource-registry/model.js';
import type { AltinnState } from '../state.js';
import { erRolesFor, packagesFrom, type Holder } from './access.js';

export const ROLE_CODE = 'urn:altinn:rolecode';
export const ACCESS_PACKAGE = 'urn:altinn:accesspackage';

export const heldAttributes = (s: Readonly<AltinnState>, holder: Holder, orgNo: string): Attributes =>
  new Map([
    [ROLE_CODE, erRolesFor(s, holder, orgNo)],
    [ACCESS_PACKAGE, packagesFrom(s, holder, orgNo).map((p) => p.code)],
  ]);

/** Ids of the registry resources whose policy permits some action to a subject with these attributes. */
export const resourcesPermitting = (s: Readonly<ResourceRegistryState>, subject: Attributes): string[] =>
  s.policies
    .filter(({ resourceId, policy }) => policyActions(policy).some((a) => evaluate(policy, subject, new Map([[RESOURCE_ID, [resourceId]]]), a) === 'Permit'))
    .map((p) => p.resourceId);
