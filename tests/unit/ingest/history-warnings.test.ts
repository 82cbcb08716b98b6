import { describe, expect, it } from 'vitest';
import {
  historyWarnings,
  type RowHistory,
  type StoredAmounts,
} from '../../../core/ingest/read-enterprise-file.js';
import type { EnterpriseRow } from '../../../schemas/enterprise-row.js';
import { makeUscc } from '../../support/uscc.js';

const USCC = makeUscc(1);

function row(overrides: Partial<EnterpriseRow> = {}): EnterpriseRow {
  return {
    row: 2,
    uscc: USCC,
    name: '甲公司',
    period: '2017-11',
    output: '1000',
    value_added: '300',
    tax_paid: '30',
    output_prev: null,
    value_added_prev: null,
    tax_paid_prev: null,
    above_scale: true,
    industry_code: null,
    note: null,
    ...overrides,
  };
}

/** A history holding the given facts, keyed "uscc period". */
function history(facts: Record<string, StoredAmounts>): RowHistory {
  const shift = (period: string, months: number) => {
    const index = Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7)) - 1 + months;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  };
  return {
    priorYear: (uscc, period) => facts[`${uscc} ${shift(period, -12)}`],
    previousMonth: (uscc, period) => facts[`${uscc} ${shift(period, -1)}`],
  };
}

const same: StoredAmounts = { output: '1000', value_added: '300', tax_paid: '30' };

describe('historyWarnings', () => {
  it('warns once per row about the measures with no prior-year base, reported or stored', () => {
    const found = historyWarnings([row(), row({ row: 3, output_prev: '900' })], history({}));

    expect(found.map((f) => [f.rule, f.row])).toEqual([
      ['growth.no_base', 2],
      ['growth.no_base', 3],
    ]);
    expect(found[0]?.message).toContain('工业总产值、工业增加值、实缴税金');
    expect(found[1]?.message).not.toContain('工业总产值、');
  });

  it('compares against the stored prior-year fact when the row reports none', () => {
    const found = historyWarnings([row({ output: '1501' })], history({ [`${USCC} 2016-11`]: same }), {
      output: '工业总产值（万元）',
    });

    expect(found.map((f) => [f.rule, f.column])).toEqual([['growth.yoy', '工业总产值（万元）']]);
    expect(found[0]?.message).toContain('50.1%');
  });

  it('leaves the YoY of a reported base to the reader (no double warning)', () => {
    const found = historyWarnings(
      [row({ output: '3000', output_prev: '2900', value_added_prev: '300', tax_paid_prev: '30' })],
      history({ [`${USCC} 2016-11`]: same }),
    );

    expect(found).toEqual([]);
  });

  it('warns about a month-on-month swing beyond 3× either way, exactly at 3× not', () => {
    const base = { [`${USCC} 2016-11`]: same };
    const at = (output: string) =>
      historyWarnings(
        [row({ output, output_prev: output, value_added_prev: '300', tax_paid_prev: '30' })],
        history({ ...base, [`${USCC} 2017-10`]: { output: '1000', value_added: '300', tax_paid: '30' } }),
      ).map((f) => f.rule);

    expect(at('3000')).toEqual([]);
    expect(at('3000.01')).toEqual(['growth.mom']);
    expect(at('333.33')).toEqual(['growth.mom']);
    expect(at('333.34')).toEqual([]);
  });

  it('keeps the warning of an explained row, marked with its note', () => {
    const [found] = historyWarnings([row({ note: '新投产企业' })], history({}));

    expect(found).toMatchObject({ rule: 'growth.no_base', note: '新投产企业', severity: 'warning' });
  });
});
