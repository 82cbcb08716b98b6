import { Decimal } from '../../core/money.js';
import type { Park } from '../../schemas/park-config.js';
import type { DemoEnterprise } from './enterprises.js';
import type { PublishedFigures } from './expected.js';

/** One enterprise's figures for one month, exact 元 (integers: every file unit can hold them exactly). */
export interface MonthFigures {
  output: Decimal;
  valueAdded: Decimal;
  tax: Decimal;
}

/** One enterprise × period as the demo files report it. */
export interface DemoRow {
  enterprise: DemoEnterprise;
  period: string;
  current: MonthFigures;
  /** 上年同期 as the row reports it; null = the columns are left blank. */
  prev: MonthFigures | null;
}

const ZERO = new Decimal(0);
const YI = new Decimal(100_000_000);
const ZERO_FIGURES: MonthFigures = { output: ZERO, valueAdded: ZERO, tax: ZERO };

/** A typical month profile of county industry: the Spring Festival dip in February, a strong year end. */
const SEASON = [0.85, 0.7, 0.95, 0.98, 1.0, 1.05, 0.98, 1.0, 1.05, 1.02, 1.08, 1.15];
/** A new plant's first months run below capacity. */
const RAMP_UP = [0.45, 0.75, 0.92];
const MONTHS_2017 = 11;

/**
 * Splits an integer total into integer parts proportional to the weights (largest
 * remainder), so the parts add up to the total exactly: the park sums the pipeline
 * computes are the calibrated totals to the 元.
 */
export function allocate(total: Decimal, weights: readonly number[]): Decimal[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) return weights.map(() => ZERO);
  const exact = weights.map((w) => total.times(w).div(sum));
  const parts = exact.map((x) => x.round(0, 0));
  let left = total.minus(parts.reduce((a, b) => a.plus(b), ZERO)).toNumber();
  const byRemainder = exact
    .map((x, i) => ({ i, rest: x.minus(parts[i] ?? ZERO) }))
    .sort((a, b) => b.rest.cmp(a.rest) || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    parts[i] = (parts[i] ?? ZERO).plus(1);
    left -= 1;
  }
  return parts;
}

/** `allocate` over a group of enterprises: each gets its part of `total` by `weight`. */
function distribute(
  group: readonly DemoEnterprise[],
  total: Decimal,
  weight: (e: DemoEnterprise) => number,
  assign: (e: DemoEnterprise, part: Decimal) => void,
): void {
  allocate(total, group.map(weight)).forEach((part, i) => {
    const e = group[i];
    if (e) assign(e, part);
  });
}

