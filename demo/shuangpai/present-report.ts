import { decimal, formatYi, roundHalfUp } from '../../core/money.js';
import type { ParkReport } from '../../schemas/report.js';
import type { PublishedFigures } from './expected.js';

function growth1(coverage: { current: string; base: string }): string {
  const base = decimal(coverage.base);
  if (base.eq(0)) return 'n/a';
  return roundHalfUp(decimal(coverage.current).minus(base).times(100).div(base), 1);
}

function share(numerator: string, denominator: string | null | undefined, dp: number): string {
  if (!denominator || decimal(denominator).eq(0)) return 'n/a';
  return roundHalfUp(decimal(numerator).times(100).div(decimal(denominator)), dp);
}

/**
 * A park report in the presentation of the published summary: 亿元 and growth to 1
 * decimal, 工业集中度 to 2, half-up from the exact sums the report carries (never from its
 * already rounded percentages). Comparable with `expectedFigures().figures`.
 */
export function publishedView(report: Omit<ParkReport, 'revision'>): PublishedFigures {
  const { output, value_added: valueAdded, tax_paid: tax } = report;
  return {
    output_ytd_yi: formatYi(output.ytd),
    output_ytd_yoy_pct: growth1(output.growth_coverage.ytd),
    value_added_ytd_yi: formatYi(valueAdded.ytd),
    value_added_ytd_yoy_pct: growth1(valueAdded.growth_coverage.ytd),
    tax_paid_ytd_yi: formatYi(tax.ytd),
    tax_paid_ytd_yoy_pct: growth1(tax.growth_coverage.ytd),
    concentration_pct: share(valueAdded.ytd, report.county_ytd, 2),
    leading_industry_share_pct: share(report.leading_industry_output_ytd, output.ytd, 1),
    output_completion_pct: share(output.ytd, report.targets?.output_yuan, 1),
  };
}
