// Party lookups over the register: by org number, fødselsnummer, party id or party uuid.
import type { OrgParty, Party, PersonParty, RegisterState } from './model.js';

export const orgByNo = (s: Readonly<RegisterState>, orgNo: string): OrgParty | undefined =>
  s.parties.find((p): p is OrgParty => p.type === 'Organisation' && p.orgNo === orgNo);

export const personByPid = (s: Readonly<RegisterState>, pid: string): PersonParty | undefined =>
  s.parties.find((p): p is PersonParty => p.type === 'Person' && p.pid === pid);

export const partyById = (s: Readonly<RegisterState>, partyId: number): Party | undefined => s.parties.find((p) => p.partyId === partyId);

export const partyByUuid = (s: Readonly<RegisterState>, uuid: string): Party | undefined =>
  s.parties.find((p) => p.partyUuid.toLowerCase() === uuid.toLowerCase());

/** The key a party is known by in ER roles and world data: org number or fødselsnummer. */
export const partyKey = (p: Party): string => (p.type === 'Organisation' ? p.orgNo : p.pid);
