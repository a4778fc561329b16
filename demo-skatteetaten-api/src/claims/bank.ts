// Norwegian bank account numbers (11 digits, mod-11 check digit) and their IBAN, for Skatteetaten's
// collection accounts and the organisations' own accounts.
import type { SeededRandom } from './random.js';

const ACCOUNT_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

/** Completes a 10-digit prefix with its mod-11 check digit; null when none exists (remainder 1). */
export function withAccountCheckDigit(prefix10: string): string | null {
  const sum = ACCOUNT_WEIGHTS.reduce((acc, w, i) => acc + w * Number(prefix10[i]), 0);
  const check = 11 - (sum % 11);
  if (check === 10) return null;
  return `${prefix10}${check === 11 ? 0 : check}`;
}

export const isValidAccountNumber = (value: string): boolean =>
  /^\d{11}$/.test(value) && withAccountCheckDigit(value.slice(0, 10)) === value;

/** The IBAN of a Norwegian account, printed as in Skatteetaten's examples: `NO42 6345 06 24804`. */
export function ibanOf(kontonummer: string): string {
  // ISO 13616: move "NO00" to the end, letters as numbers (N = 23, O = 24), check = 98 − mod 97.
  const check = 98n - (BigInt(`${kontonummer}232400`) % 97n);
  return `NO${String(check).padStart(2, '0')} ${kontonummer.slice(0, 4)} ${kontonummer.slice(4, 6)} ${kontonummer.slice(6)}`;
}

/** A payer's account as Skatteetaten shows it to third parties: only the last five digits. */
export const maskAccount = (kontonummer: string): string => `******${kontonummer.slice(-5)}`;

/** A valid account number drawn from `random` (an organisation's own account). */
export function randomAccountNumber(random: SeededRandom): string {
  for (;;) {
    const prefix = `${random.int(1000, 9999)}${String(random.int(0, 999_999)).padStart(6, '0')}`;
    const account = withAccountCheckDigit(prefix);
    if (account) return account;
  }
}
