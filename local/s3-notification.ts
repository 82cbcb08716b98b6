import { randomBytes } from 'node:crypto';
import type { S3EventRecord } from 'aws-lambda';

/**
 * The pure half of the S3 → SQS bridge: S3 event notification records exactly as AWS
 * shapes them (event structure version 2.1), built from an object change.
 */

export type ObjectChangeKind =
  | 'ObjectCreated:Put'
  | 'ObjectCreated:Post'
  | 'ObjectCreated:Copy'
  | 'ObjectRemoved:Delete';

export interface ObjectChange {
  readonly kind: ObjectChangeKind;
  readonly bucket: string;
  /** The key as stored, not encoded. */
  readonly key: string;
  readonly size?: number;
  readonly eTag?: string;
  readonly sourceIp: string;
}

/** Characters S3 leaves as they are in event keys (Java URLEncoder's set, plus `/`). */
const UNENCODED = /[A-Za-z0-9.\-*_/]/;

/**
 * Encodes a key the way S3 does in event notifications: form encoding, so a space is `+`,
 * a literal `+` is `%2B`, and anything outside the unencoded set is percent-encoded UTF-8.
 * Consumers decode with `decodeURIComponent(key.replace(/\+/g, ' '))`.
 */
export function encodeS3EventKey(key: string): string {
  let encoded = '';
  for (const char of key) {
    if (char === ' ') encoded += '+';
    else if (UNENCODED.test(char)) encoded += char;
    else
      for (const byte of Buffer.from(char, 'utf8'))
        encoded += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return encoded;
}

/** Width of the sequencer: AWS's are 18 hex digits; compare them after padding to equal length. */
const SEQUENCER_DIGITS = 18;

/**
 * Returns a generator of S3 sequencers: upper-case hex strings that increase strictly with
 * every call, also across restarts with a kept `--data` directory, because each one is at
 * least the current time in microseconds.
 */
export function createSequencer(now: () => number = Date.now): () => string {
  let last = 0n;
  return () => {
    const fromClock = BigInt(now()) * 1000n;
    last = fromClock > last ? fromClock : last + 1n;
    return last.toString(16).toUpperCase().padStart(SEQUENCER_DIGITS, '0');
  };
}

const LOCAL_PRINCIPAL = 'AWS:AIDAPARKSTATSLOCAL';
const LOCAL_OWNER = 'PARKSTATSLOCAL';

function requestId(): string {
  return randomBytes(8).toString('hex').toUpperCase();
}

/** One notification record; `configurationId` names the bucket notification, as in the CDK stack. */
export function toNotificationRecord(
  change: ObjectChange,
  context: { region: string; sequencer: string; eventTime: Date; configurationId: string },
): S3EventRecord {
  const created = change.kind.startsWith('ObjectCreated:');
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: context.region,
    eventTime: context.eventTime.toISOString(),
    eventName: change.kind,
    userIdentity: { principalId: LOCAL_PRINCIPAL },
    requestParameters: { sourceIPAddress: change.sourceIp },
    responseElements: { 'x-amz-request-id': requestId(), 'x-amz-id-2': randomBytes(48).toString('base64') },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: context.configurationId,
      bucket: {
        name: change.bucket,
        ownerIdentity: { principalId: LOCAL_OWNER },
        arn: `arn:aws:s3:::${change.bucket}`,
      },
      // A removal carries no size or eTag; there is no versionId without bucket versioning.
      object: {
        key: encodeS3EventKey(change.key),
        ...(created && change.size !== undefined ? { size: change.size } : {}),
        ...(created && change.eTag !== undefined ? { eTag: change.eTag } : {}),
        sequencer: context.sequencer,
      },
    } as S3EventRecord['s3'],
  };
}

/** The message S3 sends to a queue when a notification is configured on a bucket. */
export function s3TestEvent(bucket: string, time: Date): Record<string, string> {
  return {
    Service: 'Amazon S3',
    Event: 's3:TestEvent',
    Time: time.toISOString(),
    Bucket: bucket,
    RequestId: requestId(),
    HostId: randomBytes(48).toString('base64'),
  };
}
