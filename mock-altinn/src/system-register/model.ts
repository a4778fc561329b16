// The system register (altinn-authentication.md §2): systems vendors register, with a change log.

/** A right on a system: attribute pairs naming a resource (`urn:altinn:resource` = id), rarely an action. */
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
  changedByOrgNumber?: string;
  changeType: SystemChangeType;
  /** The body of the change (absent for a delete). */
  changedData?: unknown;
  /** The caller's `client_id` claim. */
  clientId?: string;
  created: string;
}

export interface SystemRegisterState {
  systems: RegisteredSystem[];
  systemChangeLog: SystemChangeLogEntry[];
}
