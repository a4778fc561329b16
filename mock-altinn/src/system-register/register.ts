// The system register's actions (altinn-authentication.md §2.1): create, replace, rights and
// access-package updates, soft delete, change log. Each checks in the real controller's order and
// throws the real answer; nothing is mutated before every check has passed.
import { randomUUID } from 'node:crypto';
import { AltinnValidationProblem, ModelStateProblem, PlainResult } from '../problems.js';
import type { AltinnState } from '../state.js';
import type { RegisteredSystem, Right, SystemChangeType } from './model.js';
import {
  accessPackageErrors,
  isAllowedRedirectUrl,
  newSystemErrors,
  PATH,
  replacedClientIdErrors,
  rightsErrors,
  vendorOrgNoOf,
  vld,
} from './validation.js';

/** The caller as the register sees it: the token's consumer org, the admin scope, its client_id. */
export interface Caller {
  orgNo?: string;
  admin: boolean;
  clientId?: string;
}

type Editable = 'name' | 'description' | 'rights' | 'accessPackages' | 'clientId' | 'isVisible' | 'allowedRedirectUrls';

/** RegisterSystemRequest, after binding and trimming. */
export type SystemBody = { id: string; vendor: { ID: string } } & Pick<RegisteredSystem, Editable>;

/** The members a vendor sets, on create and on a whole replace. */
const editable = (body: SystemBody): Pick<RegisteredSystem, Editable> => ({
  name: body.name,
  description: body.description,
  rights: body.rights,
  accessPackages: body.accessPackages,
  clientId: body.clientId,
  isVisible: body.isVisible,
  allowedRedirectUrls: body.allowedRedirectUrls,
});

/** HasWriteAccess: the system's vendor, or anyone with the admin scope. */
const mayWrite = (caller: Caller, vendorOrgNo: string) => caller.admin || caller.orgNo === vendorOrgNo;

export const findSystem = (s: Readonly<AltinnState>, systemId: string) => s.systems.find((sys) => sys.id === systemId);

function log(s: AltinnState, system: RegisteredSystem, caller: Caller, changeType: SystemChangeType, changedData: unknown, now: string): void {
  s.systemChangeLog.push({
    systemInternalId: system.internalId,
    ...(caller.orgNo ? { changedByOrgNumber: caller.orgNo } : {}),
    changeType,
    ...(changedData !== undefined ? { changedData } : {}),
    ...(caller.clientId ? { clientId: caller.clientId } : {}),
    created: now,
  });
}

/**
 * Create, checks only: VLD-00000 alone first, then every other rule collected, then 403 for a
 * caller that does not own `vendor.ID`, then 400 with the collected errors.
 */
export function checkNewSystem(s: Readonly<AltinnState>, body: SystemBody, caller: Caller): void {
  const vendorOrgNo = vendorOrgNoOf(body.vendor.ID);
  if (!vendorOrgNo) throw new AltinnValidationProblem([vld('AUTH.VLD-00000', PATH.vendorId)]);
  const errors = [
    ...newSystemErrors(s, { ...body, vendorOrgNo }),
    ...rightsErrors(s, body.rights),
    ...accessPackageErrors(body.accessPackages, body.isVisible),
  ];
  if (!mayWrite(caller, vendorOrgNo)) throw new PlainResult(403);
  if (errors.length) throw new AltinnValidationProblem(errors);
}

/**
 * Create, the write: returns the internal GUID. A system id taken since the checks ran (another
 * create won the race) is the database's unique-key conflict: 409 with a plain string.
 */
export function insertSystem(s: AltinnState, body: SystemBody, caller: Caller, now: string): string {
  if (findSystem(s, body.id)) throw new PlainResult(409, `The System already exist: ${body.id}`);
  const system: RegisteredSystem = {
    id: body.id,
    internalId: randomUUID(),
    vendorOrgNo: vendorOrgNoOf(body.vendor.ID)!,
    ...editable(body),
    isDeleted: false,
    created: now,
    lastChanged: now,
  };
  s.systems.push(system);
  log(s, system, caller, 'create', body, now);
  return system.internalId;
}

