// The system register's validation rules (altinn-authentication.md §2.3): each rule gives an
// AUTH.VLD code with one of the fixed `paths`, and the checks run in the real order so a body with
// several faults gets the same list of errors as from the real API.
import { findPackage, PACKAGE_URN_PREFIX } from '../access-management/packages.js';
import type { ValidationError } from '../problems.js';
import type { ResourceRegistryState } from '../resource-registry/model.js';
import type { RegisteredSystem, Right, SystemRegisterState } from './model.js';

export const PATH = {
  vendorId: '/registersystemrequest/vendor/id',
  systemId: '/registersystemrequest/systemid',
  redirectUrls: '/registersystemrequest/allowedredirecturls',
  clientId: '/registersystemrequest/clientid',
  accessPackages: '/registersystemrequest/accesspackages',
  rights: '/registersystemrequest/rights/resource',
} as const;

const TITLES = {
  'AUTH.VLD-00000': 'the org number identifier is not valid ISO6523 identifier',
  'AUTH.VLD-00001': 'The system id does not match the format orgnumber_xxxx...',
  'AUTH.VLD-00002': 'The system id already exists',
  'AUTH.VLD-00003': "One or all the resources in rights is not found in altinn's resource register",
  'AUTH.VLD-00004': 'One of the client id is already tagged with an existing system',
  'AUTH.VLD-00005': 'One or more of the redirect urls format is not valid. The valid format is https://xxx.xx',
  'AUTH.VLD-00006': 'One or more duplicate rights found',
  'AUTH.VLD-00007': 'One or more duplicate access package(s) found',
  'AUTH.VLD-00008': "One or all the accesspackage(s) is not found in altinn's access packages or is not delegable",
  'AUTH.VLD-00009': 'One or more resource id is in wrong format. The valid format is urn:altinn:resource',
  'AUTH.VLD-00011': 'Request contains duplicate client ids',
  'AUTH.VLD-00012': 'The system ID in the request body does not match the system ID in the URL',
  'AUTH.VLD-00013': 'System ID cannot have spaces in id (leading, trailing or in between the id)',
  'AUTH.VLD-00017': 'One or more resources specified in rights is of resource type which is not delegable.',
  'AUTH.VLD-00018': "Access packages meant for system user for client relations can't be used in combination with the flag isVisible: true",
} as const;

export type SystemRegisterVld = keyof typeof TITLES;

export const vld = (code: SystemRegisterVld, path: string, extensions: Record<string, string> = {}): ValidationError => ({
  code,
  title: TITLES[code],
  paths: [path],
  ...extensions,
});

export const RESOURCE_ATTRIBUTE = 'urn:altinn:resource';
/** Resource types a system may not ask for (SystemRegisterService's whitelist, inverted). */
const NOT_DELEGABLE_TYPES = new Set(['MaskinportenSchema', 'Altinn2Service', 'Consent']);
const VENDOR_ID = /^0192:(\d{9})$/;

/** The vendor org number of `vendor.ID` ("0192:<orgno>"), or undefined when it is not that form. */
export const vendorOrgNoOf = (vendorId: string): string | undefined => VENDOR_ID.exec(vendorId)?.[1];

/**
 * An allowed redirect URL: absolute https, as the real register demands. Plain http is also taken
 * for loopback hosts (localhost, 127.0.0.1, [::1]) so a vendor can run its app on a laptop; the real
 * register refuses those.
 */
export function isAllowedRedirectUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

const sameIgnoringCase = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Other non-deleted systems that already use one of `clientIds`. */
export const clientIdTaken = (s: Readonly<SystemRegisterState>, clientId: string, except?: string) =>
  s.systems.some((sys) => !sys.isDeleted && sys.internalId !== except && sys.clientId.some((c) => sameIgnoringCase(c, clientId)));

export interface NewSystemFields {
  id: string;
  vendorOrgNo: string;
  clientId: string[];
  allowedRedirectUrls: string[];
}

