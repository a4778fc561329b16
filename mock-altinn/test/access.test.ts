import { describe, expect, it } from 'vitest';
import { ORG, PERSON } from '@testbed/common/world';
import { mayManageAccess, packagesFrom, relationTo, orgsManagedBy, erRolesFor } from '../src/access-management/access.js';
import { AREA_LIST, findPackage, PACKAGES } from '../src/access-management/packages.js';
import { ROLE_PACKAGES, ROLE_URN_CODE } from '../src/access-management/roles.js';
import { seedAltinn } from '../src/seed.js';

const s = seedAltinn();

describe('who may manage access', () => {
  it('lets the daglig leder and an access manager approve, not others', () => {
    expect(mayManageAccess(s, PERSON.pia, ORG.rorOgVann)).toBe(true);
    expect(mayManageAccess(s, PERSON.tina, ORG.rorOgVann)).toBe(true);
    expect(mayManageAccess(s, PERSON.emil, ORG.rorOgVann)).toBe(false);
    expect(mayManageAccess(s, PERSON.ola, ORG.rorOgVann)).toBe(false);
    expect(mayManageAccess(s, PERSON.pia, ORG.tallmakerne)).toBe(false);
  });
  it('tells manager, related (may escalate) and none apart', () => {
    expect(relationTo(s, PERSON.pia, ORG.rorOgVann)).toBe('manager');
    expect(relationTo(s, PERSON.emil, ORG.rorOgVann)).toBe('related');
    expect(relationTo(s, PERSON.ola, ORG.rorOgVann)).toBe('none');
    expect(orgsManagedBy(s, PERSON.tone)).toEqual([ORG.tallmakerne]);
  });
});

describe('packages held', () => {
  it('gives a daglig leder the business packages to use and delegate', () => {
    const held = packagesFrom(s, { kind: 'person', pid: PERSON.pia }, ORG.rorOgVann);
    expect(held.find((p) => p.code === 'krav-og-utlegg')).toEqual({ code: 'krav-og-utlegg', canDelegate: true, via: 'role:DAGL' });
    expect(held.some((p) => p.code === 'regnskapsforer-lonn')).toBe(false);
  });
  it('gives the accounting firm the three accountant packages for its clients, not to delegate', () => {
    const held = packagesFrom(s, { kind: 'org', orgNo: ORG.tallmakerne }, ORG.rorOgVann);
    expect(held.map((p) => p.code).sort()).toEqual(['regnskapsforer-lonn', 'regnskapsforer-med-signeringsrettighet', 'regnskapsforer-uten-signeringsrettighet']);
    expect(held.every((p) => !p.canDelegate)).toBe(true);
    expect(packagesFrom(s, { kind: 'org', orgNo: ORG.tallmakerne }, ORG.solbaer).map((p) => p.code)).toEqual(['regnskapsforer-lonn']);
  });
  it('never gives a system user ER roles', () => {
    expect(erRolesFor(s, { kind: 'systemUser', id: '6e7adea4-928e-451b-ab93-d7e453ca6add' }, ORG.rorOgVann)).toEqual([]);
  });
  it('finds packages by urn, urn without urn: and bare code', () => {
    expect(findPackage('urn:altinn:accesspackage:krav-og-utlegg')?.id).toBe('a02fc602-872a-4671-b338-8b86a64b534a');
    expect(findPackage('altinn:accesspackage:krav-og-utlegg')?.code).toBe('krav-og-utlegg');
    expect(findPackage('krav-og-utlegg')?.assignable).toBe(true);
    expect(findPackage('urn:altinn:accesspackage:kravogutlegg')).toBeUndefined();
    expect(findPackage('regnskapsforer-lonn')?.assignable).toBe(false);
    expect(new Set(PACKAGES.map((p) => p.id)).size).toBe(PACKAGES.length);
  });
});

describe('role to package mapping', () => {
  it('gives key roles the General and Industry packages they may use and hand on, about as many as in production', () => {
    const dagl = ROLE_PACKAGES.DAGL.packages;
    expect(dagl.length).toBeGreaterThan(125);
    expect(dagl).toEqual(expect.arrayContaining(['krav-og-utlegg', 'skattegrunnlag', 'jordbruk', 'tilgangsstyrer', 'klientadministrator']));
    expect(dagl).not.toContain('regnskapsforer-lonn');
    expect(dagl).not.toContain('eksplisitt');
    expect(ROLE_PACKAGES.REVI).toEqual({ packages: ['ansvarlig-revisor', 'revisormedarbeider'], canDelegate: false });
    expect(ROLE_URN_CODE).toEqual({ DAGL: 'daglig-leder', LEDE: 'styreleder', INNH: 'innehaver', REGN: 'regnskapsforer', REVI: 'revisor' });
  });
  it('keeps the areas with their fixed ids and groups', () => {
    expect(AREA_LIST.find((a) => a.code === 'fullmakter_for_regnskapsforer')).toMatchObject({ id: '64cbcdc8-01c9-448c-b3d2-eb9582beb3c2', group: 'Special' });
    expect(new Set(AREA_LIST.map((a) => a.group))).toEqual(new Set(['General', 'Industry', 'Special']));
    expect(findPackage('jordbruk')?.name).toEqual({ nb: 'Agriculture', en: 'Agriculture' });
  });
});
