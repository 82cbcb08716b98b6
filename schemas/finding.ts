import * as z from 'zod';

/** One result of validating a file: a hard error (强制性审核) or a soft warning (核实性审核). */
export const FindingSchema = z.object({
  /** Spreadsheet row as Excel shows it (header = row 1); null for file-level findings. */
  row: z.number().int().positive().nullable(),
  /** The column header as written in the file; null when the finding is not about one column. */
  column: z.string().nullable(),
  /** Stable rule id, e.g. "uscc.check_char"; see core/ingest/rules.ts for the catalogue. */
  rule: z.string().min(1),
  severity: z.enum(['error', 'warning']),
  /** Chinese message a statistician understands. */
  message: z.string().min(1),
  /** The same message in English. */
  message_en: z.string().min(1),
  /** The row's 情况说明 when it answers a soft warning: the warning stays listed, marked as explained. */
  note: z.string().optional(),
});
export type Finding = z.infer<typeof FindingSchema>;
export type Severity = Finding['severity'];
