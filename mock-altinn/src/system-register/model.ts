// The system register (altinn-authentication.md §2): systems vendors register, with a change log.

export interface Right {
  action?: string;
  resource: { id: string; value: string }[];
}

export interface RegisteredSystem {
  /** Human-readable id `<vendorOrgNo>_<name>`. */
  id: string;
  /** Internal GUID, returned on create and in the change log. */
  internalId: string;
  vendorOrgNo: string;
  name: Record<string, string>;
  description: Record<string, string>;
  rights: Right[];
  accessPackages: { urn: string }[];
  clientId: string[];
  isVisible: boolean;
  allowedRedirectUrls: string[];
  isDeleted: boolean;
  created: string;
  lastChanged: string;
}

export type SystemChangeType = 'create' | 'update' | 'rightsupdate' | 'accesspackageupdate' | 'delete' | 'unknown';

export interface SystemChangeLogEntry {
  systemInternalId: string;
  changedByOrgNumber: string;
  changeType: SystemChangeType;
  changedData: unknown;
  clientId?: string;
  created: string;
}

export interface SystemRegisterState {
  systems: RegisteredSystem[];
  systemChangeLog: SystemChangeLogEntry[];
}
