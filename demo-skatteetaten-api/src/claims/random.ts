// Seeded randomness. Every value in a ledger comes from a generator seeded by a name (the org
// number plus what is being generated), so the data is the same on every run and machine, and one
// claim's values do not shift when another claim appears in or leaves the ledger.
import { createHash } from 'node:crypto';

const digest = (name: string) => createHash('sha256').update(`krav-og-betalinger:${name}`).digest();

/** mulberry32: small, fast and identical everywhere, unlike Math.random. */
export class SeededRandom {
  private state: number;

  constructor(seed: string) {
    this.state = digest(seed).readUInt32BE(0);
  }

  /** A uniform number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }
}

/** A number of `digits` digits without a leading zero, derived from a name (ids, reference numbers). */
export function stableDigits(name: string, digits: number): string {
  const low = 10n ** BigInt(digits - 1);
  const value = BigInt(`0x${digest(name).toString('hex')}`) % (9n * low);
  return String(value + low);
}
