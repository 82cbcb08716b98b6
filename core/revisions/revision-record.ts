import * as z from 'zod';

/** One headline figure that differs between two publications of the same period. */
export const RevisionChangeSchema = z.object({
  /** Stable key of the figure, e.g. "output.ytd" or "concentration". */
  field: z.string().min(1),
  /** What the bureau reads, in Chinese with its unit, e.g. "规模工业总产值 1–11月累计(亿元)". */
  label: z.string().min(1),
  /** The figure as presented (or exact, when only the exact sum changed); null when absent. */
  before: z.string().nullable(),
  after: z.string().nullable(),
});
export type RevisionChange = z.infer<typeof RevisionChangeSchema>;

/** One publication of a period's report: revision 1 is the first, each later one lists what changed and why. */
export const RevisionRecordSchema = z.object({
  number: z.number().int().min(1),
  publishedAt: z.iso.datetime({ offset: true }),
  changes: z.array(RevisionChangeSchema),
  /** The upload keys whose facts caused this revision (late uploads, corrections), as given by the caller. */
  causes: z.array(z.string()),
});
export type RevisionRecord = z.infer<typeof RevisionRecordSchema>;
