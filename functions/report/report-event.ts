import * as z from 'zod';
import { PeriodSchema } from '../../schemas/money.js';
import type { Park, ParksConfig } from '../../schemas/park-config.js';
import { DEFAULT_REPORT_CRON, reportedPeriod } from './schedule.js';

/**
 * What EventBridge Scheduler (or `parkstats local`) sends the report function. Both fields
 * are optional: no period → the month before the invocation in Asia/Shanghai; no parks → every
 * configured park.
 */
export const ReportEventSchema = z
  .object({
    period: PeriodSchema.optional(),
    parks: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict();
export type ReportEvent = z.infer<typeof ReportEventSchema>;

/** An event the function cannot act on; the message names the problem. */
export class ReportEventError extends Error {
  override name = 'ReportEventError';
}

export interface ReportRequest {
  period: string;
  parks: Park[];
}

/** Validates an event and fills its defaults; throws ReportEventError on a malformed event or an unknown park. */
export function resolveReportRequest(raw: unknown, config: ParksConfig, now: Date): ReportRequest {
  const parsed = ReportEventSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`);
    throw new ReportEventError(`invalid report event: ${problems.join('; ')}`);
  }
  const ids = parsed.data.parks;
  const unknown = ids?.filter((id) => !config.parks.some((p) => p.id === id)) ?? [];
  if (unknown.length > 0)
    throw new ReportEventError(`unknown park(s) in report event: ${unknown.join(', ')}`);
  return {
    period: parsed.data.period ?? reportedPeriod(now, DEFAULT_REPORT_CRON.tz),
    parks: ids === undefined ? config.parks : config.parks.filter((p) => ids.includes(p.id)),
  };
}
