import { describe, expect, it } from 'vitest';
import {
  type ComputedParkReport,
  type RecomputeParkYearInput,
  recomputeParkYear,
} from '../../../core/indicators/recompute-park-year.js';
import { ParkReportSchema } from '../../../schemas/report.js';
import { A, B, C, countyTotals, D, E, fact, register, testPark } from './builders.js';

const computedAt = '2017-12-05T02:00:00.000Z';

function recompute(overrides: Partial<RecomputeParkYearInput>): ComputedParkReport[] {
  return recomputeParkYear({
    park: testPark,
    year: 2017,
    facts: [],
    priorFacts: [],
    register: null,
    countyTotals: null,
    computedAt,
    ...overrides,
  });
}

function only(reports: ComputedParkReport[]): ComputedParkReport {
  expect(reports).toHaveLength(1);
  const [report] = reports;
  if (report === undefined) throw new Error('no report');
  return report;
}

describe('recomputeParkYear: same-caliber growth', () => {
  it('counts a new plant with an explicit 0 base: its current value joins the numerator only', () => {
    // Arrange: A grew 100 over 80; B is new (base 0) with 50.
    const facts = [
      fact({ uscc: A, period: '2017-01', output: '100', output_prev: '80' }),
      fact({ uscc: B, period: '2017-01', output: '50', output_prev: '0' }),
    ];

    // Act
    const report = only(recompute({ facts }));

    // Assess: (100 + 50) / (80 + 0) − 1 = 87.5 %
    expect(report.output.month).toBe('150');
    expect(report.output.month_yoy_pct).toBe(87.5);
    expect(report.output.growth_coverage.month).toEqual({
      counted: 2,
      excluded: [],
      current: '150',
      base: '80',
    });
  });

  it('leaves an enterprise without any base out of growth but keeps it in the month value', () => {
    const facts = [
      fact({ uscc: A, period: '2017-01', output: '100', output_prev: '80' }),
      fact({ uscc: C, period: '2017-01', output: '30' }),
    ];

    const report = only(recompute({ facts }));

    // Value: 130; growth over A alone: 100 / 80 − 1 = 25 %.
    expect(report.output.month).toBe('130');
    expect(report.output.month_yoy_pct).toBe(25);
    expect(report.output.growth_coverage.month).toEqual({
      counted: 1,
      excluded: [C],
      current: '100',
      base: '80',
    });
  });

  it('prefers the reported 上年同期 value over last year’s stored fact, and falls back to the fact', () => {
    const facts = [
      fact({ uscc: A, period: '2017-03', output: '100', output_prev: '80' }),
      fact({ uscc: D, period: '2017-03', output: '50' }),
    ];
    const priorFacts = [
      fact({ uscc: A, period: '2016-03', output: '90' }),
      fact({ uscc: D, period: '2016-03', output: '40' }),
      // Another month of D must not be taken as the March base.
      fact({ uscc: D, period: '2016-02', output: '1' }),
    ];

    const march = recompute({ facts, priorFacts })[2];

    // (100 + 50) / (80 + 40) − 1 = 25 %
    expect(march?.output.growth_coverage.month).toEqual({
      counted: 2,
      excluded: [],
      current: '150',
      base: '120',
    });
    expect(march?.output.month_yoy_pct).toBe(25);
  });

  it('takes the base per indicator: a reported output base does not stand in for a missing tax base', () => {
    const facts = [fact({ uscc: A, period: '2017-01', output: '100', output_prev: '80', tax_paid: '6' })];

    const report = only(recompute({ facts }));

    expect(report.output.month_yoy_pct).toBe(25);
    expect(report.tax_paid.month_yoy_pct).toBeNull();
    expect(report.tax_paid.growth_coverage.month.excluded).toEqual([A]);
  });

  it('gives null growth when the only counted enterprises are new plants (base sums to 0)', () => {
    const report = only(recompute({ facts: [fact({ uscc: B, period: '2017-01', output_prev: '0' })] }));

    expect(report.output.month_yoy_pct).toBeNull();
    expect(report.output.growth_coverage.month.counted).toBe(1);
  });

  it('rounds growth half-up to 2 decimals from exact sums', () => {
    // 1.00005 / 1 − 1 = 0.005 % → 0.01 (half-up), where a binary float may land below the half.
    const facts = [fact({ uscc: A, period: '2017-01', output: '1.00005', output_prev: '1' })];

    expect(only(recompute({ facts })).output.month_yoy_pct).toBe(0.01);
  });
});