/** VLD-00013, -00001, -00002, -00005, -00004, in that order (ValidateRegisteredSystem). */
export function newSystemErrors(s: Readonly<SystemRegisterState>, system: NewSystemFields): ValidationError[] {
  const errors: ValidationError[] = [];
  if (/\s/.test(system.id)) errors.push(vld('AUTH.VLD-00013', PATH.systemId));
  if (!system.id.startsWith(`${system.vendorOrgNo}_`)) errors.push(vld('AUTH.VLD-00001', PATH.systemId));
  if (s.systems.some((sys) => sys.id === system.id)) errors.push(vld('AUTH.VLD-00002', PATH.systemId));
  if (!system.allowedRedirectUrls.every(isAllowedRedirectUrl)) errors.push(vld('AUTH.VLD-00005', PATH.redirectUrls));
  if (system.clientId.some((c) => clientIdTaken(s, c))) errors.push(vld('AUTH.VLD-00004', PATH.clientId));
  return errors;
}

/** On a whole replace: VLD-00011 for duplicates in the body, VLD-00004 for each id another system uses. */
export function replacedClientIdErrors(s: Readonly<SystemRegisterState>, system: RegisteredSystem, clientIds: string[]): ValidationError[] {
  const errors: ValidationError[] = [];
  if (new Set(clientIds.map((c) => c.toLowerCase())).size !== clientIds.length) errors.push(vld('AUTH.VLD-00011', PATH.clientId));
  for (const clientId of clientIds) {
    if (clientIdTaken(s, clientId, system.internalId)) errors.push(vld('AUTH.VLD-00004', PATH.clientId));
  }
  return errors;
}

/** A right's identity: its action and its attribute pairs in any order. */
export const rightKey = (r: Right) =>
  JSON.stringify([r.action ?? null, r.resource.map((p) => `${p.id}\u0000${p.value}`).sort()]);

/** VLD-00009 (attribute id), -00003 (unknown resource), -00017 (resource type), then -00006 (duplicates). */
export function rightsErrors(s: Readonly<ResourceRegistryState>, rights: Right[]): ValidationError[] {
  const badFormat: string[] = [];
  const notFound: string[] = [];
  const notDelegable: string[] = [];
  for (const pair of rights.flatMap((r) => r.resource)) {
    if (pair.id !== RESOURCE_ATTRIBUTE) {
      badFormat.push(pair.id);
      continue;
    }
    const resource = s.resources.find((r) => r.identifier === pair.value);
    if (!resource) notFound.push(pair.value);
    else if (NOT_DELEGABLE_TYPES.has(resource.resourceType)) notDelegable.push(pair.value);
  }
  const errors: ValidationError[] = [];
  const listed = (code: SystemRegisterVld, label: string, items: string[]) => {
    if (items.length) errors.push(vld(code, PATH.rights, { [label]: items.join(' | ') }));
  };
  listed('AUTH.VLD-00009', 'Invalid Resource Id Details : ', badFormat);
  listed('AUTH.VLD-00003', 'ResourceIds Not Found : ', notFound);
  listed('AUTH.VLD-00017', 'ResourceIds Not Delegable : ', notDelegable);
  if (new Set(rights.map(rightKey)).size !== rights.length) errors.push(vld('AUTH.VLD-00006', PATH.rights));
  return errors;
}

/** VLD-00008 (format, unknown, not delegable), -00007 (duplicates), -00018 (client package on a visible system). */
export function accessPackageErrors(packages: { urn: string }[], isVisible: boolean): ValidationError[] {
  const badFormat: string[] = [];
  const notFound: string[] = [];
  const notDelegable: string[] = [];
  let clientPackage = false;
  for (const { urn } of packages) {
    if (urn.split(':').length < 4) {
      badFormat.push(urn);
      continue;
    }
    const pkg = urn.startsWith(PACKAGE_URN_PREFIX) ? findPackage(urn) : undefined;
    if (!pkg) notFound.push(urn);
    else if (!pkg.delegable) notDelegable.push(urn);
    else if (!pkg.assignable) clientPackage = true;
  }
  const errors: ValidationError[] = [];
  const details = [
    badFormat.length ? `Invalid format: ${badFormat.join(', ')}` : '',
    notFound.length ? `Not found: ${notFound.join(', ')}` : '',
    notDelegable.length ? `Not possible to delegate: ${notDelegable.join(', ')}` : '',
  ].filter(Boolean);
  if (details.length) errors.push(vld('AUTH.VLD-00008', PATH.accessPackages, { 'Invalid Urn Details : ': details.join(' | ') }));
  if (new Set(packages.map((p) => p.urn)).size !== packages.length) errors.push(vld('AUTH.VLD-00007', PATH.accessPackages));
  if (isVisible && clientPackage) errors.push(vld('AUTH.VLD-00018', PATH.accessPackages));
  return errors;
}
