import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SQSHandler, SQSRecord } from 'aws-lambda';
import { createFactsRepository } from '../adapters/facts-writer.js';
import { createObjectSource } from '../adapters/object-source.js';
import { createReceiptStore } from '../adapters/receipt-store.js';
import { createRecomputeQueue } from '../adapters/recompute-queue.js';
import { dynamo, s3, sqs } from '../shared/aws-clients.js';
import { readConfig } from '../shared/config.js';
import { logger, metrics } from '../shared/observability.js';
import type { IngestDeps, IngestOutcome } from './context.js';
import { ingestObjectEvent } from './ingest-service.js';
import { objectEventsOf } from './s3-event.js';
import { isTransientError } from './transient-errors.js';

const config = readConfig();
const deps: IngestDeps = {
  objects: createObjectSource(s3, config.PARKSTATS_UPLOAD_BUCKET),
  facts: createFactsRepository(dynamo, config.PARKSTATS_FACTS_TABLE),
  receipts: createReceiptStore(s3, config.PARKSTATS_UPLOAD_BUCKET),
  recompute: createRecomputeQueue(sqs, config.PARKSTATS_RECOMPUTE_QUEUE_URL),
  now: () => new Date(),
};
const processor = new BatchProcessor(EventType.SQS);

export class MalformedMessageError extends Error {
  override name = 'MalformedMessageError';
}

/**
 * One SQS message: its S3 records in order. A bad file is not an error (its receipt says
 * so and the message is deleted); any thrown error fails the record, so SQS redelivers it
 * and, after the queue's maxReceiveCount, moves it to the DLQ. Every step is idempotent,
 * so a retry after a partial run ends in exactly the state a single run would have.
 */
async function recordHandler(record: SQSRecord): Promise<void> {
  const events = objectEventsOf(record.body);
  if (events === 'malformed') {
    logger.error('ingest message is not an S3 event notification', { messageId: record.messageId });
    throw new MalformedMessageError(`message ${record.messageId} is not an S3 event notification`);
  }
  for (const event of events) {
    logger.appendKeys({ correlation_id: event.key });
    try {
      const outcome = await ingestObjectEvent(event, deps);
      logger.info('ingested', { action: event.action, sequencer: event.sequencer, ...summarize(outcome) });
      countOutcome(outcome);
    } catch (error) {
      const transient = isTransientError(error);
      metrics.addMetric(transient ? 'TransientFailures' : 'UnexpectedFailures', MetricUnit.Count, 1);
      logger.error('ingest failed; the message will be retried', { transient, error: error as Error });
      throw error;
    } finally {
      logger.removeKeys(['correlation_id']);
    }
  }
}

export const handler: SQSHandler = async (event, context) => {
  logger.addContext(context);
  try {
    // A batch where every record failed is reported like any other partial failure, so
    // each message follows its own retry count to the DLQ.
    return await processPartialResponse(event, recordHandler, processor, {
      context,
      throwOnFullBatchFailure: false,
    });
  } finally {
    // A batch of test events or ignored keys records nothing; publishing then only warns.
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  }
};

function countOutcome(outcome: IngestOutcome): void {
  if (outcome.status === 'accepted' || outcome.status === 'rejected') {
    metrics.addMetric(outcome.status === 'accepted' ? 'FilesAccepted' : 'FilesRejected', MetricUnit.Count, 1);
    if (outcome.status === 'accepted' && outcome.receipt.kind === 'enterprise-monthly') {
      metrics.addMetric('RowsIngested', MetricUnit.Count, outcome.receipt.facts_written);
      metrics.addMetric('FactsSuperseded', MetricUnit.Count, outcome.receipt.facts_superseded);
    }
  }
  if (outcome.status === 'counted') metrics.addMetric('LateVersionsCounted', MetricUnit.Count, 1);
  if (outcome.status === 'stale') metrics.addMetric('StaleEvents', MetricUnit.Count, 1);
  if ('retracted' in outcome && outcome.retracted > 0) {
    metrics.addMetric('FactsRetracted', MetricUnit.Count, outcome.retracted);
  }
}

function summarize(outcome: IngestOutcome): Record<string, unknown> {
  if (outcome.status === 'accepted' || outcome.status === 'rejected') {
    const { receipt } = outcome;
    return {
      status: outcome.status,
      rows: receipt.rows,
      errors: receipt.errors.length,
      warnings: receipt.warnings.length,
      facts_written: receipt.facts_written,
      facts_superseded: receipt.facts_superseded,
      retracted: outcome.retracted,
    };
  }
  return { ...outcome };
}
