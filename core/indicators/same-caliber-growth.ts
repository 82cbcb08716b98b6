import type { GrowthCoverage } from '../../schemas/report.js';
import { Decimal, growthPercent, toYuan } from '../money.js';

/**
 * Accumulates same-caliber (同口径) growth: Σ current / Σ base − 1 over the enterprises
 * that have a base. A pair without a base is kept out of both sums and its enterprise
 * is listed as excluded, so the figure never compares different sets of enterprises.
 *
 * For a year-to-date accumulator the unit is an (enterprise, month) pair: `counted` is
 * the number of distinct enterprises with at least one pair in the sums, `excluded`
 * the distinct enterprises with at least one pair left out. An enterprise that lacks a
 * base for only some months is therefore in both: its based months count, the others
 * are listed so the office knows whose base is missing.
 */
export class SameCaliberGrowth {
  #current = new Decimal(0);
  #base = new Decimal(0);
  readonly #counted = new Set<string>();
  readonly #excluded = new Set<string>();

  /** `base` null = no base for this enterprise and month; "0" = a new plant, which counts. */
  add(uscc: string, current: Decimal, base: Decimal | null): void {
    if (base === null) {
      this.#excluded.add(uscc);
      return;
    }
    this.#counted.add(uscc);
    this.#current = this.#current.plus(current);
    this.#base = this.#base.plus(base);
  }

  /** Adds another accumulator's pairs: how a month's pairs join the year to date. */
  absorb(other: SameCaliberGrowth): void {
    this.#current = this.#current.plus(other.#current);
    this.#base = this.#base.plus(other.#base);
    for (const uscc of other.#counted) this.#counted.add(uscc);
    for (const uscc of other.#excluded) this.#excluded.add(uscc);
  }

  /** Growth in %, half-up to 2 decimals; null when nothing was counted or the base sums to 0. */
  percent(): number | null {
    return this.#counted.size === 0 ? null : growthPercent(this.#current, this.#base);
  }

  coverage(): GrowthCoverage {
    return {
      counted: this.#counted.size,
      excluded: [...this.#excluded].sort(),
      current: toYuan(this.#current),
      base: toYuan(this.#base),
    };
  }
}
