/**
 * A child process that plays the ingest Lambda alone: one poller on the ingest queue of a
 * local stack run by its parent (the fault suite), invoking the real ingest handler. The
 * parent kills it with SIGKILL at random points and starts another, as Lambda's host dying
 * mid-batch would. Endpoints, names and queue come from the environment; one line on
 * stdout per event: `ready`, `invoke <records>`, `done`.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import { startQueuePoller } from '../../local/queue-poller.js';
import { LOCAL_REGION, QUEUES } from '../../local/resources.js';

const { handler } = await import('../../functions/ingest/handler.js');
const queueUrl = process.env.PARKSTATS_INGEST_QUEUE_URL ?? '';
const queueArn = process.env.FAULTS_INGEST_QUEUE_ARN ?? '';
const batchSize = Number(process.env.FAULTS_INGEST_BATCH_SIZE ?? QUEUES.ingest.batchSize);

startQueuePoller({
  sqs: new SQSClient({}),
  queueUrl,
  queueArn,
  region: LOCAL_REGION,
  functionName: 'parkstats-ingest',
  handler: async (event: SQSEvent, context: Context) => {
    process.stdout.write(`invoke ${event.Records.length}\n`);
    const result = await handler(event, context, () => undefined);
    process.stdout.write('done\n');
    return result;
  },
  batchSize,
  functionTimeoutMs: QUEUES.ingest.functionTimeoutSeconds * 1000,
  retryDelaySeconds: 0,
  waitTimeSeconds: 1,
});
process.stdout.write('ready\n');