describe('recomputeParkYear: scale and industry', () => {
  it('ignores 规下 enterprises in every sum but counts them as reporting', () => {
    const facts = [
      fact({ uscc: A, period: '2017-01', output: '100' }),
      fact({ uscc: E, period: '2017-01', output: '1000', above_scale: false, industry_code: 'C2021' }),
    ];

    const report = only(recompute({ facts }));

    expect(report.output.month).toBe('100');
    expect(report.leading_industry_output_ytd).toBe('0');
    expect(report.enterprises.reporting).toBe(2);
  });

  it('lets the register override the file’s 规上 flag and industry code', () => {
    const facts = [
      // The register says A is 规下 although the file says 规上.
      fact({ uscc: A, period: '2017-01', output: '100', industry_code: 'C2021' }),
      // The register says E is 规上 in a leading industry although the file says neither.
      fact({ uscc: E, period: '2017-01', output: '40', above_scale: false, industry_code: 'C1311' }),
      // C is not in the register: its own columns count.
      fact({ uscc: C, period: '2017-01', output: '60', industry_code: 'C3311' }),
    ];
    const reg = register([
      { uscc: A, name: '企业A', industry_code: 'C2021', above_scale: false },
      { uscc: E, name: '企业E', industry_code: 'C2011', above_scale: true },
    ]);

    const report = only(recompute({ facts, register: reg }));

    expect(report.output.month).toBe('100');
    expect(report.leading_industry_output_ytd).toBe('100');
    expect(report.leading_industry_share_pct).toBe(100);
  });

  it('computes 主导产业占比 by code prefix over year-to-date output', () => {
    const facts = [
      fact({ uscc: A, period: '2017-01', output: '100', industry_code: 'C2021' }),
      fact({ uscc: B, period: '2017-01', output: '50', industry_code: 'C3011' }),
      fact({ uscc: C, period: '2017-01', output: '25', industry_code: null }),
      fact({ uscc: A, period: '2017-02', output: '100', industry_code: 'C2021' }),
    ];

    const [jan, feb] = recompute({ facts });

    // January 100 / 175 = 57.142…% → 57.14; year to date (100 + 100) / 275 = 72.727…% → 72.73
    expect(jan?.leading_industry_share_pct).toBe(57.14);
    expect(feb?.leading_industry_output_ytd).toBe('200');
    expect(feb?.leading_industry_share_pct).toBe(72.73);
  });
});

