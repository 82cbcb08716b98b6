import { parks } from '../../core/parks.js';
import { dynamo, s3, sns } from '../shared/aws-clients.js';
import { readConfig } from '../shared/config.js';
import { logger } from '../shared/observability.js';
import { buildReportPublisher } from './build-report-publisher.js';
import type { PublicationResult } from './publish-service.js';
import { resolveReportRequest } from './report-event.js';

const config = readConfig();
const publisher = buildReportPublisher(
  { s3, dynamo, sns },
  {
    uploadBucket: config.PARKSTATS_UPLOAD_BUCKET,
    reportsBucket: config.PARKSTATS_REPORTS_BUCKET,
    factsTable: config.PARKSTATS_FACTS_TABLE,
    totalsTable: config.PARKSTATS_TOTALS_TABLE,
    bureauTopicArn: config.PARKSTATS_BUREAU_TOPIC_ARN,
  },
);

/** Some parks could not be published; the others were. A rerun republishes nothing unchanged. */
export class ReportPublicationError extends Error {
  override name = 'ReportPublicationError';
}

export interface ReportHandlerResult {
  period: string;
  publications: PublicationResult[];
}

/**
 * EventBridge Scheduler → one publication per park. Parks are independent: one failing does
 * not stop the others, and the invocation then fails so the Scheduler's retry policy runs it
 * again — parks already published come back unchanged.
 */
export const handler = async (event: unknown): Promise<ReportHandlerResult> => {
  const request = resolveReportRequest(event, parks, new Date());
  const outcomes = await Promise.allSettled(
    request.parks.map((park) => publisher.publish(park, request.period)),
  );
  const publications: PublicationResult[] = [];
  const failed: string[] = [];
  outcomes.forEach((outcome, i) => {
    const park = request.parks[i]?.id ?? '';
    if (outcome.status === 'fulfilled') {
      publications.push(outcome.value);
      logger.info('report publication', { ...outcome.value });
      if (outcome.value.status === 'published' && !outcome.value.notified) {
        logger.warn('PARKSTATS_BUREAU_TOPIC_ARN is not set: the bureau was not notified', { park });
      }
    } else {
      failed.push(park);
      logger.error('report publication failed', { park, period: request.period, error: outcome.reason });
    }
  });
  if (failed.length > 0) {
    throw new ReportPublicationError(`report ${request.period} failed for: ${failed.join(', ')}`);
  }
  return { period: request.period, publications };
};
