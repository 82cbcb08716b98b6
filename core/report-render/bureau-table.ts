import type { Park } from '../../schemas/park-config.js';
import type { Indicator, ParkReport } from '../../schemas/report.js';
import { type Decimal, decimal, formatWan, formatYi, roundHalfUp } from '../money.js';

/** What 工业集中度 divides, as configured per park. */
export type ConcentrationBasis = Park['concentration_basis'];

export type BureauRowKey = 'output' | 'value_added' | 'tax_paid' | 'concentration' | 'leading_industry_share';

/** A target (指标值): a level (亿元 for output, % for concentration) and/or a growth rate in %. */
export interface BureauTarget {
  level: string | null;
  growthPct: string | null;
}

/**
 * One line of the bureau table, every figure already as published (a string with a fixed
 * number of decimals, half-up), or null where the cell is empty.
 */
export interface BureauRow {
  key: BureauRowKey;
  /** Indicator name without unit, e.g. 规模工业总产值. */
  name: string;
  /** Unit of the 累计 and 指标值 level, e.g. 亿元 or %. */
  unit: string;
  /** This month in 万元, 1 decimal (amount indicators only). */
  month: string | null;
  /** Year to date: 亿元 1 decimal for amounts, % for shares. */
  ytd: string | null;
  /** Same-caliber year-to-date growth, %, 1 decimal. */
  growthPct: string | null;
  target: BureauTarget | null;
  /** 完成率: the year-to-date level over the target level, %, 1 decimal. */
  completionPct: string | null;
}

export interface BureauTable {
  /** e.g. "双牌工业集中区 2017年1–11月 主要经济指标". */
  title: string;
  /** e.g. "1–11月". */
  span: string;
  headers: readonly string[];
  rows: BureauRow[];
  /** Footnotes: units, rounding, why a cell is empty. */
  notes: string[];
}

/** The three amount indicators, in the bureau's order. */
export const AMOUNT_INDICATORS = [
  { key: 'output', name: '规模工业总产值' },
  { key: 'value_added', name: '规模工业增加值' },
  { key: 'tax_paid', name: '实缴税金' },
] as const;
export type AmountKey = (typeof AMOUNT_INDICATORS)[number]['key'];

export function periodParts(period: string): { year: number; month: number } {
  const [year, month] = period.split('-').map(Number);
  return { year: year ?? 0, month: month ?? 0 };
}

/** "1–11月", or "1月" in January. */
function spanLabel(period: string): string {
  const { month } = periodParts(period);
  return month === 1 ? '1月' : `1–${month}月`;
}

/** Growth `current / base − 1` in %, half-up at `dp`, from the exact same-caliber sums; null without a base. */
function growthText(coverage: Indicator['growth_coverage']['ytd'], dp: number): string | null {
  const base = decimal(coverage.base);
  if (base.eq(0)) return null;
  return roundHalfUp(decimal(coverage.current).minus(base).times(100).div(base), dp);
}

/** Exact `numerator / denominator × 100`; null when the denominator is 0. */
function exactPercent(numerator: Decimal, denominator: Decimal): Decimal | null {
  return denominator.eq(0) ? null : numerator.times(100).div(denominator);
}

/** 工业集中度 as an exact %, from the park's year-to-date figure on its basis over the county's. */
export function exactConcentration(report: ParkReport, basis: ConcentrationBasis): Decimal | null {
  if (report.county_ytd === null) return null;
  return exactPercent(decimal(report[basis].ytd), decimal(report.county_ytd));
}

function targetNumber(value: number): string {
  return decimal(String(value)).toFixed();
}

