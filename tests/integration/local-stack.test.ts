import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import {
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { S3Event } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { publishOnce } from '../../cli/commands/local.js';
import { defaultLocalEnv } from '../../cli/local-env.js';
import { BUCKETS, QUEUES, TABLES } from '../../local/resources.js';
import { type LocalStack, startLocalStack } from '../../local/start-local-stack.js';
import { localStackStats } from '../support/local-stack-env.js';
import { type Invocation, invocations } from '../support/recording-handler.js';
import { makeUscc } from '../support/uscc.js';

const RECORDING_HANDLER = fileURLToPath(new URL('../support/recording-handler.ts', import.meta.url));
const CLI = fileURLToPath(new URL('../../bin/parkstats.js', import.meta.url));

/** These tests need a handler they control, so they start their own stack in this worker. */
let stack: LocalStack;
let s3: S3Client;
let sqs: SQSClient;

beforeAll(async () => {
  stack = await startLocalStack({
    ports: { s3: 0, dynamodb: 0, sqs: 0 },
    handlers: { ingest: RECORDING_HANDLER, aggregate: RECORDING_HANDLER },
    retryDelaySeconds: 0,
    quiet: true,
  });
  // Built from the environment alone, exactly as the handlers and the CLI build theirs.
  s3 = new S3Client({});
  sqs = new SQSClient({});
  await stack.waitForIdle();
});

afterAll(async () => {
  s3?.destroy();
  sqs?.destroy();
  await stack?.stop();
});

beforeEach(() => {
  invocations().length = 0;
});

const ofQueue = (queueArn: string) => invocations().filter((entry) => entry.queueArn === queueArn);
const ingestInvocations = () => ofQueue(stack.resources.queues.ingest.arn);
const s3Records = (): S3Event['Records'] =>
  ingestInvocations().flatMap((entry) => (JSON.parse(entry.body) as Partial<S3Event>).Records ?? []);
const byTag = (tag: string): Invocation[] =>
  invocations().filter((entry) => (JSON.parse(entry.body) as { tag?: string }).tag === tag);

async function putUpload(key: string, body = 'uscc,period\n'): Promise<string> {
  const put = await s3.send(new PutObjectCommand({ Bucket: BUCKETS.uploads, Key: key, Body: body }));
  return (put.ETag ?? '').replaceAll('"', '');
}

async function sendBatch(queueUrl: string, bodies: object[], groupId?: string): Promise<void> {
  await sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: queueUrl,
      Entries: bodies.map((body, index) => ({
        Id: String(index),
        MessageBody: JSON.stringify(body),
        ...(groupId ? { MessageGroupId: groupId } : {}),
      })),
    }),
  );
}

describe('the stack started by the integration global setup', () => {
  it('has the buckets, tables and queues of the CDK stack and answers on its control endpoint', async () => {
    const { env } = inject('localStack');
    const config = {
      region: env.AWS_REGION,
      credentials: {
        accessKeyId: env.AWS_ACCESS_KEY_ID ?? '',
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? '',
      },
    };
    const globalS3 = new S3Client({ ...config, endpoint: env.AWS_ENDPOINT_URL_S3 });
    const globalDynamo = new DynamoDBClient({ ...config, endpoint: env.AWS_ENDPOINT_URL_DYNAMODB });
    const globalSqs = new SQSClient({ ...config, endpoint: env.AWS_ENDPOINT_URL_SQS });

    for (const bucket of Object.values(BUCKETS)) {
      await expect(globalS3.send(new HeadBucketCommand({ Bucket: bucket }))).resolves.toBeDefined();
    }
    for (const table of Object.values(TABLES)) {
      const { Table } = await globalDynamo.send(new DescribeTableCommand({ TableName: table }));
      expect(Table?.KeySchema).toEqual([
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ]);
    }
    const recompute = await globalSqs.send(new GetQueueUrlCommand({ QueueName: QUEUES.recompute.name }));
    expect(recompute.QueueUrl).toBe(env.PARKSTATS_RECOMPUTE_QUEUE_URL);
    // CLI commands run without the printed exports assume this topic (cli/local-env.ts).
    expect(defaultLocalEnv().PARKSTATS_BUREAU_TOPIC_ARN).toBe(env.PARKSTATS_BUREAU_TOPIC_ARN);
    expect((await localStackStats()).requests.s3).toBeGreaterThan(0);

    globalS3.destroy();
    globalDynamo.destroy();
    globalSqs.destroy();
  });
});