/** mulberry32: a tiny seeded generator, so the same spec always gives the same files. */
function randomStream(seed: string): () => number {
  let state = 0;
  for (const char of seed) state = (Math.imul(state, 31) + (char.codePointAt(0) ?? 0)) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Month weights of one enterprise-year: season × ±`spread` noise, zero before production starts. */
function monthProfile(seed: string, months: number, firstMonth: number, spread: number): number[] {
  const random = randomStream(seed);
  return Array.from({ length: months }, (_, i) => {
    const month = i + 1;
    const noise = 1 + (random() * 2 - 1) * spread;
    if (month < firstMonth) return 0;
    // Only a plant that starts within the year ramps up; one producing since January runs at capacity.
    const ramp = firstMonth > 1 ? (RAMP_UP[month - firstMonth] ?? 1) : 1;
    return (SEASON[i] ?? 1) * ramp * noise;
  });
}

function isLeading(park: Park, industry: string): boolean {
  return park.leading_industries.some((prefix) => industry.startsWith(prefix));
}

function period(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}`;
}

interface YearTotals {
  output: Decimal;
  valueAdded: Decimal;
  tax: Decimal;
}

/** Growth as published ("45.2") → the factor 1.452, exactly. */
function growthFactor(pct: string): Decimal {
  return new Decimal(pct).div(100).plus(1);
}

/**
 * Calibrates the enterprises' weights to the published totals and returns every demo
 * row of 2016 and 2017. The 规上 totals of Jan–Nov 2017 are set to the published
 * figures exactly (50.6亿元, 14.1亿元, 0.3亿元, leading industries 86.8 % of output);
 * the same-caliber bases (stored 2016 facts or reported 上年同期) are set so that
 * Σ current / Σ base equals the published growth exactly over the enterprises that
 * have a base. Exact centres of the rounding intervals keep the figures robust.
 */
export function calibrateRows(
  park: Park,
  enterprises: readonly DemoEnterprise[],
  published: PublishedFigures,
): DemoRow[] {
  const aboveScale = enterprises.filter((e) => e.aboveScale);
  const withBase = aboveScale.filter((e) => e.standing !== 'restructured');

  const outputTotal = new Decimal(published.output_ytd_yi).times(YI);
  const leadingTotal = outputTotal.times(published.leading_industry_share_pct).div(100).round(0);
  const current = new Map<string, YearTotals>(aboveScale.map((e) => [e.id, { ...ZERO_FIGURES }]));
  const currentOf = (e: DemoEnterprise): YearTotals => current.get(e.id) ?? { ...ZERO_FIGURES };
  distribute(
    aboveScale.filter((e) => isLeading(park, e.industry)),
    leadingTotal,
    (e) => e.output2017,
    (e, v) => (currentOf(e).output = v),
  );
  distribute(
    aboveScale.filter((e) => !isLeading(park, e.industry)),
    outputTotal.minus(leadingTotal),
    (e) => e.output2017,
    (e, v) => (currentOf(e).output = v),
  );
  distribute(
    aboveScale,
    new Decimal(published.value_added_ytd_yi).times(YI),
    (e) => currentOf(e).output.toNumber() * e.valueAddedRatio,
    (e, v) => (currentOf(e).valueAdded = v),
  );
  distribute(
    aboveScale,
    new Decimal(published.tax_paid_ytd_yi).times(YI),
    (e) => currentOf(e).output.toNumber() * e.taxRate,
    (e, v) => (currentOf(e).tax = v),
  );

  // Bases: Σ base = Σ current of the enterprises with a base ÷ (1 + growth).
  const baseTotal = (pick: (t: YearTotals) => Decimal, pct: string) =>
    withBase
      .reduce((sum, e) => sum.plus(pick(currentOf(e))), ZERO)
      .div(growthFactor(pct))
      .round(0);
  const base = new Map<string, YearTotals>(withBase.map((e) => [e.id, { ...ZERO_FIGURES }]));
  const baseOf = (e: DemoEnterprise): YearTotals => base.get(e.id) ?? { ...ZERO_FIGURES };
  distribute(
    withBase,
    baseTotal((t) => t.output, published.output_ytd_yoy_pct),
    (e) => e.output2016,
    (e, v) => (baseOf(e).output = v),
  );
  distribute(
    withBase,
    baseTotal((t) => t.valueAdded, published.value_added_ytd_yoy_pct),
    (e) => baseOf(e).output.toNumber() * e.valueAddedRatio,
    (e, v) => (baseOf(e).valueAdded = v),
  );
  distribute(
    withBase,
    baseTotal((t) => t.tax, published.tax_paid_ytd_yoy_pct),
    (e) => baseOf(e).output.toNumber() * e.taxRate,
    (e, v) => (baseOf(e).tax = v),
  );

  const rows: DemoRow[] = [];
  for (const e of enterprises) {
    const cur: YearTotals = e.aboveScale ? currentOf(e) : belowScaleTotals(e, e.output2017);
    const prior: YearTotals | null = e.aboveScale
      ? (base.get(e.id) ?? null)
      : belowScaleTotals(e, e.output2016);
    const months2017 = spread(cur, monthProfile(`${e.id}/2017`, MONTHS_2017, e.firstMonth, 0.03), e.id);
    const months2016 = prior
      ? spread(prior, monthProfile(`${e.id}/2016`, MONTHS_2017, 1, 0.03), `${e.id}/2016`)
      : null;

    if (e.standing === 'existing') {
      rows.push(...rows2016(e, months2016 ?? []));
    }
    for (let m = 1; m <= MONTHS_2017; m++) {
      if (m < e.firstMonth && e.standing === 'new-plant') continue;
      const now = months2017[m - 1] ?? { ...ZERO_FIGURES };
      rows.push({
        enterprise: e,
        period: period(2017, m),
        current: now,
        prev: reportedPrev(e, months2016, m),
      });
    }
  }
  return rows;
}

/** 规下 and not-yet-producing enterprises: their own scale, outside the calibrated totals. */
function belowScaleTotals(e: DemoEnterprise, outputYi: number): YearTotals {
  const output = new Decimal(outputYi).times(YI).round(0);
  return {
    output,
    valueAdded: output.times(e.valueAddedRatio).round(0),
    tax: output.times(e.taxRate).round(0),
  };
}

/** Jan–Nov totals → months. Tax follows its own, noisier profile: VAT is paid when invoiced. */
function spread(totals: YearTotals, profile: number[], seed: string): MonthFigures[] {
  const random = randomStream(`${seed}/tax`);
  const taxProfile = profile.map((w) => w * (1 + (random() * 2 - 1) * 0.05));
  const output = allocate(totals.output, profile);
  const valueAdded = allocate(totals.valueAdded, profile);
  const tax = allocate(totals.tax, taxProfile);
  return profile.map((_, i) => ({
    output: output[i] ?? ZERO,
    valueAdded: valueAdded[i] ?? ZERO,
    tax: tax[i] ?? ZERO,
  }));
}

/** What a 2017 row reports as 上年同期, by the enterprise's standing (see enterprises.ts). */
function reportedPrev(
  e: DemoEnterprise,
  months2016: MonthFigures[] | null,
  month: number,
): MonthFigures | null {
  switch (e.standing) {
    case 'existing':
      // Enterprises filing their own GBK file copy last year's figure from their books;
      // the others leave it to the stored 2016 fact.
      return e.channel === 'gbk-wan' ? (months2016?.[month - 1] ?? null) : null;
    case 'new-in-stats':
    case 'below-scale':
      return months2016?.[month - 1] ?? ZERO_FIGURES;
    case 'new-plant':
    case 'under-construction':
      return ZERO_FIGURES;
    case 'restructured':
      return null;
  }
}

/** 2016 rows of an enterprise already in statistics, with December and a 2015 上年同期 for its own growth. */
function rows2016(e: DemoEnterprise, months: MonthFigures[]): DemoRow[] {
  const november = months[MONTHS_2017 - 1] ?? ZERO_FIGURES;
  const december: MonthFigures = {
    output: november.output.times(1.06).round(0),
    valueAdded: november.valueAdded.times(1.06).round(0),
    tax: november.tax.times(1.06).round(0),
  };
  const growth2016 = 1.1 + randomStream(`${e.id}/2015`)() * 0.08;
  return [...months, december].map((now, i) => ({
    enterprise: e,
    period: period(2016, i + 1),
    current: now,
    prev: {
      output: now.output.div(growth2016).round(0),
      valueAdded: now.valueAdded.div(growth2016).round(0),
      tax: now.tax.div(growth2016).round(0),
    },
  }));
}
