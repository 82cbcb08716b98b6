import { describe, expect, it } from 'vitest';
import { diffReports } from '../../../core/revisions/diff-reports.js';
import { indicator, shuangpaiReport } from '../report-render/park-report-fixture.js';

describe('diffReports', () => {
  it('finds nothing between equal reports, whatever their bookkeeping fields', () => {
    // Arrange
    const before = shuangpaiReport();
    const after = shuangpaiReport({ revision: 4, computed_at: '2017-12-09T00:00:00.000Z' });

    // Act / Assess
    expect(diffReports(before, after, 'value_added')).toEqual([]);
  });

  it('lists a late upload as the presented figures it moved, in table order', () => {
    // Arrange: a late enterprise adds 0.9亿元 output and 0.3亿元 value added.
    const before = shuangpaiReport({
      output: indicator('383000000', '4970000000', '3484848485'),
      enterprises: {
        reporting: 23,
        expected: 26,
        missing: ['91350100M000100Y43', '91431123MA4L1234X0', '91431123MA4L5678Y1'],
      },
    });
    const after = shuangpaiReport();

    // Act
    const changes = diffReports(before, after, 'value_added');

    // Assess
    expect(changes).toEqual([
      { field: 'output.month', label: '规模工业总产值 本月(万元)', before: '38300.0', after: '47300.0' },
      { field: 'output.ytd', label: '规模工业总产值(亿元) 1–11月累计', before: '49.7', after: '50.6' },
      { field: 'output.growth', label: '规模工业总产值 同比增长(%)', before: '42.6', after: '45.2' },
      { field: 'output.completion', label: '规模工业总产值 完成率(%)', before: '90.4', after: '92.0' },
      {
        field: 'leading_industry_share.ytd',
        label: '主导产业占比(%) 1–11月累计',
        before: '88.4',
        after: '86.8',
      },
      { field: 'enterprises.reporting', label: '已报企业(家)', before: '23', after: '24' },
      { field: 'enterprises.missing', label: '缺报企业(家)', before: '3', after: '2' },
    ]);
  });

  it('lists an exact change hidden by rounding with its exact values, so no revision is unexplained', () => {
    // Arrange: a 120 元 correction of tax paid moves nothing at 1 decimal.
    const before = shuangpaiReport();
    const after = shuangpaiReport({ tax_paid: indicator('2710120', '30000120', '21978022') });

    // Act
    const changes = diffReports(before, after, 'value_added');

    // Assess
    expect(changes).toEqual([
      {
        field: 'tax_paid.month.exact',
        label: '实缴税金 本月(精确值,元)',
        before: '2710000',
        after: '2710120',
      },
      {
        field: 'tax_paid.ytd.exact',
        label: '实缴税金 1–11月累计(精确值,元)',
        before: '30000000',
        after: '30000120',
      },
      {
        field: 'tax_paid.growth.exact',
        label: '实缴税金 同比增长(同口径 本期/上年同期,元)',
        before: '30000000 / 21978022',
        after: '30000120 / 21978022',
      },
    ]);
  });

  it('lists a county figure arriving: concentration from empty to its value', () => {
    // Arrange
    const before = shuangpaiReport({
      county_ytd: null,
      concentration_pct: null,
      concentration_note: '未上传',
    });
    const after = shuangpaiReport();

    // Act
    const changes = diffReports(before, after, 'value_added');

    // Assess
    expect(changes).toEqual([
      { field: 'concentration.ytd', label: '工业集中度(%) 1–11月累计', before: null, after: '69.81' },
      { field: 'concentration.completion', label: '工业集中度 完成率(%)', before: null, after: '87.3' },
    ]);
  });

  it('lists a county correction too small to move 集中度 as the exact county figure', () => {
    // Arrange
    const before = shuangpaiReport();
    const after = shuangpaiReport({ county_ytd: '2019767950' });

    // Act
    const changes = diffReports(before, after, 'value_added');

    // Assess
    expect(changes).toEqual([
      {
        field: 'concentration.ytd.exact',
        label: '全县规上 1–11月累计(精确值,元)',
        before: '2019767942',
        after: '2019767950',
      },
    ]);
  });
});
