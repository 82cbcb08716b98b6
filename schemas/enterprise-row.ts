import * as z from 'zod';
import { PeriodSchema, UsccSchema, YuanSchema } from './money.js';

/**
 * One normalized row of an enterprise monthly file: one enterprise, one period,
 * all amounts converted to exact decimal 元 whatever unit the file used.
 */
export const EnterpriseRowSchema = z.object({
  /** Spreadsheet row number of the source line (header = 1). */
  row: z.number().int().min(2),
  uscc: UsccSchema,
  name: z.string().min(1),
  period: PeriodSchema,
  output: YuanSchema,
  value_added: YuanSchema,
  tax_paid: YuanSchema,
  /** Same month last year as reported by the enterprise (同口径 base); "0" means a new plant; null = not given. */
  output_prev: YuanSchema.nullable(),
  value_added_prev: YuanSchema.nullable(),
  tax_paid_prev: YuanSchema.nullable(),
  /** 是否规上; default true. */
  above_scale: z.boolean(),
  /** GB/T 4754-2017 code normalized with its section letter, e.g. "C2021"; null when not given. */
  industry_code: z
    .string()
    .regex(/^[A-T]\d{2,4}$/)
    .nullable(),
  /** 情况说明: the explanation that answers a soft warning. */
  note: z.string().nullable(),
});
export type EnterpriseRow = z.infer<typeof EnterpriseRowSchema>;
