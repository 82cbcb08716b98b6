import {
  BillingMode,
  CreateTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, type SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';

/**
 * Everything the CDK stack creates, as the local stack creates it. Keep this file side by
 * side with infra/ when either changes: names, queue settings and notification filters
 * must match (docs/architecture.md "Names and environment").
 */

export const LOCAL_REGION = 'us-east-1';

export const BUCKETS = {
  uploads: 'parkstats-uploads',
  reports: 'parkstats-reports',
} as const;

/** Both tables: string partition key `pk`, string sort key `sk`, on-demand billing. */
export const TABLES = {
  facts: 'parkstats-facts',
  totals: 'parkstats-totals',
} as const;

export const BUREAU_TOPIC = 'parkstats-bureau';

/** The uploads bucket's notifications to the ingest queue: which events under which prefix. */
export interface NotificationRule {
  readonly events: 'ObjectCreated' | 'ObjectRemoved';
  readonly prefix: string;
}

export const UPLOAD_NOTIFICATIONS: readonly NotificationRule[] = [
  { events: 'ObjectCreated', prefix: 'uploads/' },
  // A deleted upload retracts the facts that still come from it.
  { events: 'ObjectRemoved', prefix: 'uploads/' },
  { events: 'ObjectCreated', prefix: 'reference/' },
];

export interface QueueDefinition {
  readonly name: string;
  readonly deadLetterQueueName: string;
  readonly fifo: boolean;
  /** The consuming function's timeout. */
  readonly functionTimeoutSeconds: number;
  /** Seconds a received message stays invisible: 6 × the function's timeout, as in the CDK stack. */
  readonly visibilityTimeoutSeconds: number;
  /** Receives before SQS moves a message to the dead-letter queue. */
  readonly maxReceiveCount: number;
  /** Lambda event source mapping batch size. */
  readonly batchSize: number;
}

export const QUEUES = {
  ingest: {
    name: 'parkstats-ingest',
    deadLetterQueueName: 'parkstats-ingest-dlq',
    fifo: false,
    functionTimeoutSeconds: 120,
    visibilityTimeoutSeconds: 720,
    maxReceiveCount: 3,
    batchSize: 10,
  },
  recompute: {
    name: 'parkstats-recompute.fifo',
    deadLetterQueueName: 'parkstats-recompute-dlq.fifo',
    fifo: true,
    functionTimeoutSeconds: 60,
    visibilityTimeoutSeconds: 360,
    maxReceiveCount: 3,
    batchSize: 10,
  },
} as const satisfies Record<string, QueueDefinition>;

export type QueueKey = keyof typeof QUEUES;

export interface CreatedQueue {
  readonly url: string;
  readonly arn: string;
  readonly deadLetterUrl: string;
  readonly deadLetterArn: string;
}

export interface CreatedResources {
  readonly queues: Record<QueueKey, CreatedQueue>;
  readonly bureauTopicArn: string;
}

export interface ResourceClients {
  readonly s3: S3Client;
  readonly dynamodb: DynamoDBClient;
  readonly sqs: SQSClient;
  readonly sns: SNSClient;
}

/**
 * Creates the buckets, tables, queues and topic through the services' own APIs, the way
 * CloudFormation would. Idempotent, so a `--data` directory from an earlier run is reused.
 */
export async function createResources(clients: ResourceClients): Promise<CreatedResources> {
  await Promise.all(Object.values(BUCKETS).map((bucket) => ensureBucket(clients.s3, bucket)));
  await Promise.all(Object.values(TABLES).map((table) => ensureTable(clients.dynamodb, table)));
  const [ingest, recompute] = await Promise.all([
    createQueueWithDeadLetter(clients.sqs, QUEUES.ingest),
    createQueueWithDeadLetter(clients.sqs, QUEUES.recompute),
  ]);
  const topic = await clients.sns.send(new CreateTopicCommand({ Name: BUREAU_TOPIC }));
  if (!topic.TopicArn) throw new Error(`local stack: CreateTopic ${BUREAU_TOPIC} returned no ARN`);
  return { queues: { ingest, recompute }, bureauTopicArn: topic.TopicArn };
}

async function ensureBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  }
}

async function ensureTable(dynamodb: DynamoDBClient, table: string): Promise<void> {
  try {
    await dynamodb.send(
      new CreateTableCommand({
        TableName: table,
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        BillingMode: BillingMode.PAY_PER_REQUEST,
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
}

async function createQueueWithDeadLetter(sqs: SQSClient, queue: QueueDefinition): Promise<CreatedQueue> {
  const fifo: Record<string, string> = queue.fifo ? { FifoQueue: 'true' } : {};
  const dlq = await createQueue(sqs, queue.deadLetterQueueName, {
    ...fifo,
    MessageRetentionPeriod: '1209600',
  });
  const main = await createQueue(sqs, queue.name, {
    ...fifo,
    // Two sends of the same (park, year) within five minutes coalesce into one recompute.
    ...(queue.fifo ? { ContentBasedDeduplication: 'true' } : {}),
    VisibilityTimeout: String(queue.visibilityTimeoutSeconds),
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: queue.maxReceiveCount }),
  });
  return { url: main.url, arn: main.arn, deadLetterUrl: dlq.url, deadLetterArn: dlq.arn };
}

async function createQueue(
  sqs: SQSClient,
  name: string,
  attributes: Record<string, string>,
): Promise<{ url: string; arn: string }> {
  const created = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  const url = created.QueueUrl;
  if (!url) throw new Error(`local stack: CreateQueue ${name} returned no URL`);
  const described = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  const arn = described.Attributes?.QueueArn;
  if (!arn) throw new Error(`local stack: queue ${name} has no ARN`);
  return { url, arn };
}
