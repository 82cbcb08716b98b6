import type { CountyTotalsItem } from '../../schemas/facts.js';
import type { Yuan } from '../../schemas/money.js';
import type { Park } from '../../schemas/park-config.js';
import { type Decimal, decimal, percent } from '../money.js';

export interface ConcentrationFigure {
  /** 工业集中度 in %, half-up to 2 decimals; null when it cannot be computed. */
  pct: number | null;
  /** Why `pct` is null, in Chinese for the office and the bureau; null when it is not. */
  note: string | null;
  /** The county's year-to-date figure on the park's basis, exact 元. */
  countyYtd: Yuan | null;
}

const BASIS_NAME = { value_added: '增加值', output: '总产值' } as const;

/**
 * 工业集中度 = park year-to-date (value added or output, per the park's basis) / the
 * county's figure of the same basis and period. Without a county figure it is null with
 * the reason: the bureau must see a gap, never an estimate.
 */
export function concentration(input: {
  park: Park;
  period: string;
  parkYtd: Decimal;
  countyTotals: CountyTotalsItem | null;
}): ConcentrationFigure {
  const { park, period } = input;
  const basis = BASIS_NAME[park.concentration_basis];
  if (input.countyTotals === null) {
    return {
      pct: null,
      countyYtd: null,
      note: `未上传县级规上工业${basis}累计数(reference/${park.id}/county-totals.csv),无法计算工业集中度`,
    };
  }
  const county = input.countyTotals.periods[period];
  if (county === undefined) {
    return {
      pct: null,
      countyYtd: null,
      note: `县级规上工业数据中没有 ${period} 的${basis}累计数,无法计算工业集中度`,
    };
  }
  const countyYtd = park.concentration_basis === 'output' ? county.output_ytd : county.value_added_ytd;
  const pct = percent(input.parkYtd, decimal(countyYtd));
  return {
    pct,
    countyYtd,
    note: pct === null ? `县级规上工业${basis} ${period} 累计数为 0,无法计算工业集中度` : null,
  };
}