/** A system the caller may read or change; `missing` is what an unknown id answers. */
function ownedSystem(s: Readonly<AltinnState>, systemId: string, caller: Caller, missing: Error): RegisteredSystem {
  const system = findSystem(s, systemId);
  if (!system) throw missing;
  if (!mayWrite(caller, system.vendorOrgNo)) throw new PlainResult(403);
  return system;
}

/** `GET vendor/{systemId}`: soft-deleted systems too, as the real query ignores `is_deleted`. */
export const systemForVendor = (s: Readonly<AltinnState>, systemId: string, caller: Caller) =>
  ownedSystem(s, systemId, caller, new PlainResult(404));

const notFoundText = (systemId: string) => new PlainResult(404, `System with ID '${systemId}' not found.`);
const deletedText = () => new PlainResult(400, 'Cannot update a system marked as deleted.');

/**
 * Whole replace. The owner check comes before comparing the body's vendor (so a stranger cannot
 * probe vendor ids). Unlike the real PUT, redirect URLs are checked here as on create (VLD-00005).
 */
export function replaceSystem(s: AltinnState, systemId: string, body: SystemBody, caller: Caller, now: string): void {
  const system = ownedSystem(s, systemId, caller, notFoundText(systemId));
  if (body.vendor.ID !== `0192:${system.vendorOrgNo}`) throw notFoundText(systemId);
  if (body.id !== systemId) throw new AltinnValidationProblem([vld('AUTH.VLD-00012', PATH.systemId)]);
  if (system.isDeleted) throw deletedText();
  const errors = [
    ...rightsErrors(s, body.rights),
    ...accessPackageErrors(body.accessPackages, body.isVisible),
    ...replacedClientIdErrors(s, system, body.clientId),
    ...(body.allowedRedirectUrls.every(isAllowedRedirectUrl) ? [] : [vld('AUTH.VLD-00005', PATH.redirectUrls)]),
  ];
  if (errors.length) throw new AltinnValidationProblem(errors);
  Object.assign(system, { ...editable(body), lastChanged: now });
  log(s, system, caller, 'update', body, now);
}

/**
 * `PUT …/rights` and `PUT …/accesspackages`. The real ones dereference an unknown system and most
 * likely answer 500; here an unknown system is 404 with an empty body.
 */
export function replaceRights(s: AltinnState, systemId: string, rights: Right[], caller: Caller, now: string): void {
  const system = ownedSystem(s, systemId, caller, new PlainResult(404));
  if (system.isDeleted) throw deletedText();
  const errors = rightsErrors(s, rights);
  if (errors.length) throw new AltinnValidationProblem(errors);
  system.rights = rights;
  system.lastChanged = now;
  log(s, system, caller, 'rightsupdate', rights, now);
}

export function replaceAccessPackages(s: AltinnState, systemId: string, packages: { urn: string }[], caller: Caller, now: string): void {
  const system = ownedSystem(s, systemId, caller, new PlainResult(404));
  if (system.isDeleted) throw deletedText();
  const errors = accessPackageErrors(packages, system.isVisible);
  if (errors.length) throw new AltinnValidationProblem(errors);
  system.accessPackages = packages;
  system.lastChanged = now;
  log(s, system, caller, 'accesspackageupdate', packages, now);
}

/**
 * Soft delete; the client ids are released for other systems. The real repository reports
 * success only when it also removed at least one client-id row, so a system without client ids
 * (or one already deleted) cannot be deleted: 400 with an empty body, nothing changed.
 */
export function deleteSystem(s: AltinnState, systemId: string, caller: Caller, now: string): void {
  const system = ownedSystem(s, systemId, caller, new ModelStateProblem({ return: ['System not found'] }));
  if (system.clientId.length === 0) throw new PlainResult(400);
  system.isDeleted = true;
  system.clientId = [];
  system.lastChanged = now;
  log(s, system, caller, 'delete', undefined, now);
}

export function changeLog(s: Readonly<AltinnState>, systemId: string, caller: Caller) {
  const system = ownedSystem(s, systemId, caller, new PlainResult(404, `System with ID ${systemId} not found.`));
  return s.systemChangeLog.filter((e) => e.systemInternalId === system.internalId);
}
