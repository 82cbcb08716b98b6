import { S3Schema } from '@aws-lambda-powertools/parser/schemas/s3';
import * as z from 'zod';

/**
 * The body of an ingest-queue message: an S3 event notification, or the `s3:TestEvent`
 * S3 sends once when the notification is configured.
 *
 * The record schema is picked from Powertools' S3 schema but keeps only what ingest reads:
 * the full schema also pins fields we never use (an IPv4-only `sourceIPAddress`, the bucket
 * owner), and a message failing on those would end in the DLQ for no reason.
 */
const AwsS3RecordSchema = S3Schema.shape.Records.element;

export const S3ObjectEventSchema = AwsS3RecordSchema.pick({ eventName: true, eventTime: true }).extend({
  s3: z.object({
    bucket: z.object({ name: z.string() }),
    object: AwsS3RecordSchema.shape.s3.shape.object.pick({ key: true, sequencer: true, versionId: true }),
  }),
});
export type S3ObjectEvent = z.infer<typeof S3ObjectEventSchema>;

const S3TestEventSchema = z.object({ Event: z.literal('s3:TestEvent') });

export const IngestMessageSchema = z.union([
  S3TestEventSchema,
  z.object({ Records: z.array(S3ObjectEventSchema) }),
]);

/** What one S3 record asks ingest to do, with the key decoded. */
export interface ObjectEvent {
  action: 'created' | 'removed';
  key: string;
  sequencer: string;
  versionId: string | null;
  eventTime: string;
}

/**
 * S3 URL-encodes keys in events the way HTML forms do: a space is `+`, everything else
 * non-ASCII is `%XX` UTF-8. Returns null for a key that is not valid percent-encoding.
 */
export function decodeS3Key(encoded: string): string | null {
  try {
    return decodeURIComponent(encoded.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

/**
 * The object events of one message; test events and other event types (tagging, restore,
 * ACL, …) give none. A record without a sequencer (not a PUT/DELETE-style event) gets "0",
 * the oldest possible, so it never replaces data written by a sequenced event.
 */
export function objectEventsOf(body: string): ObjectEvent[] | 'malformed' {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return 'malformed';
  }
  const parsed = IngestMessageSchema.safeParse(json);
  if (!parsed.success) return 'malformed';
  if (!('Records' in parsed.data)) return [];
  const events: ObjectEvent[] = [];
  for (const record of parsed.data.Records) {
    const action = record.eventName.startsWith('ObjectCreated:')
      ? 'created'
      : record.eventName.startsWith('ObjectRemoved:')
        ? 'removed'
        : null;
    const key = decodeS3Key(record.s3.object.key);
    if (action === null || key === null) continue;
    events.push({
      action,
      key,
      sequencer: record.s3.object.sequencer ?? '0',
      versionId: record.s3.object.versionId ?? null,
      eventTime: record.eventTime,
    });
  }
  return events;
}
