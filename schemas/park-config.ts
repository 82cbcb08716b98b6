import * as z from 'zod';
import { YuanSchema } from './money.js';

/** Yearly targets (指标值) of a park. Growth and shares are percentages, e.g. 21 for 21 %. */
export const ParkTargetsSchema = z.object({
  /** 规模工业总产值 target for the year, in 元. */
  output_yuan: YuanSchema,
  output_growth_pct: z.number(),
  value_added_growth_pct: z.number(),
  tax_growth_pct: z.number(),
  concentration_pct: z.number(),
});
export type ParkTargets = z.infer<typeof ParkTargetsSchema>;

export const ParkSchema = z.object({
  /** Key-safe id used in S3 keys and table keys: lower-case letters, digits, dashes. */
  id: z.string().regex(/^[a-z][a-z0-9-]{1,40}$/),
  name: z.string().min(1),
  /** 县级行政区划代码 (GB/T 2260), six digits. */
  county_code: z.string().regex(/^\d{6}$/),
  /** What 工业集中度 divides: park value added or park output, over the county's. */
  concentration_basis: z.enum(['value_added', 'output']),
  /** Leading industries (主导产业) as GB/T 4754 code prefixes, e.g. "C20". */
  leading_industries: z.array(z.string().regex(/^[A-T]\d{0,4}$/)).min(1),
  /** Targets per year, keyed by "YYYY". */
  targets: z.record(z.string().regex(/^\d{4}$/), ParkTargetsSchema),
});
export type Park = z.infer<typeof ParkSchema>;

export const ParksConfigSchema = z
  .object({ parks: z.array(ParkSchema).min(1) })
  .refine((c) => new Set(c.parks.map((p) => p.id)).size === c.parks.length, {
    message: 'park ids must be unique',
  });
export type ParksConfig = z.infer<typeof ParksConfigSchema>;