describe('S3 event bridge', () => {
  it('sent the s3:TestEvent on start, which reached the ingest handler', async () => {
    const restarted = await startLocalStack({
      ports: { s3: 0, dynamodb: 0, sqs: 0 },
      handlers: { ingest: RECORDING_HANDLER },
      quiet: true,
    });
    try {
      await restarted.waitForIdle();
      const bodies = ofQueue(restarted.resources.queues.ingest.arn).map((entry) => JSON.parse(entry.body));
      expect(bodies).toEqual([
        expect.objectContaining({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: BUCKETS.uploads }),
      ]);
    } finally {
      await restarted.stop();
    }
  });

  it('delivers a PUT of a key with spaces and Chinese as one AWS-shaped record with the key encoded', async () => {
    // Arrange
    const key = 'uploads/430000/_office/2017年11月 报表 a+b.csv';
    const body = '统一社会信用代码,统计期\n';

    // Act
    const eTag = await putUpload(key, body);
    await stack.waitForIdle();

    // Assess
    const records = s3Records();
    expect(ingestInvocations()).toHaveLength(1);
    expect(records).toHaveLength(1);
    const [record] = records;
    expect(record).toMatchObject({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'us-east-1',
      eventName: 'ObjectCreated:Put',
      s3: { bucket: { name: BUCKETS.uploads, arn: `arn:aws:s3:::${BUCKETS.uploads}` } },
    });
    expect(record?.s3.object.key).toBe(
      'uploads/430000/_office/2017%E5%B9%B411%E6%9C%88+%E6%8A%A5%E8%A1%A8+a%2Bb.csv',
    );
    expect(decodeURIComponent((record?.s3.object.key ?? '').replace(/\+/g, ' '))).toBe(key);
    expect(record?.s3.object.size).toBe(Buffer.byteLength(body));
    expect(record?.s3.object.eTag).toBe(eTag);
    expect(record?.s3.object).not.toHaveProperty('versionId');
  });

  it('stores a streamed upload byte for byte with the printed environment (no aws-chunked framing)', async () => {
    const bytes = Buffer.from('统一社会信用代码,统计期\r\n', 'utf8');
    const key = 'uploads/430000/_office/streamed.csv';

    await s3.send(
      new PutObjectCommand({
        Bucket: BUCKETS.uploads,
        Key: key,
        Body: Readable.from([bytes]),
        ContentLength: bytes.length,
      }),
    );
    const stored = await s3.send(new GetObjectCommand({ Bucket: BUCKETS.uploads, Key: key }));

    expect(Buffer.from((await stored.Body?.transformToByteArray()) ?? [])).toEqual(bytes);
  });

  it('follows the notification rules: other prefixes, other buckets and reference removals are not sent', async () => {
    await putUpload('receipts/uploads/p1/a.csv.json');
    await s3.send(new PutObjectCommand({ Bucket: BUCKETS.reports, Key: 'uploads/p1/x.csv', Body: 'x' }));
    await putUpload('reference/430000/enterprises.csv');
    await s3.send(
      new DeleteObjectCommand({ Bucket: BUCKETS.uploads, Key: 'reference/430000/enterprises.csv' }),
    );
    await stack.waitForIdle();

    expect(s3Records().map((record) => [record.eventName, record.s3.object.key])).toEqual([
      ['ObjectCreated:Put', 'reference/430000/enterprises.csv'],
    ]);
  });

  it('gives records sequencers that increase in the order the objects were written', async () => {
    for (let index = 0; index < 6; index += 1) await putUpload(`uploads/430000/seq/${index}.csv`);
    await stack.waitForIdle();

    const records = s3Records();
    expect(records.map((record) => record.s3.object.key)).toEqual(
      Array.from({ length: 6 }, (_, index) => `uploads/430000/seq/${index}.csv`),
    );
    const sequencers = records.map((record) => record.s3.object.sequencer);
    expect(new Set(sequencers.map((sequencer) => sequencer.length)).size).toBe(1);
    expect([...sequencers].sort()).toEqual(sequencers);
    expect(new Set(sequencers).size).toBe(sequencers.length);
  });

  it('turns DeleteObject and DeleteObjects into ObjectRemoved:Delete records without size or eTag', async () => {
    const keys = ['uploads/430000/del/a b.csv', 'uploads/430000/del/c.csv', 'uploads/430000/del/d.csv'];
    for (const key of keys) await putUpload(key);
    await stack.waitForIdle();
    invocations().length = 0;

    await s3.send(new DeleteObjectCommand({ Bucket: BUCKETS.uploads, Key: keys[0] }));
    const multiDelete = await s3.send(
      new DeleteObjectsCommand({
        Bucket: BUCKETS.uploads,
        Delete: { Objects: keys.slice(1).map((Key) => ({ Key })) },
      }),
    );
    await stack.waitForIdle();

    // Answered on the first attempt: s3rver's parallel deletes in one directory no longer race.
    expect(multiDelete.$metadata.attempts).toBe(1);

    const records = s3Records();
    expect(records.map((record) => record.eventName)).toEqual(Array(3).fill('ObjectRemoved:Delete'));
    expect(records.map((record) => record.s3.object.key).sort()).toEqual([
      'uploads/430000/del/a+b.csv',
      'uploads/430000/del/c.csv',
      'uploads/430000/del/d.csv',
    ]);
    for (const record of records) expect(Object.keys(record.s3.object).sort()).toEqual(['key', 'sequencer']);
  });
});

