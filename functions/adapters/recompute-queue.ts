import { createHash } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { RecomputeRequest } from '../../schemas/facts.js';

/** Asks the aggregate function to recompute a park × year (FIFO queue, one group per park). */
export interface RecomputeQueue {
  /** `sequencer` identifies the upload event, so a redelivered event does not enqueue twice within SQS's 5-minute window. */
  request(request: RecomputeRequest, sequencer: string): Promise<void>;
}

export function createRecomputeQueue(client: SQSClient, queueUrl: string): RecomputeQueue {
  return {
    async request(request, sequencer) {
      const deduplicationId = createHash('sha256')
        .update(JSON.stringify([request.park, request.year, request.cause, sequencer]))
        .digest('hex');
      await client.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: JSON.stringify(request),
          MessageGroupId: request.park,
          MessageDeduplicationId: deduplicationId,
        }),
      );
    },
  };
}