describe('recomputeParkYear: year to date', () => {
  const facts = [
    fact({ uscc: A, period: '2017-01', output: '100', output_prev: '50' }),
    fact({ uscc: B, period: '2017-01', output: '0.1', output_prev: '0.1' }),
    fact({ uscc: A, period: '2017-02', output: '200' }),
    fact({ uscc: B, period: '2017-02', output: '0.2', output_prev: '0.1' }),
  ];

  it('sums month values exactly and accumulates same-caliber pairs', () => {
    const [jan, feb] = recompute({ facts });

    expect(jan?.output.ytd).toBe('100.1');
    expect(feb?.output.month).toBe('200.2');
    expect(feb?.output.ytd).toBe('300.3');
    // Pairs with a base: (A, 1), (B, 1), (B, 2): (100 + 0.1 + 0.2) / (50 + 0.1 + 0.1) − 1
    expect(feb?.output.growth_coverage.ytd).toEqual({
      counted: 2,
      excluded: [A],
      current: '100.3',
      base: '50.2',
    });
    expect(feb?.output.ytd_yoy_pct).toBe(99.8);
    // February alone: only B has a base, 0.2 / 0.1 − 1 = 100 %
    expect(feb?.output.month_yoy_pct).toBe(100);
  });

  it('writes one report per month up to the last month with a fact, empty months included', () => {
    const reports = recompute({ facts: [...facts, fact({ uscc: A, period: '2017-04', output: '7' })] });

    expect(reports.map((r) => r.period)).toEqual(['2017-01', '2017-02', '2017-03', '2017-04']);
    expect(reports[2]?.output.month).toBe('0');
    expect(reports[2]?.output.ytd).toBe('300.3');
    expect(reports[2]?.enterprises.reporting).toBe(0);
    expect(reports[3]?.output.ytd).toBe('307.3');
  });

  it('returns nothing for a year without facts', () => {
    expect(recompute({ facts: [], priorFacts: facts })).toEqual([]);
  });

  it('produces reports that satisfy the ParkReport contract once a revision is added', () => {
    for (const report of recompute({ facts })) {
      expect(ParkReportSchema.safeParse({ ...report, revision: 1 }).success).toBe(true);
    }
  });
});

describe('recomputeParkYear: concentration, completeness, targets', () => {
  const facts = [
    fact({ uscc: A, period: '2017-01', value_added: '30', output: '400' }),
    fact({ uscc: B, period: '2017-01', value_added: '20', output: '300' }),
  ];

  it('leaves 工业集中度 null with a reason when no county figures were uploaded', () => {
    const report = only(recompute({ facts }));

    expect(report.concentration_pct).toBeNull();
    expect(report.county_ytd).toBeNull();
    expect(report.concentration_note).toContain('county-totals.csv');
  });

  it('leaves 工业集中度 null with a reason when the county file lacks the period', () => {
    const report = only(recompute({ facts, countyTotals: countyTotals({}) }));

    expect(report.concentration_pct).toBeNull();
    expect(report.concentration_note).toContain('2017-01');
  });

  it('divides the park’s year-to-date basis by the county’s', () => {
    const county = countyTotals({ '2017-01': { output_ytd: '1000', value_added_ytd: '70' } });

    const byValueAdded = only(recompute({ facts, countyTotals: county }));
    const byOutput = only(
      recompute({ facts, countyTotals: county, park: { ...testPark, concentration_basis: 'output' } }),
    );

    // 50 / 70 = 71.428…% → 71.43; 700 / 1000 = 70 %
    expect(byValueAdded.concentration_pct).toBe(71.43);
    expect(byValueAdded.county_ytd).toBe('70');
    expect(byValueAdded.concentration_note).toBeNull();
    expect(byOutput.concentration_pct).toBe(70);
    expect(byOutput.county_ytd).toBe('1000');
  });

  it('lists expected, reporting and missing enterprises from the register', () => {
    const reg = register([
      { uscc: D, name: '企业D', industry_code: null, above_scale: true },
      { uscc: A, name: '企业A', industry_code: null, above_scale: true },
      { uscc: C, name: '企业C', industry_code: null, above_scale: true },
    ]);

    expect(only(recompute({ facts, register: reg })).enterprises).toEqual({
      reporting: 2,
      expected: 3,
      missing: [C, D],
    });
    expect(only(recompute({ facts })).enterprises).toEqual({ reporting: 2, expected: null, missing: [] });
  });

  it('reports target completion from year-to-date output, and null targets for a year without them', () => {
    // 700 / 2000 = 35 %
    expect(only(recompute({ facts })).targets).toEqual({
      ...testPark.targets['2017'],
      output_completion_pct: 35,
    });
    const next = [fact({ uscc: A, period: '2018-01' })];
    expect(only(recompute({ facts: next, year: 2018 })).targets).toBeNull();
  });
});
