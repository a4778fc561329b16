import { describe, expect, it } from 'vitest';
import {
  fnrProblem,
  isSyntheticTenorFnr,
  isValidFnr,
  isValidOrgNo,
  iso6523,
  makeSyntheticFnr,
  orgNoFromIso6523,
  orgNoProblem,
  stableUuid,
  withOrgNoCheckDigit,
} from '../src/identifiers.js';
import { WORLD, KRAV_OG_BETALINGER_TEST_ENKS } from '../src/world.js';

describe('organisation numbers', () => {
  it('accepts the numbers the reference lists as valid', () => {
    for (const n of ['923609016', '314168267', '310904473', '974761076', '991825827', '310000019', '310000027', '310000035', '312000008', '313000001']) {
      expect(isValidOrgNo(n), n).toBe(true);
    }
  });
  it('computes the check digit of the worked example 31000001x', () => {
    expect(withOrgNoCheckDigit('31000001')).toBe('310000019');
  });
  it('says why a number is invalid', () => {
    expect(orgNoProblem('310000018')).toBe('checksum');
    expect(orgNoProblem('31000001')).toBe('format');
    expect(orgNoProblem('31000001a')).toBe('format');
    expect(orgNoProblem(310000019)).toBe('format');
  });
  it('has no valid check digit when the remainder is 1', () => {
    expect(withOrgNoCheckDigit('31000006')).toBeNull();
  });
});

describe('fødselsnummer', () => {
  it('checks both check digits', () => {
    const fnr = makeSyntheticFnr(12, 3, 78, 490);
    expect(isValidFnr(fnr)).toBe(true);
    const wrongFirst = fnr.slice(0, 9) + ((Number(fnr[9]) + 1) % 10) + fnr[10];
    expect(fnrProblem(wrongFirst)).toBe('checksum');
    expect(fnrProblem('1234')).toBe('format');
  });
  it('recognises synthetic Tenor persons by month + 80 only', () => {
    expect(isSyntheticTenorFnr(makeSyntheticFnr(1, 1, 90))).toBe(true);
    // An ordinary number (month 03) with valid check digits is not synthetic.
    expect(isSyntheticTenorFnr('01010012356')).toBe(false);
    expect(isSyntheticTenorFnr('not-a-number')).toBe(false);
  });
});

describe('ISO 6523', () => {
  it('writes upper-case ID with the 0192 prefix', () => {
    expect(iso6523('310000019')).toEqual({ authority: 'iso6523-actorid-upis', ID: '0192:310000019' });
  });
  it('reads ID or id but requires the authority and 0192', () => {
    expect(orgNoFromIso6523({ authority: 'iso6523-actorid-upis', id: '0192:310000019' })).toBe('310000019');
    expect(orgNoFromIso6523({ authority: 'other', ID: '0192:310000019' })).toBeNull();
    expect(orgNoFromIso6523({ authority: 'iso6523-actorid-upis', ID: '0088:310000019' })).toBeNull();
  });
});

describe('the seeded world', () => {
  it('has only valid organisation numbers and synthetic persons', () => {
    for (const o of WORLD.orgs) expect(isValidOrgNo(o.orgNo), o.name).toBe(true);
    for (const p of WORLD.persons) expect(isSyntheticTenorFnr(p.pid), p.name).toBe(true);
    for (const n of KRAV_OG_BETALINGER_TEST_ENKS) expect(isValidOrgNo(n)).toBe(true);
  });
  it('has unique party ids and uuids, and roles that point at known parties', () => {
    const parties = [...WORLD.orgs, ...WORLD.persons];
    expect(new Set(parties.map((p) => p.partyId)).size).toBe(parties.length);
    expect(new Set(parties.map((p) => p.partyUuid)).size).toBe(parties.length);
    const known = new Set([...WORLD.orgs.map((o) => o.orgNo), ...WORLD.persons.map((p) => p.pid)]);
    for (const r of WORLD.erRoles) {
      expect(known.has(r.org) && known.has(r.holder), JSON.stringify(r)).toBe(true);
    }
  });
  it('derives stable uuids', () => {
    expect(stableUuid('x')).toBe(stableUuid('x'));
    expect(stableUuid('x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
