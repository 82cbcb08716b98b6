import * as z from 'zod';
import expectedJson from './expected.json' with { type: 'json' };

/**
 * The park's published 1–11月 2017 figures as printed in its work summary, in the
 * presentation the bureau uses: 亿元 to 1 decimal, growth and shares to 1 decimal,
 * 工业集中度 to 2 decimals. Strings, so that "0.3" and "92.0" compare exactly.
 */
const Decimal1 = z.string().regex(/^\d+\.\d$/);
export const PublishedFiguresSchema = z.object({
  output_ytd_yi: Decimal1,
  output_ytd_yoy_pct: Decimal1,
  value_added_ytd_yi: Decimal1,
  value_added_ytd_yoy_pct: Decimal1,
  tax_paid_ytd_yi: Decimal1,
  tax_paid_ytd_yoy_pct: Decimal1,
  concentration_pct: z.string().regex(/^\d+\.\d{2}$/),
  leading_industry_share_pct: Decimal1,
  output_completion_pct: Decimal1,
});
export type PublishedFigures = z.infer<typeof PublishedFiguresSchema>;

const ExpectedSchema = z.object({
  park: z.string(),
  period: z.string(),
  figures: PublishedFiguresSchema,
  targets: z.object({
    output_yi: z.string(),
    output_growth_pct: z.string(),
    value_added_growth_pct: z.string(),
    tax_growth_pct: z.string(),
    concentration_pct: z.string(),
  }),
});
export type ExpectedDemo = z.infer<typeof ExpectedSchema>;

const expected: ExpectedDemo = ExpectedSchema.parse(expectedJson);

/** The demo's park, period and the nine published figures the pipeline must reproduce. */
export function expectedFigures(): ExpectedDemo {
  return expected;
}