describe('queue pollers', () => {
  it('redelivers only the record the handler reported failed and deletes the others', async () => {
    const { url, deadLetterUrl } = stack.resources.queues.ingest;

    await sendBatch(url, [{ tag: 'ok-1' }, { tag: 'flaky', failUntilReceive: 2 }, { tag: 'ok-2' }]);
    await stack.waitForIdle();

    expect(byTag('ok-1').map((entry) => entry.receiveCount)).toEqual([1]);
    expect(byTag('ok-2').map((entry) => entry.receiveCount)).toEqual([1]);
    expect(byTag('flaky').map((entry) => [entry.receiveCount, entry.outcome])).toEqual([
      [1, 'failed'],
      [2, 'ok'],
    ]);
    const dlq = await sqs.send(new ReceiveMessageCommand({ QueueUrl: deadLetterUrl, WaitTimeSeconds: 0 }));
    expect(dlq.Messages ?? []).toHaveLength(0);
  });

  it('redelivers every record of a batch whose handler threw', async () => {
    await sendBatch(stack.resources.queues.ingest.url, [
      { tag: 'throws', throwUntilReceive: 2 },
      { tag: 'bystander' },
    ]);
    await stack.waitForIdle();

    const thrownBatches = new Set(
      invocations()
        .filter((entry) => entry.outcome === 'threw')
        .map((e) => e.requestId),
    );
    expect(thrownBatches.size).toBe(1);
    const thrownRecords = invocations().filter((entry) => thrownBatches.has(entry.requestId));
    for (const thrown of thrownRecords) {
      const later = invocations().filter(
        (entry) => entry.messageId === thrown.messageId && entry.outcome === 'ok',
      );
      expect(later.map((entry) => entry.receiveCount)).toEqual([thrown.receiveCount + 1]);
    }
    expect(byTag('bystander').at(-1)?.outcome).toBe('ok');
  });

  it('moves a poison message to the dead-letter queue after exactly 3 receives', async () => {
    const { url, deadLetterUrl } = stack.resources.queues.ingest;
    const movesBefore = stack.stats().deadLetterMoves.ingest;

    await sendBatch(url, [{ tag: 'poison', failAlways: true }]);
    await stack.waitForIdle();

    expect(byTag('poison').map((entry) => entry.receiveCount)).toEqual([1, 2, 3]);
    expect(stack.stats().deadLetterMoves.ingest).toBe(movesBefore + 1);
    const dlq = await sqs.send(new ReceiveMessageCommand({ QueueUrl: deadLetterUrl, WaitTimeSeconds: 1 }));
    expect(dlq.Messages?.map((message) => JSON.parse(message.Body ?? '{}').tag)).toEqual(['poison']);
  });

  it('keeps each FIFO message group in order, also across a retry', async () => {
    const { url } = stack.resources.queues.recompute;
    const messages = (group: string) =>
      Array.from({ length: 4 }, (_, index) => ({
        tag: `${group}-${index}`,
        ...(group === 'park-a' && index === 1 ? { failUntilReceive: 2 } : {}),
      }));

    await sendBatch(url, messages('park-a'), 'park-a');
    await sendBatch(url, messages('park-b'), 'park-b');
    await stack.waitForIdle();

    const handled = ofQueue(stack.resources.queues.recompute.arn).filter((entry) => entry.outcome === 'ok');
    for (const group of ['park-a', 'park-b']) {
      const order = handled
        .filter((entry) => entry.groupId === group)
        .map((entry) => (JSON.parse(entry.body) as { tag: string }).tag);
      expect(order).toEqual([0, 1, 2, 3].map((index) => `${group}-${index}`));
    }
    expect(byTag('park-a-1').map((entry) => entry.outcome)).toEqual(['failed', 'ok']);
  });

  it('waitForIdle resolves only after the handler finished, and rejects when it does not in time', async () => {
    const { url } = stack.resources.queues.ingest;

    await sendBatch(url, [{ tag: 'slow', delayMs: 300 }]);
    await stack.waitForIdle();
    expect(byTag('slow')[0]?.finishedAt).toBeDefined();

    await sendBatch(url, [{ tag: 'slower', delayMs: 1_500 }]);
    await expect(stack.waitForIdle(100)).rejects.toThrow(/not idle/);
    await stack.waitForIdle();
    expect(byTag('slower')[0]?.finishedAt).toBeDefined();
  });
});

