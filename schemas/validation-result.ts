import * as z from 'zod';
import { FindingSchema } from './finding.js';

/** What `parkstats validate --json` prints and what every receipt starts with. */
export const ValidationResultSchema = z.object({
  accepted: z.boolean(),
  /** Data rows read (blank lines not counted). */
  rows: z.number().int().min(0),
  errors: z.array(FindingSchema),
  warnings: z.array(FindingSchema),
});
export type ValidationResult = z.infer<typeof ValidationResultSchema>;
