import { describe, expect, it } from 'vitest';
import { formatBeijingTime } from '../../../core/report-render/beijing-time.js';
import { niceScale, trendChartSvg } from '../../../core/report-render/trend-chart.js';
import { amountTrend, concentrationTrend } from '../../../core/report-render/trend-data.js';
import { monthReport, shuangpaiReport } from './park-report-fixture.js';

describe('niceScale', () => {
  it.each([
    [47300, { top: 60000, step: 20000 }],
    [271, { top: 300, step: 100 }],
    [80, { top: 80, step: 20 }],
    [0, { top: 1, step: 0.25 }],
  ])('covers %d with a 1-2-5 step', (max, expected) => {
    expect(niceScale(max)).toEqual(expected);
  });
});

describe('trendChartSvg', () => {
  it('breaks a line at a missing month and escapes labels', () => {
    // Act
    const svg = trendChartSvg({
      description: '<b>',
      unit: '万元',
      series: [
        { label: 'A&B', color: '#000', dashed: false, values: [1, 2, null, 4, 5, ...Array(7).fill(null)] },
      ],
    });

    // Assess
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg.match(/<circle /g)).toHaveLength(4);
    expect(svg).toContain('aria-label="&lt;b&gt;"');
    expect(svg).toContain('>A&amp;B</text>');
  });

  it('draws a target line with its label', () => {
    // Act
    const svg = trendChartSvg({
      description: 'x',
      unit: '%',
      series: [],
      target: { value: 80, label: '指标值 80%', color: '#1f6fb2' },
    });

    // Assess
    expect(svg).toContain('stroke-dasharray="6 4"');
    expect(svg).toContain('>指标值 80%</text>');
  });
});

describe('trend data', () => {
  it('takes this month’s 万元 per month of both years, the current report winning over history', () => {
    // Arrange
    const history = [monthReport('2017-11', 9), monthReport('2017-12', 1), monthReport('2016-03', 1)];

    // Act
    const trend = amountTrend(shuangpaiReport(), history, 'output');

    // Assess
    expect(trend.thisYear[10]).toBe(47300);
    expect(trend.thisYear[11]).toBeNull();
    expect(trend.thisYear[0]).toBeNull();
    expect(trend.lastYear[2]).toBe(40000);
  });

  it('computes concentration per month from the county figure, null without one', () => {
    // Arrange
    const history = [shuangpaiReport({ period: '2017-10', county_ytd: null })];

    // Act
    const trend = concentrationTrend(shuangpaiReport(), history, 'value_added');

    // Assess
    expect(trend.thisYear[10]).toBe(69.81);
    expect(trend.thisYear[9]).toBeNull();
  });
});

describe('formatBeijingTime', () => {
  it('shows an instant in UTC+8 across midnight', () => {
    expect(formatBeijingTime('2017-12-31T17:05:00Z')).toBe('2018-01-01 01:05');
    expect(formatBeijingTime('2017-12-05T09:30:00+08:00')).toBe('2017-12-05 09:30');
  });
});
