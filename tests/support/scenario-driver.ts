import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { receiptKeys } from '../../core/receipts/receipt-keys.js';
import { QUEUES } from '../../local/resources.js';
import { type ObjectChangeKind, toNotificationRecord } from '../../local/s3-notification.js';
import { type FactItem, FactItemSchema } from '../../schemas/facts.js';
import { type Receipt, ReceiptSchema } from '../../schemas/receipt.js';
import { type ParkReport, ParkReportSchema } from '../../schemas/report.js';

/**
 * Drives a running local stack the way its users do, for the integration scenarios: PUT and
 * DELETE in the uploads bucket, then read back receipts, facts and totals. The only other
 * door it uses is the one S3 itself uses, the ingest queue, to replay notifications that
 * S3 may deliver twice or late.
 */

/** The part of a local stack a scenario needs: its environment and a way to wait for it. */
export interface ScenarioStack {
  env: Record<string, string>;
  waitForIdle(timeoutMs?: number): Promise<void>;
}

/** The one park of config/parks.json. */
export const PARK = 'shuangpai';

export const enterpriseKey = (uscc: string, name: string) => `uploads/${PARK}/${uscc}/${name}.csv`;
export const officeKey = (name: string) => `uploads/${PARK}/_office/${name}.csv`;

export interface UploadFile {
  key: string;
  body: string | Uint8Array;
}

/** A late or repeated S3 notification for one key, as the bucket would send it. */
export interface ReplayedEvent {
  kind: ObjectChangeKind;
  key: string;
  sequencer: string;
  eventTime: Date;
}

export class ScenarioDriver {
  readonly #stack: ScenarioStack;
  readonly #s3: S3Client;
  readonly #sqs: SQSClient;
  readonly #dynamo: DynamoDBDocumentClient;
  readonly #bucket: string;

  /** Builds the clients from `stack.env`, which must already be in process.env (the SDK reads endpoints there). */
  constructor(stack: ScenarioStack) {
    this.#stack = stack;
    this.#s3 = new S3Client({});
    this.#sqs = new SQSClient({});
    this.#dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    this.#bucket = requiredEnv(stack.env, 'PARKSTATS_UPLOAD_BUCKET');
  }

  destroy(): void {
    this.#s3.destroy();
    this.#sqs.destroy();
    this.#dynamo.destroy();
  }

  /** Waits until the bridge, both queues and both handlers have nothing left to do. */
  settle(timeoutMs?: number): Promise<void> {
    return this.#stack.waitForIdle(timeoutMs);
  }

  /** PUTs one file and waits until ingest and aggregate are done with it. */
  async upload(key: string, body: string | Uint8Array): Promise<void> {
    await this.put({ key, body });
    await this.settle();
  }

  /** PUTs without waiting for the pipeline. */
  async put(file: UploadFile): Promise<void> {
    await this.#s3.send(new PutObjectCommand({ Bucket: this.#bucket, Key: file.key, Body: file.body }));
  }

  /** PUTs every file, at most `concurrency` requests at a time, then waits for the pipeline. */
  async uploadAll(files: readonly UploadFile[], concurrency: number, timeoutMs: number): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < files.length) {
        const file = files[next++];
        if (file) await this.put(file);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
    await this.settle(timeoutMs);
  }

  /** DELETEs one upload and waits until its retraction is recomputed. */
  async remove(key: string): Promise<void> {
    await this.#s3.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: key }));
    await this.settle();
  }

  async receipt(key: string): Promise<Receipt | null> {
    try {
      const object = await this.#s3.send(
        new GetObjectCommand({ Bucket: this.#bucket, Key: receiptKeys(key).json }),
      );
      return ReceiptSchema.parse(JSON.parse((await object.Body?.transformToString()) ?? ''));
    } catch (error) {
      if (error instanceof NoSuchKey) return null;
      throw error;
    }
  }

  /** The totals item of one period as the aggregate function stored it, read directly from the table. */
  async totals(period: string): Promise<ParkReport | null> {
    const { Item } = await this.#dynamo.send(
      new GetCommand({
        TableName: requiredEnv(this.#stack.env, 'PARKSTATS_TOTALS_TABLE'),
        Key: { pk: PARK, sk: period },
        ConsistentRead: true,
      }),
    );
    if (Item === undefined) return null;
    const { pk: _pk, sk: _sk, content_hash: _hash, ...report } = Item;
    return ParkReportSchema.parse(report);
  }

  /** The park's facts of one year, ordered by period then USCC. */
  async facts(year: number): Promise<FactItem[]> {
    const facts: FactItem[] = [];
    const pages = paginateQuery(
      { client: this.#dynamo },
      {
        TableName: requiredEnv(this.#stack.env, 'PARKSTATS_FACTS_TABLE'),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `FACT#${PARK}#${year}` },
        ConsistentRead: true,
      },
    );
    for await (const page of pages)
      for (const item of page.Items ?? []) facts.push(FactItemSchema.parse(item));
    return facts.sort((a, b) => a.sk.localeCompare(b.sk));
  }

  /**
   * Sends S3 notifications straight to the ingest queue, one message each, in the given
   * order, shaped exactly as the local S3 event bridge (and S3) shapes them.
   */
  async replay(events: readonly ReplayedEvent[]): Promise<void> {
    await this.sendToIngestQueue(
      events.map((event) =>
        JSON.stringify({
          Records: [
            toNotificationRecord(
              { kind: event.kind, bucket: this.#bucket, key: event.key, sourceIp: '127.0.0.1' },
              {
                region: requiredEnv(this.#stack.env, 'AWS_REGION'),
                sequencer: event.sequencer,
                eventTime: event.eventTime,
                configurationId: 'parkstats-ingest',
              },
            ),
          ],
        }),
      ),
    );
  }

  /** Sends raw message bodies to the ingest queue. */
  async sendToIngestQueue(bodies: readonly string[]): Promise<void> {
    await this.#sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: requiredEnv(this.#stack.env, 'PARKSTATS_INGEST_QUEUE_URL'),
        Entries: bodies.map((body, index) => ({ Id: String(index), MessageBody: body })),
      }),
    );
  }

  /** Receives from the ingest DLQ until a message with `body` shows up, or gives up after `attempts` polls. */
  async findInIngestDeadLetterQueue(body: string, attempts = 10): Promise<boolean> {
    const { QueueUrl } = await this.#sqs.send(
      new GetQueueUrlCommand({ QueueName: QUEUES.ingest.deadLetterQueueName }),
    );
    for (let attempt = 0; attempt < attempts; attempt += 1) {
      const { Messages = [] } = await this.#sqs.send(
        new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      if (Messages.some((message) => message.Body === body)) return true;
    }
    return false;
  }
}

/** An S3 sequencer `delta` steps after (or before) `sequencer`, same width: orders crafted events around real ones. */
export function shiftSequencer(sequencer: string, delta: number): string {
  const shifted = BigInt(`0x${sequencer}`) + BigInt(delta);
  return shifted.toString(16).toUpperCase().padStart(sequencer.length, '0');
}

function requiredEnv(env: Record<string, string>, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') throw new Error(`scenario: the local stack env has no ${name}`);
  return value;
}
