// Access management's records: access packages and single rights delegated from an organisation
// to a person, an organisation or a system user, and client delegations to agent system users.

export interface PackageDelegation {
  id: string;
  /** Party uuid of the organisation the access is for (the client, for a client delegation). */
  from: string;
  /** Party uuid of a person or org, or a system user id (system users share the party-uuid space). */
  to: string;
  package: string;
  /** `rettighetshaver`: an ordinary delegation. `agent`: a client delegation to an agent system user. */
  role: 'rettighetshaver' | 'agent';
  /** For client delegations: the facilitator (accounting firm) and the ER role it holds for the client. */
  facilitator?: string;
  facilitatorRole?: string;
  created: string;
}

export interface RightDelegation {
  id: string;
  from: string;
  to: string;
  resource: string;
  actions: string[];
  created: string;
}

export interface AccessState {
  packageDelegations: PackageDelegation[];
  rightDelegations: RightDelegation[];
}