const listen = (port: number) =>
  new Promise<Server>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
const close = (server: Server) => new Promise((resolve) => server.close(resolve));
const portOf = (server: Server) => (server.address() as { port: number }).port;

describe('a port already in use', () => {
  it('fails the start with EADDRINUSE and releases the ports of the emulators that did start', async () => {
    const taken = await listen(0);
    const probe = await listen(0);
    const sqsPort = portOf(probe);
    await close(probe);

    await expect(
      startLocalStack({ ports: { s3: 0, dynamodb: portOf(taken), sqs: sqsPort }, handlers: {}, quiet: true }),
    ).rejects.toMatchObject({ code: 'EADDRINUSE' });

    const reused = await listen(sqsPort);
    expect(portOf(reused)).toBe(sqsPort);
    await close(reused);
    await close(taken);
  });
});

describe('a data directory', () => {
  it('keeps S3 objects and DynamoDB items across a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'parkstats-local-test-'));
    const item = { pk: { S: 'PARK#430000' }, sk: { S: 'PERIOD#2017-11' } };
    const start = () =>
      startLocalStack({ ports: { s3: 0, dynamodb: 0, sqs: 0 }, dataDir, handlers: {}, quiet: true });
    const clientsOf = (running: LocalStack) => {
      const config = {
        region: running.env.AWS_REGION,
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      };
      return {
        s3: new S3Client({ ...config, endpoint: running.env.AWS_ENDPOINT_URL_S3 }),
        dynamo: new DynamoDBClient({ ...config, endpoint: running.env.AWS_ENDPOINT_URL_DYNAMODB }),
      };
    };
    try {
      const first = await start();
      const before = clientsOf(first);
      await before.s3.send(
        new PutObjectCommand({ Bucket: BUCKETS.uploads, Key: 'uploads/kept.csv', Body: 'kept' }),
      );
      await before.dynamo.send(new PutItemCommand({ TableName: TABLES.facts, Item: item }));
      before.s3.destroy();
      before.dynamo.destroy();
      await first.stop();

      const second = await start();
      const after = clientsOf(second);
      const object = await after.s3.send(
        new GetObjectCommand({ Bucket: BUCKETS.uploads, Key: 'uploads/kept.csv' }),
      );
      const stored = await after.dynamo.send(new GetItemCommand({ TableName: TABLES.facts, Key: item }));
      expect(await object.Body?.transformToString()).toBe('kept');
      expect(stored.Item).toEqual(item);
      after.s3.destroy();
      after.dynamo.destroy();
      await second.stop();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the bureau report: parkstats local --publish and the schedule', () => {
  const PARK = 'shuangpai';
  const USCC = makeUscc(2002_07);
  const HEADER = '统一社会信用代码,企业名称,统计期,工业总产值(万元),工业增加值(万元),实缴税金(万元)';
  const OFFICE_FILE = [
    HEADER,
    `${USCC},本地发布测试厂,2002-06,800,200,10`,
    `${USCC},本地发布测试厂,2002-07,900,220,12`,
  ];
  const csvKey = (period: string, revision: string) => `reports/${PARK}/${period}/${revision}/report.csv`;

  /** The same ports and data on both starts: the handler modules, loaded once per process, keep their endpoints. */
  let dataDir = '';
  let ports = { s3: 0, dynamodb: 0, sqs: 0 };
  const startReporting = (now: () => Date) =>
    startLocalStack({ ports, dataDir, schedule: { now }, retryDelaySeconds: 0, quiet: true });

  const s3Of = (running: LocalStack) =>
    new S3Client({
      region: running.env.AWS_REGION,
      endpoint: running.env.AWS_ENDPOINT_URL_S3,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });

  async function reportCsv(running: LocalStack, key: string): Promise<Uint8Array | undefined> {
    const client = s3Of(running);
    try {
      const object = await client.send(new GetObjectCommand({ Bucket: BUCKETS.reports, Key: key }));
      return await object.Body?.transformToByteArray();
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw error;
    } finally {
      client.destroy();
    }
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'parkstats-report-schedule-'));
    const probes = await Promise.all([listen(0), listen(0), listen(0)]);
    const [s3Port, dynamodbPort, sqsPort] = probes.map(portOf);
    await Promise.all(probes.map(close));
    ports = { s3: s3Port ?? 0, dynamodb: dynamodbPort ?? 0, sqs: sqsPort ?? 0 };
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('--publish runs the report handler for the period and prints revision 1 and its keys', async () => {
    // Arrange: a stack whose clock reads 2002-08-09, one office file for June and July 2002.
    const running = await startReporting(() => new Date('2002-08-09T00:00:00.000Z'));
    const output = { out: '', err: '' };
    try {
      const client = s3Of(running);
      await client.send(
        new PutObjectCommand({
          Bucket: BUCKETS.uploads,
          Key: `uploads/${PARK}/_office/2002年6-7月.csv`,
          Body: `${OFFICE_FILE.join('\r\n')}\r\n`,
        }),
      );
      client.destroy();
      await running.waitForIdle();

      // Act
      const ok = await publishOnce(running, '2002-07', {
        out: (data) => {
          output.out += String(data);
        },
        err: (text) => {
          output.err += text;
        },
      });

      // Assess: the next run is 2002-09-08 09:00 Beijing time; July's revision 1 is in the reports bucket.
      expect(running.nextReportRun()?.toISOString()).toBe('2002-09-08T01:00:00.000Z');
      expect(ok, output.err).toBe(true);
      expect(output.out).toContain('已发布第 1 版 (published revision 1)');
      expect(output.out).toContain(`s3://${BUCKETS.reports}/${csvKey('2002-07', 'rev-001')}`);
      const csv = await reportCsv(running, csvKey('2002-07', 'rev-001'));
      expect([...(csv ?? []).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(await reportCsv(running, csvKey('2002-06', 'rev-001'))).toBeUndefined();
    } finally {
      await running.stop();
    }
  });

  it('publishes the month before the run when the schedule comes due', async () => {
    // Arrange: the clock reads 2002-07-01 when the schedule starts, then just past its run on
    // 2002-07-08 09:00 Beijing time, so the run is due at once; it reports June 2002.
    const readings = [new Date('2002-07-01T00:00:00.000Z')];
    const afterRun = new Date('2002-07-08T01:00:01.000Z');

    // Act
    const running = await startReporting(() => readings.shift() ?? afterRun);
    try {
      await running.waitForIdle();

      // Assess: June's revision 1 was written by the scheduled run; the next run is in August.
      expect(await reportCsv(running, csvKey('2002-06', 'rev-001'))).toBeDefined();
      expect(running.nextReportRun()?.toISOString()).toBe('2002-08-08T01:00:00.000Z');
    } finally {
      await running.stop();
    }
  });
});

describe('parkstats local', () => {
  const REQUIRED = [
    'AWS_ENDPOINT_URL_S3',
    'AWS_ENDPOINT_URL_DYNAMODB',
    'AWS_ENDPOINT_URL_SQS',
    'AWS_REGION',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'PARKSTATS_UPLOAD_BUCKET',
  ];
  const NO_TOTALS = '没有 shuangpai 2002-05 的汇总数据, 未发布.';

  it('prints the export lines, READY, then the --publish outcome, and exits 0 on SIGINT', async () => {
    const child = spawn(
      process.execPath,
      [
        CLI,
        'local',
        '--s3-port',
        '0',
        '--dynamodb-port',
        '0',
        '--sqs-port',
        '0',
        '--publish',
        '--period',
        '2002-05',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));

    await expect
      .poll(() => stdout.includes(NO_TOTALS) || child.exitCode !== null, { timeout: 45_000 })
      .toBe(true);
    child.kill('SIGINT');
    const code = await exited;

    expect(code, stderr).toBe(0);
    const [banner = '', published = ''] = stdout.split('READY\n');
    const lines = banner.trimEnd().split('\n');
    const exported = Object.fromEntries(
      lines.map((line) => {
        const match = /^export ([A-Z0-9_]+)=(.*)$/.exec(line);
        expect(match, line).not.toBeNull();
        return [match?.[1], match?.[2]];
      }),
    );
    expect(Object.keys(exported)).toEqual(expect.arrayContaining(REQUIRED));
    expect(exported.AWS_ENDPOINT_URL_S3).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(exported.PARKSTATS_UPLOAD_BUCKET).toBe(BUCKETS.uploads);
    expect(published).toContain('发布 2002-05 的报表 / publishing the report for 2002-05');
    expect(published).toContain(NO_TOTALS);
    expect(stderr).toMatch(/下次定时报表：北京时间 \d{4}-\d{2}-08 09:00/);
    expect(stderr).toContain('stopped');
  });
});
