import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type S3rver from 's3rver';
import * as z from 'zod';
import type { NotificationRule } from './resources.js';
import {
  createSequencer,
  type ObjectChange,
  type ObjectChangeKind,
  s3TestEvent,
  toNotificationRecord,
} from './s3-notification.js';

/**
 * Plays the part of the uploads bucket's notifications to the ingest queue: every object
 * creation or removal that a notification rule covers becomes one SQS message whose body
 * is `{"Records":[record]}`, as S3 sends it.
 */

export interface S3EventBridgeOptions {
  readonly s3rver: S3rver;
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly bucket: string;
  readonly notifications: readonly NotificationRule[];
  readonly region: string;
  readonly configurationId: string;
  /** Called after each record is on the queue, with the time from the S3 request to that. */
  readonly onPublished?: (key: string, elapsedMs: number) => void;
  readonly onError?: (error: unknown) => void;
}

export interface S3EventBridge {
  /** Records seen but not yet on the queue. */
  pending(): number;
  published(): number;
  /** Waits until every record seen so far is on the queue. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/** The part of s3rver's own (version 2.0, unencoded) event the bridge reads. */
const S3rverEventSchema = z.object({
  Records: z.array(
    z.object({
      eventName: z.string(),
      requestParameters: z.object({ sourceIPAddress: z.string() }).optional(),
      s3: z.object({
        bucket: z.object({ name: z.string() }),
        object: z.object({ key: z.string(), size: z.number().optional(), eTag: z.string().optional() }),
      }),
    }),
  ),
});

const CREATED_KINDS: ReadonlySet<string> = new Set<ObjectChangeKind>([
  'ObjectCreated:Put',
  'ObjectCreated:Post',
  'ObjectCreated:Copy',
]);

export async function startS3EventBridge(options: S3EventBridgeOptions): Promise<S3EventBridge> {
  const nextSequencer = createSequencer();
  let pending = 0;
  let published = 0;
  let stopped = false;
  // One send at a time: messages reach the queue in sequencer order.
  let queueTail: Promise<void> = Promise.resolve();

  const send = (body: unknown, key: string, seenAt: number): void => {
    pending += 1;
    queueTail = queueTail.then(async () => {
      try {
        await options.sqs.send(
          new SendMessageCommand({ QueueUrl: options.queueUrl, MessageBody: JSON.stringify(body) }),
        );
        published += 1;
        options.onPublished?.(key, performance.now() - seenAt);
      } catch (error) {
        options.onError?.(error);
      } finally {
        pending -= 1;
      }
    });
  };

  const publish = (change: ObjectChange): void => {
    if (stopped || change.bucket !== options.bucket) return;
    const matches = options.notifications.some(
      (rule) => change.kind.startsWith(`${rule.events}:`) && change.key.startsWith(rule.prefix),
    );
    if (!matches) return;
    const record = toNotificationRecord(change, {
      region: options.region,
      sequencer: nextSequencer(),
      eventTime: new Date(),
      configurationId: options.configurationId,
    });
    send({ Records: [record] }, change.key, performance.now());
  };

  // s3rver's own events cover PUT, POST (form and multipart) and COPY.
  const onS3rverEvent = (event: unknown): void => {
    const parsed = S3rverEventSchema.safeParse(event);
    if (!parsed.success) return;
    for (const record of parsed.data.Records) {
      if (!CREATED_KINDS.has(record.eventName)) continue;
      publish({
        kind: record.eventName as ObjectChangeKind,
        bucket: record.s3.bucket.name,
        key: record.s3.object.key,
        size: record.s3.object.size,
        eTag: record.s3.object.eTag,
        sourceIp: record.requestParameters?.sourceIPAddress ?? '127.0.0.1',
      });
    }
  };
  options.s3rver.on('event', onS3rverEvent);

  // s3rver emits nothing for multi-object DeleteObjects (`aws s3 rm --recursive`), so
  // removals are taken from its store, which both delete paths call for existing keys.
  // One at a time: s3rver's removal of emptied directories fails when two deletes in one
  // directory race (DeleteObjects runs them in parallel), answering 500 to the client.
  const store = options.s3rver.store;
  const deleteObject = store.deleteObject.bind(store);
  let deletions: Promise<void> = Promise.resolve();
  store.deleteObject = (bucket: string, key: string) => {
    const deletion = deletions.then(async () => {
      await deleteObject(bucket, key);
      publish({ kind: 'ObjectRemoved:Delete', bucket, key, sourceIp: '127.0.0.1' });
    });
    deletions = deletion.catch(() => undefined);
    return deletion;
  };

  send(s3TestEvent(options.bucket, new Date()), 's3:TestEvent', performance.now());
  await queueTail;

  const flush = async (): Promise<void> => {
    while (pending > 0) await queueTail;
  };

  return {
    pending: () => pending,
    published: () => published,
    flush,
    stop: async () => {
      stopped = true;
      options.s3rver.off('event', onS3rverEvent);
      store.deleteObject = deleteObject;
      await flush();
    },
  };
}
