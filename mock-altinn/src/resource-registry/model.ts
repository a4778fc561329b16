// The resource registry's records (authorization.md §2): ServiceResource and its parsed policy.
import type { Policy } from '../authorization/policy.js';

export type Lang3 = { nb: string; nn: string; en: string };

export const RESOURCE_TYPES = [
  'Default',
  'Systemresource',
  'MaskinportenSchema',
  'Altinn2Service',
  'AltinnApp',
  'GenericAccessResource',
  'BrokerService',
  'CorrespondenceService',
  'Consent',
  'MigratedApp',
] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

export interface ServiceResource {
  identifier: string;
  version?: string;
  title: Lang3;
  description: Lang3;
  rightDescription?: Lang3;
  homepage?: string;
  status?: string;
  spatial?: string[];
  produces?: string[];
  thematicAreas?: string[];
  isPartOf?: string;
  contactPoints: { category: string; email: string; telephone: string; contactPage: string }[];
  resourceReferences?: { referenceSource: string; reference: string; referenceType: string }[];
  delegable: boolean;
  visible: boolean;
  hasCompetentAuthority: { organization: string; orgcode: string; name?: Lang3 };
  keywords?: { word: string; language: string }[];
  accessListMode?: 'Disabled' | 'Enabled';
  selfIdentifiedUserEnabled?: boolean;
  enterpriseUserEnabled?: boolean;
  resourceType: ResourceType;
  availableForType?: string[];
  authorizationReference?: { id: string; value: string }[];
  isOneTimeConsent?: boolean;
  versionId?: number;
}

export interface StoredPolicy {
  resourceId: string;
  xml: string;
  policy: Policy;
  uploaded: string;
}

/** An access list member: an organisation, by party uuid, and when it was added. */
export interface AccessListMember {
  partyUuid: string;
  since: string;
}

/** A resource the list gates, for the given actions (none = every action). */
export interface AccessListConnection {
  resource: string;
  actions: string[];
  created: string;
  updated: string;
}

/** An access list of a resource owner (`owner` = its org code, as `skd`). */
export interface AccessList {
  id: string;
  owner: string;
  identifier: string;
  name: string;
  description: string;
  members: AccessListMember[];
  resourceConnections: AccessListConnection[];
  created: string;
  updated: string;
}

export interface ResourceRegistryState {
  resources: ServiceResource[];
  policies: StoredPolicy[];
  accessLists: AccessList[];
}
