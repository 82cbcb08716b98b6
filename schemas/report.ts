import * as z from 'zod';
import { PeriodSchema, UsccSchema, YuanSchema } from './money.js';

/** Which enterprises same-caliber growth counted, and which it left out for lack of a base. */
export const GrowthCoverageSchema = z.object({
  /** Enterprises with a base (reported 上年同期 or last year's fact), counted in growth. */
  counted: z.number().int().min(0),
  /** Enterprises left out of growth for lack of a base. */
  excluded: z.array(UsccSchema),
  /** Same-caliber sums behind the growth figure, exact 元: Σ current and Σ base over the counted enterprises. */
  current: YuanSchema,
  base: YuanSchema,
});
export type GrowthCoverage = z.infer<typeof GrowthCoverageSchema>;

/** One amount indicator (规模工业总产值, 增加值 or 实缴税金) for a period. */
export const IndicatorSchema = z.object({
  /** This month, 元, exact decimal string. */
  month: YuanSchema,
  /** Year to date (1..m), 元. */
  ytd: YuanSchema,
  /** Same-caliber growth in %, rounded half-up to 2 decimals; null when no enterprise has a base. */
  month_yoy_pct: z.number().nullable(),
  ytd_yoy_pct: z.number().nullable(),
  growth_coverage: z.object({ month: GrowthCoverageSchema, ytd: GrowthCoverageSchema }),
});
export type Indicator = z.infer<typeof IndicatorSchema>;

export const TargetCompletionSchema = z.object({
  output_yuan: YuanSchema,
  output_growth_pct: z.number(),
  value_added_growth_pct: z.number(),
  tax_growth_pct: z.number(),
  concentration_pct: z.number(),
  /** Year-to-date output / yearly output target, %; null when the output target is 0. */
  output_completion_pct: z.number().nullable(),
});
export type TargetCompletion = z.infer<typeof TargetCompletionSchema>;

/**
 * Percentages here are rounded half-up to 2 decimals for JSON; presentation at 1 decimal
 * (the bureau's tables) recomputes from the exact sums carried alongside, never from the
 * rounded number, so that nothing is rounded twice.
 *
 * The park's indicators for one period, as the aggregate handler writes them and
 * `parkstats report --format json` prints them. Field names may be added to, never changed.
 */
export const ParkReportSchema = z.object({
  park: z.string(),
  park_name: z.string(),
  period: PeriodSchema,
  output: IndicatorSchema,
  value_added: IndicatorSchema,
  tax_paid: IndicatorSchema,
  /** 工业集中度, %, 2 decimals; null with concentration_note when the county figure is missing. */
  concentration_pct: z.number().nullable(),
  concentration_note: z.string().nullable(),
  /** The county's year-to-date figure on the park's concentration basis, exact 元; null when not uploaded. */
  county_ytd: YuanSchema.nullable(),
  /** 主导产业占比, %, 2 decimals; null when the park has no output. */
  leading_industry_share_pct: z.number().nullable(),
  /** Year-to-date output of the leading industries, exact 元 (the numerator of the share). */
  leading_industry_output_ytd: YuanSchema,
  enterprises: z.object({
    reporting: z.number().int().min(0),
    /** From the register; null when no register was uploaded. */
    expected: z.number().int().min(0).nullable(),
    missing: z.array(UsccSchema),
  }),
  /** null when the park has no targets for the year. */
  targets: TargetCompletionSchema.nullable(),
  /** Increases by one each time the totals of this period change. */
  revision: z.number().int().min(1),
  computed_at: z.string(),
});
export type ParkReport = z.infer<typeof ParkReportSchema>;
