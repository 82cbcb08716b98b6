import * as z from 'zod';
import { PeriodSchema } from './money.js';
import { ValidationResultSchema } from './validation-result.js';

/**
 * The receipt written next to every upload: receipts/{upload key}.json (and a Chinese .txt).
 * Accepted or rejected, every upload gets one.
 */
export const ReceiptSchema = ValidationResultSchema.extend({
  /** The upload's S3 key, decoded. */
  key: z.string(),
  park: z.string().nullable(),
  /** The enterprise USCC of an enterprise key, "_office" for the park office, null for reference files. */
  enterprise: z.string().nullable(),
  kind: z.enum(['enterprise-monthly', 'register', 'county-totals']),
  /** S3 event sequencer and version id of the object this receipt is for. */
  sequencer: z.string(),
  version_id: z.string().nullable(),
  /** Detected text encoding of the file: "utf-8", "utf-8-bom", "gb18030". */
  encoding: z.string().nullable(),
  periods: z.array(PeriodSchema),
  /** Facts written (new or replaced) and skipped because a newer upload already holds them. */
  facts_written: z.number().int().min(0),
  facts_superseded: z.number().int().min(0),
  /**
   * For a rejected upload whose key still has an earlier accepted version: that version, whose
   * figures stay in effect (S3 event sequencer, version id, event time). Null otherwise.
   */
  kept_version: z
    .object({ sequencer: z.string(), version_id: z.string().nullable(), event_time: z.string() })
    .nullable(),
  processed_at: z.string(),
});
export type Receipt = z.infer<typeof ReceiptSchema>;
