import { Decimal, formatYi, roundHalfUp } from '../../core/money.js';
import type { Park } from '../../schemas/park-config.js';
import type { DemoRow, MonthFigures } from './calibration.js';
import type { PublishedFigures } from './expected.js';

/**
 * The demo's own arithmetic of the published figures, straight from DESIGN.md
 * "Indicators" and independent of core/indicators: the generator prints it and refuses
 * to write a data set whose figures differ from the published ones.
 */
export interface DemoSums {
  output: Decimal;
  valueAdded: Decimal;
  tax: Decimal;
  growth: Record<keyof MonthFigures, { current: Decimal; base: Decimal }>;
  leadingOutput: Decimal;
}

const ZERO = new Decimal(0);
const AMOUNTS = ['output', 'valueAdded', 'tax'] as const;

/** Year-to-date sums over 规上 rows of `year` months 1..`month` with same-caliber bases. */
export function ytdSums(park: Park, rows: readonly DemoRow[], year: number, month: number): DemoSums {
  const prior = new Map<string, MonthFigures>();
  for (const row of rows) {
    if (row.period.startsWith(`${year - 1}-`))
      prior.set(`${row.enterprise.uscc}#${row.period.slice(5)}`, row.current);
  }
  const sums: DemoSums = {
    output: ZERO,
    valueAdded: ZERO,
    tax: ZERO,
    growth: {
      output: { current: ZERO, base: ZERO },
      valueAdded: { current: ZERO, base: ZERO },
      tax: { current: ZERO, base: ZERO },
    },
    leadingOutput: ZERO,
  };
  for (const row of rows) {
    const m = Number(row.period.slice(5));
    if (!row.period.startsWith(`${year}-`) || m > month || !row.enterprise.aboveScale) continue;
    const stored = prior.get(`${row.enterprise.uscc}#${row.period.slice(5)}`) ?? null;
    for (const amount of AMOUNTS) {
      sums[amount] = sums[amount].plus(row.current[amount]);
      const base = row.prev?.[amount] ?? stored?.[amount] ?? null;
      if (base === null) continue;
      sums.growth[amount].current = sums.growth[amount].current.plus(row.current[amount]);
      sums.growth[amount].base = sums.growth[amount].base.plus(base);
    }
    if (park.leading_industries.some((p) => row.enterprise.industry.startsWith(p))) {
      sums.leadingOutput = sums.leadingOutput.plus(row.current.output);
    }
  }
  return sums;
}

function growth1(g: { current: Decimal; base: Decimal }): string {
  return roundHalfUp(g.current.minus(g.base).times(100).div(g.base), 1);
}

/** The nine figures in the published presentation (half-up, from exact sums). */
export function presentFigures(
  park: Park,
  sums: DemoSums,
  countyYtd: Decimal,
  year: number,
): PublishedFigures {
  const targets = park.targets[String(year)];
  if (!targets) throw new Error(`config/parks.json has no ${year} targets for ${park.id}`);
  const parkBasis = park.concentration_basis === 'output' ? sums.output : sums.valueAdded;
  return {
    output_ytd_yi: formatYi(sums.output),
    output_ytd_yoy_pct: growth1(sums.growth.output),
    value_added_ytd_yi: formatYi(sums.valueAdded),
    value_added_ytd_yoy_pct: growth1(sums.growth.valueAdded),
    tax_paid_ytd_yi: formatYi(sums.tax),
    tax_paid_ytd_yoy_pct: growth1(sums.growth.tax),
    concentration_pct: roundHalfUp(parkBasis.times(100).div(countyYtd), 2),
    leading_industry_share_pct: roundHalfUp(sums.leadingOutput.times(100).div(sums.output), 1),
    output_completion_pct: roundHalfUp(sums.output.times(100).div(targets.output_yuan), 1),
  };
}

/** Unrounded percentages, to show how far each figure sits from its rounding edges. */
export function exactPercents(sums: DemoSums, countyYtd: Decimal): Record<string, string> {
  const pct = (g: { current: Decimal; base: Decimal }) =>
    roundHalfUp(g.current.minus(g.base).times(100).div(g.base), 6);
  return {
    output_ytd_yuan: sums.output.toFixed(),
    value_added_ytd_yuan: sums.valueAdded.toFixed(),
    tax_paid_ytd_yuan: sums.tax.toFixed(),
    output_yoy_pct: pct(sums.growth.output),
    value_added_yoy_pct: pct(sums.growth.valueAdded),
    tax_paid_yoy_pct: pct(sums.growth.tax),
    concentration_pct: roundHalfUp(sums.valueAdded.times(100).div(countyYtd), 6),
    leading_share_pct: roundHalfUp(sums.leadingOutput.times(100).div(sums.output), 6),
  };
}
