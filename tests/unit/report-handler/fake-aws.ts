import { Readable } from 'node:stream';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { FactItem, RegisterItem } from '../../../schemas/facts.js';
import type { ParkReport } from '../../../schemas/report.js';

export const TABLES = { facts: 'facts', totals: 'totals' } as const;
export const BUCKETS = { uploads: 'uploads', reports: 'reports' } as const;

/** An S3 GetObject body that is both an async iterable of bytes and has transformToString, as in Node. */
function body(bytes: Uint8Array): GetObjectCommandOutput['Body'] {
  const stream = Readable.from([Buffer.from(bytes)]);
  return Object.assign(stream, {
    transformToString: async () => new TextDecoder().decode(bytes),
  }) as unknown as GetObjectCommandOutput['Body'];
}

/**
 * aws-sdk-client-mock behind a tiny in-memory world: S3 buckets as maps (so a second publication
 * sees the first), a totals table and a facts table the test fills, and SNS that accepts all.
 */
export function fakeAws() {
  const s3 = mockClient(S3Client);
  const dynamo = mockClient(DynamoDBDocumentClient);
  const sns = mockClient(SNSClient);
  const objects = new Map<string, Uint8Array>();
  const at = (bucket: string, key: string) => `${bucket}/${key}`;
  const state = {
    totals: new Map<string, ParkReport>(),
    facts: [] as FactItem[],
    register: null as RegisterItem | null,
    put(bucket: string, key: string, content: string | Uint8Array) {
      objects.set(at(bucket, key), typeof content === 'string' ? new TextEncoder().encode(content) : content);
    },
    get(bucket: string, key: string): Uint8Array | undefined {
      return objects.get(at(bucket, key));
    },
    clear(bucket: string) {
      for (const key of [...objects.keys()]) if (key.startsWith(`${bucket}/`)) objects.delete(key);
    },
    keys(bucket: string): string[] {
      return [...objects.keys()]
        .filter((k) => k.startsWith(`${bucket}/`))
        .map((k) => k.slice(bucket.length + 1));
    },
  };

  s3.on(PutObjectCommand).callsFake((input) => {
    state.put(input.Bucket, input.Key, input.Body);
    return { ETag: '"etag"' };
  });
  s3.on(GetObjectCommand).callsFake((input) => {
    const bytes = state.get(input.Bucket, input.Key);
    if (bytes === undefined) throw new NoSuchKey({ message: 'no such key', $metadata: {} });
    return { Body: body(bytes) };
  });
  s3.on(HeadObjectCommand).callsFake((input) => {
    if (state.get(input.Bucket, input.Key) === undefined)
      throw new NotFound({ message: 'not found', $metadata: {} });
    return {};
  });
  s3.on(ListObjectsV2Command).callsFake((input) => ({
    Contents: state
      .keys(input.Bucket)
      .filter((k) => k.startsWith(input.Prefix ?? ''))
      .map((Key) => ({ Key })),
  }));
  dynamo.on(GetCommand).callsFake((input) => {
    if (input.TableName === TABLES.totals) {
      const report = state.totals.get(`${input.Key.pk}#${input.Key.sk}`);
      return { Item: report && { pk: input.Key.pk, sk: input.Key.sk, content_hash: 'h', ...report } };
    }
    return { Item: input.Key.sk === 'enterprises' ? (state.register ?? undefined) : undefined };
  });
  dynamo.on(QueryCommand).callsFake((input) => ({
    Items: state.facts.filter((f) => f.pk === input.ExpressionAttributeValues?.[':pk']),
  }));
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });

  const clients = {
    s3: new S3Client({
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    }),
    dynamo: DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
    sns: new SNSClient({ region: 'us-east-1' }),
  };
  return { s3, dynamo, sns, state, clients };
}
