import type { Decimal } from '../../core/money.js';
import type { DemoRow, MonthFigures } from './calibration.js';

/**
 * The 核实性审核 of DESIGN.md applied to the demo rows before they are written, so that
 * every soft warning the pipeline will raise is one the enterprise answered with a
 * 情况说明. Returns the rows that would raise a warning without an explanation.
 */
export interface UnexplainedWarning {
  uscc: string;
  period: string;
  rule: string;
}

const AMOUNTS = ['output', 'valueAdded', 'tax'] as const;

function yoyBeyond50(current: Decimal, base: Decimal): boolean {
  if (base.eq(0)) return false;
  return current.minus(base).abs().times(2).gt(base);
}

function swingBeyond3x(current: Decimal, previous: Decimal): boolean {
  if (current.eq(0) || previous.eq(0)) return false;
  return current.gt(previous.times(3)) || previous.gt(current.times(3));
}

export function unexplainedWarnings(rows: readonly DemoRow[]): UnexplainedWarning[] {
  const byKey = new Map<string, MonthFigures>(
    rows.map((r) => [`${r.enterprise.uscc}#${r.period}`, r.current]),
  );
  const found: UnexplainedWarning[] = [];
  for (const row of rows) {
    if (row.enterprise.note !== null) continue;
    const { uscc } = row.enterprise;
    const [year, month] = row.period.split('-').map(Number) as [number, number];
    const prior = byKey.get(`${uscc}#${year - 1}-${String(month).padStart(2, '0')}`);
    const lastMonth = byKey.get(
      month === 1 ? `${uscc}#${year - 1}-12` : `${uscc}#${year}-${String(month - 1).padStart(2, '0')}`,
    );
    const flag = (rule: string) => found.push({ uscc, period: row.period, rule });
    const { output, valueAdded, tax } = row.current;
    if (output.gt(0) && (valueAdded.times(20).lt(output) || valueAdded.times(5).gt(output.times(3)))) {
      flag('ratio.value_added');
    }
    if (tax.gt(valueAdded)) flag('tax.exceeds_value_added');
    if (row.prev === null && prior === undefined) flag('growth.no_base');
    for (const amount of AMOUNTS) {
      const base = row.prev?.[amount] ?? prior?.[amount];
      if (base !== undefined && yoyBeyond50(row.current[amount], base)) flag(`growth.yoy.${amount}`);
      if (lastMonth && swingBeyond3x(row.current[amount], lastMonth[amount])) flag(`growth.mom.${amount}`);
    }
  }
  return found;
}
