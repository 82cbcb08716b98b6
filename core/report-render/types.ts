import * as z from 'zod';
import { PeriodSchema, UsccSchema } from '../../schemas/money.js';
import { ParkSchema } from '../../schemas/park-config.js';
import { ParkReportSchema } from '../../schemas/report.js';
import { RevisionRecordSchema } from '../revisions/revision-record.js';

export const MissingEnterpriseSchema = z.object({ uscc: UsccSchema, name: z.string() });
export type MissingEnterprise = z.infer<typeof MissingEnterpriseSchema>;

/** A soft warning (核实性审核) still open for an enterprise, with its 情况说明 when one was given. */
export const OpenWarningSchema = z.object({
  uscc: UsccSchema,
  name: z.string(),
  period: PeriodSchema,
  rule: z.string().min(1),
  message: z.string(),
  note: z.string().nullable(),
});
export type OpenWarning = z.infer<typeof OpenWarningSchema>;

/**
 * Everything the bureau report files are rendered from. The renderers are pure: the report
 * handler gathers this (totals, register, findings, revision log) and writes the results.
 */
export const ReportRenderInputSchema = z.object({
  report: ParkReportSchema,
  parkName: z.string().min(1),
  /** The park's 工业集中度 basis (config/parks.json): which indicator is divided by `report.county_ytd`. */
  concentrationBasis: ParkSchema.shape.concentration_basis,
  /** Reports of other months of this year and last year, for the trend charts; order does not matter. */
  history: z.array(ParkReportSchema),
  /** The revision being published. */
  revision: RevisionRecordSchema,
  /** Revisions published before this one, oldest first. */
  earlierRevisions: z.array(RevisionRecordSchema),
  missing: z.array(MissingEnterpriseSchema),
  openWarnings: z.array(OpenWarningSchema),
});
export type ReportRenderInput = z.infer<typeof ReportRenderInputSchema>;
