import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface QueueWithDlqProps {
  /** FIFO queue and FIFO dead-letter queue (the recompute queue, one group per park). @default false */
  readonly fifo?: boolean;
  /**
   * Must be at least six times the consuming function's timeout (AWS guidance for SQS event
   * sources), so a message is not redelivered while a slow batch is still running.
   */
  readonly visibilityTimeout: Duration;
  /** Receives before a message moves to the DLQ; the local stack uses the same 3. @default 3 */
  readonly maxReceiveCount?: number;
}

/**
 * A work queue and its dead-letter queue with the project's defaults: SQS-managed
 * encryption, TLS-only access policy, 14 days of retention on the DLQ so ops have time to
 * look before redriving with `aws sqs start-message-move-task`.
 */
export class QueueWithDlq extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: QueueWithDlqProps) {
    super(scope, id);
    const fifo = props.fifo ?? false;
    const common = {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      ...(fifo ? { fifo: true } : {}),
    } satisfies sqs.QueueProps;

    this.deadLetterQueue = new sqs.Queue(this, 'Dlq', {
      ...common,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      ...common,
      visibilityTimeout: props.visibilityTimeout,
      // Content-based deduplication lets a producer send the same (park, year) twice within
      // five minutes and have it coalesced, which is exactly the recompute semantics.
      ...(fifo ? { contentBasedDeduplication: true } : {}),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 3 },
    });
  }
}
