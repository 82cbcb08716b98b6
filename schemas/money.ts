import * as z from 'zod';

/**
 * An amount in 元 as an exact decimal string: digits, optionally a point and more digits,
 * no sign, no exponent, no thousands separators ("1234500", "1234567.89").
 * Never a JavaScript number: sums are done with big.js (core/money.ts).
 */
export const YuanSchema = z
  .string()
  .regex(/^(0|[1-9]\d*)(\.\d*[1-9])?$/, 'an exact decimal amount in 元, e.g. "1234500" or "12.5"');
export type Yuan = z.infer<typeof YuanSchema>;

/** A statistics period, year and month: "2017-11". */
export const PeriodSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a period YYYY-MM');
export type Period = z.infer<typeof PeriodSchema>;

/** 统一社会信用代码: 18 characters of 0-9A-HJ-NPQRTUWXY (GB 32100-2015); the check character is verified by core. */
export const UsccSchema = z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, 'an 18-character USCC');
export type Uscc = z.infer<typeof UsccSchema>;
