import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import type { SQSHandler, SQSRecord } from 'aws-lambda';
import { parks } from '../../core/parks.js';
import { RecomputeRequestSchema } from '../../schemas/facts.js';
import { createParkDataReader } from '../adapters/park-data-reader.js';
import { createTotalsRepository } from '../adapters/totals-repository.js';
import { dynamo } from '../shared/aws-clients.js';
import { readConfig } from '../shared/config.js';
import { logger, metrics } from '../shared/observability.js';
import { createRecomputeService } from './recompute-service.js';

const config = readConfig();
const service = createRecomputeService({
  reader: createParkDataReader(dynamo, config.PARKSTATS_FACTS_TABLE),
  totals: createTotalsRepository(dynamo, config.PARKSTATS_TOTALS_TABLE),
  parks,
  logger,
  metrics,
  now: () => new Date(),
});
const processor = new SqsFifoPartialProcessorAsync();
const RecomputeMessageSchema = JSONStringified(RecomputeRequestSchema);

/**
 * A body that is not a RecomputeRequest. Only our ingest function writes this queue, so
 * it is a bug: it fails like any error and reaches the DLQ after the queue's retries,
 * where it is kept for inspection and an alarm fires — dropping it would lose a recompute
 * silently. Its park's later messages wait behind it meanwhile (FIFO), a bounded delay.
 */
export class MalformedRecomputeMessageError extends Error {}

/**
 * FIFO recompute queue → totals. Records run in order, one at a time; with
 * `skipGroupOnError` a failure fails the rest of its park's records in the batch (kept in
 * order for the retry) and lets other parks go on.
 */
export const handler: SQSHandler = async (event, context) => {
  logger.addContext(context);
  const batch = service.startBatch();
  const recordHandler = async (record: SQSRecord) => {
    const parsed = RecomputeMessageSchema.safeParse(record.body);
    if (!parsed.success) {
      logger.error('malformed recompute message', {
        messageId: record.messageId,
        body: record.body.slice(0, 1000),
        issues: parsed.error.issues,
      });
      throw new MalformedRecomputeMessageError(`message ${record.messageId} is not a recompute request`);
    }
    return batch.handle(parsed.data);
  };
  try {
    return await processPartialResponse(event, recordHandler, processor, { context, skipGroupOnError: true });
  } finally {
    // A batch that was all coalesced or failed recorded nothing; publishing would only warn.
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  }
};
