// The seeded world as Altinn knows it: parties, ER roles and the Altinn delegations of the cast.
import { WORLD } from '@testbed/common/world';
import type { PackageDelegation } from './access-management/model.js';
import type { Party } from './register/model.js';
import type { AltinnState } from './state.js';

export function seedAltinn(): AltinnState {
  const parties: Party[] = [
    ...WORLD.orgs.map((o) => ({
      type: 'Organisation' as const,
      partyId: o.partyId,
      partyUuid: o.partyUuid,
      orgNo: o.orgNo,
      name: o.name,
      unitType: o.unitType,
      ...(o.orgCode ? { orgCode: o.orgCode } : {}),
    })),
    ...WORLD.persons.map((p) => ({ type: 'Person' as const, partyId: p.partyId, partyUuid: p.partyUuid, pid: p.pid, name: p.name, userId: p.userId })),
  ];
  const uuidOf = (id: string) => parties.find((p) => (p.type === 'Organisation' ? p.orgNo : p.pid) === id)!.partyUuid;
  const packageDelegations: PackageDelegation[] = WORLD.delegations.flatMap((d, i) =>
    d.packages.map((pkg, j) => ({
      id: `seed-delegation-${i}-${j}`,
      from: uuidOf(d.from),
      to: uuidOf(d.to),
      package: pkg,
      role: 'rettighetshaver' as const,
      created: '2026-01-01T00:00:00.000Z',
    })),
  );
  return {
    parties,
    erRoles: WORLD.erRoles.map((r) => ({ ...r })),
    packageDelegations,
    rightDelegations: [],
    resources: [],
    policies: [],
    accessLists: [],
    systems: [],
    systemChangeLog: [],
    requests: [],
    changeRequests: [],
    systemUsers: [],
    systemUserSequence: 0,
  };
}