function amountRow(report: ParkReport, key: AmountKey, name: string): BureauRow {
  const indicator = report[key];
  const targets = report.targets;
  let target: BureauTarget | null = null;
  let completionPct: string | null = null;
  if (targets !== null) {
    if (key === 'output') {
      target = { level: formatYi(targets.output_yuan), growthPct: targetNumber(targets.output_growth_pct) };
      const ratio = exactPercent(decimal(indicator.ytd), decimal(targets.output_yuan));
      completionPct = ratio === null ? null : roundHalfUp(ratio, 1);
    } else {
      const growth = key === 'value_added' ? targets.value_added_growth_pct : targets.tax_growth_pct;
      target = { level: null, growthPct: targetNumber(growth) };
    }
  }
  return {
    key,
    name,
    unit: '亿元',
    month: formatWan(indicator.month, 1),
    ytd: formatYi(indicator.ytd, 1),
    growthPct: growthText(indicator.growth_coverage.ytd, 1),
    target,
    completionPct,
  };
}

function concentrationRow(report: ParkReport, basis: ConcentrationBasis): BureauRow {
  const exact = exactConcentration(report, basis);
  const targetPct = report.targets?.concentration_pct ?? null;
  const completion =
    exact === null || targetPct === null ? null : exactPercent(exact, decimal(targetNumber(targetPct)));
  return {
    key: 'concentration',
    name: '工业集中度',
    unit: '%',
    month: null,
    ytd: exact === null ? null : roundHalfUp(exact, 2),
    growthPct: null,
    target: targetPct === null ? null : { level: targetNumber(targetPct), growthPct: null },
    completionPct: completion === null ? null : roundHalfUp(completion, 1),
  };
}

function leadingShareRow(report: ParkReport): BureauRow {
  const share = exactPercent(decimal(report.leading_industry_output_ytd), decimal(report.output.ytd));
  return {
    key: 'leading_industry_share',
    name: '主导产业占比',
    unit: '%',
    month: null,
    ytd: share === null ? null : roundHalfUp(share, 1),
    growthPct: null,
    target: null,
    completionPct: null,
  };
}

/**
 * The bureau's headline table for one period: 指标 | 本月 | 1–N月累计 | 同比增长% | 指标值 | 完成率.
 *
 * 本月 is in 万元 (1 decimal), as monthly values are written in the county's 统计月报; the
 * year-to-date amounts and the amount target are in 亿元 (1 decimal), as headlines are. Every
 * figure is rounded half-up once, here, from the exact sums in the report (growth from
 * growth_coverage.current/base, shares from their numerators), never from a rounded figure.
 * The one model feeds the CSV, XLSX, HTML and terminal renderers.
 */
export function buildBureauTable(
  report: ParkReport,
  parkName: string,
  concentrationBasis: ConcentrationBasis,
): BureauTable {
  const { year } = periodParts(report.period);
  const span = spanLabel(report.period);
  const notes = [
    '本月单位为万元;累计与总产值指标值单位为亿元;工业集中度、主导产业占比单位为%。',
    '同比增长按同口径计算(仅含有上年同期基数的企业);所有数字在发布时四舍五入,计算使用精确值。',
    `工业集中度 = 园区规上工业${concentrationBasis === 'value_added' ? '增加值' : '总产值'}累计 / 全县同口径累计。`,
  ];
  if (report.concentration_note !== null) notes.push(`工业集中度:${report.concentration_note}`);
  return {
    title: `${parkName} ${year}年${span} 主要经济指标`,
    span,
    headers: ['指标', '本月(万元)', `${span}累计`, '同比增长(%)', '指标值', '完成率(%)'],
    rows: [
      ...AMOUNT_INDICATORS.map((a) => amountRow(report, a.key, a.name)),
      concentrationRow(report, concentrationBasis),
      leadingShareRow(report),
    ],
    notes,
  };
}

/** The 指标 cell: name and unit, e.g. "规模工业总产值(亿元)". */
export function rowLabel(row: BureauRow): string {
  return `${row.name}(${row.unit})`;
}

/** The 指标值 cell as text: "55.0亿元;增长21%", "增长8%", "80%"; null without a target. */
export function targetText(row: BureauRow): string | null {
  if (row.target === null) return null;
  const parts: string[] = [];
  if (row.target.level !== null) parts.push(`${row.target.level}${row.unit}`);
  if (row.target.growthPct !== null) parts.push(`增长${row.target.growthPct}%`);
  return parts.join(';');
}
