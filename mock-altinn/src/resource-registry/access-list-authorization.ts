// Access-list authorization: for a resource with `accessListMode: Enabled`, only organisations on
// an access list connected to the resource may use it (for the connected actions; none = all).
// The PDP turns a Permit into Deny without it; the delegation check refuses with AUTH-00069.
import type { RegisterState } from '../register/model.js';
import { orgByNo } from '../register/parties.js';
import type { ResourceRegistryState, ServiceResource } from './model.js';

type State = Readonly<RegisterState & ResourceRegistryState>;

export const requiresAccessList = (resource: ServiceResource | undefined): boolean => resource?.accessListMode === 'Enabled';

/** Is the organisation on a list connected to the resource for the action (any action when omitted)? */
export function onAccessList(s: State, resourceId: string, orgNo: string, action?: string): boolean {
  const partyUuid = orgByNo(s, orgNo)?.partyUuid;
  if (!partyUuid) return false;
  return s.accessLists.some(
    (list) =>
      list.members.some((m) => m.partyUuid === partyUuid) &&
      list.resourceConnections.some(
        (c) => c.resource === resourceId && (action === undefined || c.actions.length === 0 || c.actions.includes(action)),
      ),
  );
}
