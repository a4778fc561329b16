import { WORLD } from '@testbed/common/world';
import { describe, expect, it } from 'vitest';
import { ibanOf, isValidAccountNumber, maskAccount, withAccountCheckDigit } from '../src/claims/bank.js';
import { buildLedger } from '../src/claims/ledger.js';
import { isValidKid, mod10CheckDigit, withKidCheckDigit } from '../src/claims/kid.js';

describe('KID (MOD10)', () => {
  it('computes the Luhn check digit of known KIDs', () => {
    expect(mod10CheckDigit('123456789')).toBe(7);
    expect(withKidCheckDigit('123456789')).toBe('1234567897');
    expect(withKidCheckDigit('7992739871')).toBe('79927398713');
    expect(withKidCheckDigit('0')).toBe('00');
  });

  it('rejects a KID with a changed digit, swapped neighbours, or the wrong form', () => {
    expect(isValidKid('1234567897')).toBe(true);
    expect(isValidKid('1234567898')).toBe(false);
    expect(isValidKid('1234567807')).toBe(false);
    expect(isValidKid('2134567897')).toBe(false);
    expect(isValidKid('7')).toBe(false);
    expect(isValidKid('12345678901234567890123456')).toBe(false);
    expect(isValidKid('12345-7897')).toBe(false);
  });

  it('gives every instalment of every organisation a valid, unique KID', () => {
    for (const org of WORLD.orgs) {
      const kids = buildLedger(org, '2026-11-25').claims.flatMap((c) => c.forfall.map((f) => f.kid));
      expect(kids.length).toBeGreaterThan(0);
      for (const kid of kids) expect(isValidKid(kid), kid).toBe(true);
      expect(new Set(kids).size).toBe(kids.length);
    }
  });
});

describe('bank accounts', () => {
  it('checks the mod-11 digit of account numbers', () => {
    expect(withAccountCheckDigit('6345062480')).toBe('63450624804');
    expect(isValidAccountNumber('63450624804')).toBe(true);
    expect(isValidAccountNumber('63450624812')).toBe(true);
    expect(isValidAccountNumber('63450624805')).toBe(false);
  });

  it('prints the IBAN as Skatteetaten does and masks a payer account', () => {
    expect(ibanOf('63450624804')).toBe('NO42 6345 06 24804');
    expect(ibanOf('63450624812')).toBe('NO20 6345 06 24812');
    expect(maskAccount('12345643210')).toBe('******43210');
  });

  it('gives every organisation a valid account of its own', () => {
    for (const org of WORLD.orgs) expect(isValidAccountNumber(buildLedger(org, '2026-01-01').account)).toBe(true);
  });
});
