import BigJs from 'big.js';
import type { Yuan } from '../schemas/money.js';

/**
 * Exact decimal arithmetic for amounts in 元. big.js holds every digit; a JavaScript
 * number never enters a sum. Rounding is half-up (四舍五入) and only happens in the
 * presentation helpers below (`roundHalfUp`, `percent`, `formatYi`).
 */
export const Decimal = BigJs();
Decimal.DP = 40;
Decimal.RM = BigJs.roundHalfUp;
export type Decimal = BigJs.Big;

const ZERO = new Decimal(0);

export function decimal(value: Yuan | Decimal): Decimal {
  return typeof value === 'string' ? new Decimal(value) : value;
}

/** Canonical 元 string of an exact decimal: no exponent, no trailing zeros. */
export function toYuan(value: Decimal): Yuan {
  const fixed = value.toFixed();
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

export function sumYuan(values: Iterable<Yuan | Decimal>): Decimal {
  let total = ZERO;
  for (const v of values) total = total.plus(decimal(v));
  return total;
}

/** -1, 0 or 1. */
export function compareYuan(a: Yuan | Decimal, b: Yuan | Decimal): number {
  return decimal(a).cmp(decimal(b));
}

/** Round half-up to `dp` decimals; returns a string with exactly `dp` decimals. */
export function roundHalfUp(value: Decimal, dp: number): string {
  return value.round(dp, BigJs.roundHalfUp).toFixed(dp);
}

/** `numerator / denominator × 100`, half-up to `dp` decimals, as a number for JSON; null when the denominator is 0. */
export function percent(numerator: Decimal, denominator: Decimal, dp = 2): number | null {
  if (denominator.eq(0)) return null;
  return Number(roundHalfUp(numerator.times(100).div(denominator), dp));
}

/** Growth `current / base − 1` in %, half-up to `dp` decimals; null when the base is 0. */
export function growthPercent(current: Decimal, base: Decimal, dp = 2): number | null {
  if (base.eq(0)) return null;
  return Number(roundHalfUp(current.minus(base).times(100).div(base), dp));
}

/** 元 → 亿元 as published: half-up to `dp` decimals ("50.6"). */
export function formatYi(value: Yuan | Decimal, dp = 1): string {
  return roundHalfUp(decimal(value).div(100_000_000), dp);
}

/** 元 → 万元, half-up to `dp` decimals. */
export function formatWan(value: Yuan | Decimal, dp = 1): string {
  return roundHalfUp(decimal(value).div(10_000), dp);
}
