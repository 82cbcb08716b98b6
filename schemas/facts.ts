import * as z from 'zod';
import { EnterpriseRowSchema } from './enterprise-row.js';
import { PeriodSchema, UsccSchema, YuanSchema } from './money.js';

/**
 * Items of the facts table (partition key `pk`, sort key `sk`, both strings).
 * Amounts are stored as DynamoDB strings holding exact decimal 元, so no client ever
 * turns them into binary floating point. See docs/data-model.md.
 */

/** Where a stored item came from: the S3 object and its event order. */
export const SourceSchema = z.object({
  source_key: z.string(),
  /** S3 event sequencer of the object version, hex. Compare with `compareSequencers` (core/ingest/upload-key.ts). */
  source_sequencer: z.string(),
  source_version: z.string().nullable(),
  /** S3 eventTime of the source event, ISO 8601; orders uploads of different keys. */
  source_event_time: z.string(),
  ingested_at: z.string(),
});

/** One enterprise × period. pk `FACT#{park}#{yyyy}`, sk `{yyyy-mm}#{uscc}`. */
export const FactItemSchema = EnterpriseRowSchema.omit({ row: true })
  .extend(SourceSchema.shape)
  .extend({ pk: z.string(), sk: z.string(), park: z.string() });
export type FactItem = z.infer<typeof FactItemSchema>;

export const factKey = (park: string, period: string, uscc: string) => ({
  pk: `FACT#${park}#${period.slice(0, 4)}`,
  sk: `${period}#${uscc}`,
});

/** One enterprise of the register (reference/{park}/enterprises.csv). */
export const RegisterEntrySchema = z.object({
  uscc: UsccSchema,
  name: z.string(),
  industry_code: z.string().nullable(),
  above_scale: z.boolean(),
});
export type RegisterEntry = z.infer<typeof RegisterEntrySchema>;

/** The whole register of a park in one item: pk `REF#{park}`, sk `enterprises`. Replaced whole by a newer upload. */
export const RegisterItemSchema = SourceSchema.extend({
  pk: z.string(),
  sk: z.literal('enterprises'),
  park: z.string(),
  entries: z.array(RegisterEntrySchema),
});
export type RegisterItem = z.infer<typeof RegisterItemSchema>;

/** County 规上 year-to-date totals per period (reference/{park}/county-totals.csv): pk `REF#{park}`, sk `county-totals`. */
export const CountyTotalsItemSchema = SourceSchema.extend({
  pk: z.string(),
  sk: z.literal('county-totals'),
  park: z.string(),
  periods: z.record(PeriodSchema, z.object({ output_ytd: YuanSchema, value_added_ytd: YuanSchema })),
});
export type CountyTotalsItem = z.infer<typeof CountyTotalsItemSchema>;

export const referenceKey = (park: string, what: 'enterprises' | 'county-totals') => ({
  pk: `REF#${park}`,
  sk: what,
});

/** Message on the FIFO recompute queue (group id = park). */
export const RecomputeRequestSchema = z.object({
  park: z.string(),
  year: z.number().int().min(2000).max(2100),
  /** The upload key that caused it, for logs and revision notes. */
  cause: z.string(),
});
export type RecomputeRequest = z.infer<typeof RecomputeRequestSchema>;
