// The system user as vendors see it (SystemUserExternalDTO, altinn-authentication.md §6.1) and as
// the portal and the client-delegation API see it (SystemUserInternalDTO, with party ids and packages).
import type { OrgParty } from '../register/model.js';
import type { SystemUser } from './model.js';

/** `productName` is "" except on byExternalId, where Maskinporten gets the system id in it. */
export const externalSystemUser = (u: SystemUser, productName = '') => ({
  id: u.id,
  integrationTitle: u.integrationTitle,
  systemId: u.systemId,
  productName,
  reporteeOrgNo: u.reporteeOrgNo,
  created: u.created,
  isDeleted: u.isDeleted,
  supplierName: '',
  supplierOrgno: u.supplierOrgNo,
  externalRef: u.externalRef,
  userType: u.userType,
});

/** `partyId` is a string and `partyUuId` keeps the platform's spelling. */
export const internalSystemUser = (u: SystemUser, owner: OrgParty | undefined) => ({
  id: u.id,
  integrationTitle: u.integrationTitle,
  systemId: u.systemId,
  productName: '',
  systemInternalId: u.systemInternalId,
  partyId: owner ? String(owner.partyId) : undefined,
  partyUuId: u.partyUuid,
  reporteeOrgNo: u.reporteeOrgNo,
  created: u.created,
  lastChanged: u.lastChanged,
  isDeleted: u.isDeleted,
  supplierName: '',
  supplierOrgno: u.supplierOrgNo,
  externalRef: u.externalRef,
  accessPackages: u.accessPackages,
  userType: u.userType,
});
