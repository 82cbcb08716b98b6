import { describe, expect, it } from 'vitest';
import { type BureauRow, buildBureauTable, targetText } from '../../../core/report-render/bureau-table.js';
import { headlineSentence } from '../../../core/report-render/headline.js';
import { indicator, shuangpaiReport } from './park-report-fixture.js';

function row(rows: BureauRow[], key: BureauRow['key']): BureauRow {
  const found = rows.find((r) => r.key === key);
  if (found === undefined) throw new Error(`no row ${key}`);
  return found;
}

describe('buildBureauTable', () => {
  it('reproduces the 双牌 1–11月 2017 headline figures from exact sums', () => {
    // Arrange / Act
    const table = buildBureauTable(shuangpaiReport(), '双牌工业集中区', 'value_added');

    // Assess
    expect(table.title).toBe('双牌工业集中区 2017年1–11月 主要经济指标');
    expect(table.headers).toEqual(['指标', '本月(万元)', '1–11月累计', '同比增长(%)', '指标值', '完成率(%)']);
    const output = row(table.rows, 'output');
    expect(output).toMatchObject({ month: '47300.0', ytd: '50.6', growthPct: '45.2', completionPct: '92.0' });
    expect(targetText(output)).toBe('55.0亿元;增长21%');
    expect(row(table.rows, 'value_added')).toMatchObject({ ytd: '14.1', growthPct: '8.6' });
    expect(targetText(row(table.rows, 'value_added'))).toBe('增长8%');
    expect(row(table.rows, 'tax_paid')).toMatchObject({ month: '271.0', ytd: '0.3', growthPct: '36.5' });
    expect(row(table.rows, 'concentration')).toMatchObject({ ytd: '69.81', completionPct: '87.3' });
    expect(row(table.rows, 'leading_industry_share')).toMatchObject({ ytd: '86.8', target: null });
  });

  it('rounds growth once, half-up at 1 decimal, from growth_coverage sums and not from the 2-decimal JSON figure', () => {
    // Arrange: exact growth 12.2451 % — JSON keeps 12.25, which would round again to 12.3.
    const report = shuangpaiReport({ output: indicator('1', '112245100', '100000000') });
    expect(report.output.ytd_yoy_pct).toBe(12.25);

    // Act
    const output = row(buildBureauTable(report, '双牌', 'value_added').rows, 'output');

    // Assess
    expect(output.growthPct).toBe('12.2');
  });

  it('uses the same-caliber sums even when they differ from the year-to-date total', () => {
    // Arrange: one new enterprise without a base is outside growth_coverage.
    const report = shuangpaiReport({ output: indicator('1', '6000000000', '1000000000', '1100000000') });

    // Act
    const output = row(buildBureauTable(report, '双牌', 'value_added').rows, 'output');

    // Assess
    expect(output.ytd).toBe('60.0');
    expect(output.growthPct).toBe('10.0');
  });

  it('rounds 亿元 half-up (50.45 → 50.5, not banker’s 50.4) and keeps falls negative', () => {
    // Arrange
    const report = shuangpaiReport({
      output: indicator('5000', '5045000000', '1'),
      value_added: indicator('1', '1', '100000000', '96750000'),
    });

    // Act
    const rows = buildBureauTable(report, '双牌', 'value_added').rows;

    // Assess
    expect(row(rows, 'output').ytd).toBe('50.5');
    expect(row(rows, 'output').month).toBe('0.5');
    expect(row(rows, 'value_added').growthPct).toBe('-3.3');
  });

  it('leaves cells empty with a reason when there is no base, county figure or target', () => {
    // Arrange
    const report = shuangpaiReport({
      tax_paid: indicator('1', '30000000', '0'),
      county_ytd: null,
      concentration_pct: null,
      concentration_note: '未上传全县规上工业数据',
      targets: null,
    });

    // Act
    const table = buildBureauTable(report, '双牌', 'value_added');

    // Assess
    expect(row(table.rows, 'tax_paid').growthPct).toBeNull();
    expect(row(table.rows, 'concentration')).toMatchObject({ ytd: null, completionPct: null, target: null });
    expect(row(table.rows, 'output')).toMatchObject({ target: null, completionPct: null });
    expect(table.notes).toContain('工业集中度:未上传全县规上工业数据');
  });

  it('divides the basis the park is configured with', () => {
    // Arrange: county output 10 × park output.
    const report = shuangpaiReport({ county_ytd: '50600000000' });

    // Act
    const byOutput = row(buildBureauTable(report, '双牌', 'output').rows, 'concentration');

    // Assess
    expect(byOutput.ytd).toBe('10.00');
  });

  it('says 1月 in January', () => {
    expect(buildBureauTable(shuangpaiReport({ period: '2018-01' }), '双牌', 'value_added').title).toBe(
      '双牌 2018年1月 主要经济指标',
    );
  });
});

describe('headlineSentence', () => {
  it('writes the work-summary sentence, with 下降 for a fall', () => {
    // Arrange
    const table = buildBureauTable(shuangpaiReport(), '双牌工业集中区', 'value_added');
    const falling = buildBureauTable(
      shuangpaiReport({ tax_paid: indicator('1', '30000000', '100000000', '96800000') }),
      '双牌工业集中区',
      'value_added',
    );

    // Act / Assess
    expect(headlineSentence(table)).toBe(
      '1–11月,园区共完成规模工业总产值50.6亿元(指标值55.0亿元),同比增长45.2%(指标值21%);' +
        '规模工业增加值14.1亿元,同比增长8.6%(指标值8%);实缴税金0.3亿元,同比增长36.5%(指标值20%);' +
        '工业集中度69.81%(指标值80%);主导产业占比86.8%。',
    );
    expect(headlineSentence(falling)).toContain('实缴税金0.3亿元,同比下降3.2%(指标值20%)');
  });
});
