import { decimal, growthPercent, percent } from '../../../core/money.js';
import type { ReportRenderInput } from '../../../core/report-render/types.js';
import type { Indicator, ParkReport } from '../../../schemas/report.js';

/** An indicator with exact sums; the 2-decimal JSON growth is derived as the aggregate would. */
export function indicator(month: string, ytd: string, base: string, current: string = ytd): Indicator {
  const coverage = { counted: 3, excluded: [], current, base };
  return {
    month,
    ytd,
    month_yoy_pct: null,
    ytd_yoy_pct: growthPercent(decimal(current), decimal(base)),
    growth_coverage: { month: { counted: 0, excluded: [], current: '0', base: '0' }, ytd: coverage },
  };
}

/**
 * 双牌 1–11月 2017 as the work summary publishes it: 50.6亿元 (+45.2 %), 14.1亿元 (+8.6 %),
 * 0.3亿元 (+36.5 %), 集中度 69.81 %, 主导产业 86.8 %, targets 55亿元 / 21 % / 8 % / 20 % / 80 %.
 */
export function shuangpaiReport(overrides: Partial<ParkReport> = {}): ParkReport {
  const output = indicator('473000000', '5060000000', '3484848485');
  const valueAdded = indicator('131000000', '1410000000', '1298342541');
  const countyYtd = '2019767942';
  return {
    park: 'shuangpai',
    park_name: '双牌工业集中区',
    period: '2017-11',
    output,
    value_added: valueAdded,
    tax_paid: indicator('2710000', '30000000', '21978022'),
    concentration_pct: percent(decimal(valueAdded.ytd), decimal(countyYtd)),
    concentration_note: null,
    county_ytd: countyYtd,
    leading_industry_share_pct: percent(decimal('4392080000'), decimal(output.ytd)),
    leading_industry_output_ytd: '4392080000',
    enterprises: { reporting: 24, expected: 26, missing: ['91350100M000100Y43', '91431123MA4L1234X0'] },
    targets: {
      output_yuan: '5500000000',
      output_growth_pct: 21,
      value_added_growth_pct: 8,
      tax_growth_pct: 20,
      concentration_pct: 80,
      output_completion_pct: 92,
    },
    revision: 1,
    computed_at: '2017-12-03T01:00:00.000Z',
    ...overrides,
  };
}

/** A month of 双牌 for the trend charts: amounts scale with `factor`, concentration near 70 %. */
export function monthReport(period: string, factor: number): ParkReport {
  const [, m] = period.split('-').map(Number);
  const month = m ?? 1;
  const out = String(Math.round(400_000_000 * factor));
  const va = String(Math.round(110_000_000 * factor));
  const tax = String(Math.round(2_300_000 * factor));
  const ytd = (x: string) => String(BigInt(x) * BigInt(month));
  return shuangpaiReport({
    period,
    output: indicator(out, ytd(out), '1'),
    value_added: indicator(va, ytd(va), '1'),
    tax_paid: indicator(tax, ytd(tax), '1'),
    county_ytd: String((BigInt(ytd(va)) * 100n) / BigInt(60 + month)),
  });
}

export function renderInput(overrides: Partial<ReportRenderInput> = {}): ReportRenderInput {
  const report = shuangpaiReport();
  const history = [
    ...Array.from({ length: 12 }, (_, i) =>
      monthReport(`2016-${String(i + 1).padStart(2, '0')}`, 0.8 + i * 0.02),
    ),
    ...Array.from({ length: 10 }, (_, i) =>
      monthReport(`2017-${String(i + 1).padStart(2, '0')}`, 1.05 + i * 0.03),
    ),
  ];
  return {
    report,
    parkName: '双牌工业集中区',
    concentrationBasis: 'value_added',
    history,
    revision: { number: 1, publishedAt: '2017-12-05T01:30:00Z', changes: [], causes: [] },
    earlierRevisions: [],
    missing: [
      { uscc: '91350100M000100Y43', name: '永州市某某木业有限公司' },
      { uscc: '91431123MA4L1234X0', name: '双牌县某某电子科技有限公司' },
    ],
    openWarnings: [
      {
        uscc: '91431123MA4L5678Y1',
        name: '湖南某某新材料有限公司',
        period: '2017-11',
        rule: 'yoy_over_50',
        message: '工业总产值同比增长 212.0%,超过 ±50%',
        note: '新生产线10月投产',
      },
    ],
    ...overrides,
  };
}
