// The register (Enhetsregisteret/Folkeregisteret as Altinn sees them): parties and ER roles.
import type { ErRoleCode, UnitType } from '@testbed/common/world';

export interface OrgParty {
  type: 'Organisation';
  partyId: number;
  partyUuid: string;
  orgNo: string;
  name: string;
  unitType: UnitType;
  orgCode?: string;
}

export interface PersonParty {
  type: 'Person';
  partyId: number;
  partyUuid: string;
  pid: string;
  name: string;
  userId: number;
}

export type Party = OrgParty | PersonParty;

/** `holder` (a pid or an org number) has `role` for `org` in Enhetsregisteret. */
export interface ErRole {
  org: string;
  holder: string;
  role: ErRoleCode;
}

export interface RegisterState {
  parties: Party[];
  erRoles: ErRole[];
}
