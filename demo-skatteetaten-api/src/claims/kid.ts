// KID numbers (kundeidentifikasjon) as Norwegian banks validate them: the last digit is the MOD10
// (Luhn) check digit over the digits before it. A vendor's payment file with a wrong KID is
// rejected by the bank, so the test-bed must never hand one out.

/** The MOD10 (Luhn) check digit of `digits`: every second digit from the right doubled. */
export function mod10CheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const digit = Number(digits[digits.length - 1 - i]);
    const weighted = i % 2 === 0 ? digit * 2 : digit;
    sum += weighted > 9 ? weighted - 9 : weighted;
  }
  return (10 - (sum % 10)) % 10;
}

export const withKidCheckDigit = (base: string): string => `${base}${mod10CheckDigit(base)}`;

/** A KID is 2–25 digits whose last digit is the MOD10 check digit of the rest. */
export function isValidKid(kid: string): boolean {
  if (!/^\d{2,25}$/.test(kid)) return false;
  return mod10CheckDigit(kid.slice(0, -1)) === Number(kid.slice(-1));
}
