import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { type Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUNDLE_TARGET_BYTES,
  type BundleSize,
  bundleDir,
  formatBundleReport,
  measureBundle,
  synthWithBundling,
} from '../../infra/bundle-report.js';
import type { PipelineFunction } from '../../infra/constructs/pipeline-function.js';
import { toSqsEvent } from '../../local/lambda-sqs-event.js';
import { BUCKETS, LOCAL_REGION, TABLES } from '../../local/resources.js';
import { type LocalStack, startLocalStack } from '../../local/start-local-stack.js';

/**
 * One real `cdk synth` with esbuild bundling, then each bundled handler loaded from the cloud
 * assembly in a fresh Node process and invoked once with a real event against the local
 * stack: the S3 event the bridge produced for a real upload, then the recompute message the
 * ingest bundle itself sent, then the park's scheduled report event. The tests run in order
 * and each uses what the previous one left. Sizes and timings are printed, not asserted
 * (no wall-clock asserts).
 */

const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const invokeScript = path.join(repoRoot, 'tests/infra/support/invoke-bundle.mjs');
const USCC = '91350100M000100Y43';
const UPLOAD_KEY = `uploads/shuangpai/${USCC}/2017-11.csv`;
const CSV = [
  '统一社会信用代码,企业名称,统计期,工业总产值(万元),工业增加值(万元),实缴税金(万元),上年同期工业总产值(万元),上年同期工业增加值(万元),上年同期实缴税金(万元)',
  `${USCC},双牌示例制造有限公司,2017-11,1200.5,300.2,45.1,1000,280,40`,
  '',
].join('\r\n');

interface Invocation {
  bootMs: number;
  loadMs: number;
  invokeMs: number;
  result: {
    batchItemFailures?: unknown[];
    publications?: { status: string; park: string; notified?: boolean }[];
  } | null;
  error: string | null;
}

describe('bundled handlers', () => {
  let outdir: string;
  let functions: Record<string, PipelineFunction>;
  let sizes: BundleSize[];
  let stack: LocalStack;
  let sqs: SQSClient;
  const timings: string[] = [];

  /** Loads the bundle in a fresh `node` with the local stack's environment and invokes it once. */
  async function invokeBundle(name: string, event: SQSEvent | Record<string, unknown>): Promise<Invocation> {
    const eventFile = path.join(outdir, `${name}-event.json`);
    const resultFile = path.join(outdir, `${name}-result.json`);
    writeFileSync(eventFile, JSON.stringify(event));
    const bundle = path.join(bundleDir(outdir, functions[name] as PipelineFunction), 'index.mjs');
    await run(process.execPath, ['--enable-source-maps', invokeScript, bundle, eventFile, resultFile], {
      env: { ...process.env, ...stack.env, AWS_LAMBDA_FUNCTION_NAME: `parkstats-${name}` },
    });
    const invocation = JSON.parse(readFileSync(resultFile, 'utf8')) as Invocation;
    timings.push(
      `${name.padEnd(10)} node boot ${invocation.bootMs.toFixed(0)} ms, load ${invocation.loadMs.toFixed(0)} ms, first invocation ${invocation.invokeMs.toFixed(0)} ms`,
    );
    return invocation;
  }

  async function receiveOne(queue: 'ingest' | 'recompute'): Promise<SQSEvent> {
    const { url, arn } = stack.resources.queues[queue];
    const messages: Message[] = [];
    for (let attempt = 0; attempt < 20 && messages.length === 0; attempt += 1) {
      const received = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: url,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
      );
      messages.push(...(received.Messages ?? []));
    }
    expect(messages.length, `a message on the ${queue} queue`).toBeGreaterThan(0);
    return toSqsEvent(messages, { queueArn: arn, region: LOCAL_REGION });
  }

  beforeAll(async () => {
    // The assembly lives under the repo so the bundles resolve the external AWS SDK from its node_modules.
    mkdirSync(path.join(repoRoot, 'cdk.out'), { recursive: true });
    outdir = mkdtempSync(path.join(repoRoot, 'cdk.out', 'bundle-test-'));
    ({ functions } = synthWithBundling(outdir));
    sizes = Object.entries(functions).map(([name, fn]) => measureBundle(name, bundleDir(outdir, fn)));
    // No pollers: this test hands the messages to the bundles itself.
    stack = await startLocalStack({ ports: { s3: 0, dynamodb: 0, sqs: 0 }, handlers: {}, quiet: true });
    sqs = new SQSClient({});
  }, 180_000);

  afterAll(async () => {
    if (sizes)
      console.log(`bundle sizes (target ${BUNDLE_TARGET_BYTES / 1024} KB):\n${formatBundleReport(sizes)}`);
    console.log(`fresh-process cold start:\n${timings.join('\n')}`);
    sqs?.destroy();
    await stack?.stop();
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  });

  it('each bundle is minified ESM with a source map and leaves the AWS SDK to the runtime', () => {
    expect(sizes.map((s) => s.name)).toEqual(['ingest', 'aggregate', 'report']);
    for (const size of sizes) {
      const dir = path.dirname(size.file);
      const code = readFileSync(size.file, 'utf8');
      expect(code.startsWith("import{createRequire}from'node:module'"), size.name).toBe(true);
      expect(
        JSON.parse(readFileSync(path.join(dir, 'index.mjs.map'), 'utf8')).mappings.length,
      ).toBeGreaterThan(0);
      const inputs = Object.keys(
        (
          JSON.parse(readFileSync(path.join(dir, 'index.meta.json'), 'utf8')) as {
            inputs: Record<string, unknown>;
          }
        ).inputs,
      );
      expect(
        inputs.filter((input) => input.includes('node_modules/@aws-sdk/')),
        size.name,
      ).toEqual([]);
    }
  });

  it('ingest: a real upload event is processed by the bundle in a fresh process', async () => {
    // Arrange: a real upload; the local S3 event bridge turns it into the S3 event Lambda gets.
    const s3 = new S3Client({});
    await s3.send(
      new PutObjectCommand({ Bucket: BUCKETS.uploads, Key: UPLOAD_KEY, Body: CSV, ContentType: 'text/csv' }),
    );
    const event = await receiveOne('ingest');

    // Act
    const invocation = await invokeBundle('ingest', event);

    // Assess
    expect(invocation.error).toBeNull();
    expect(invocation.result?.batchItemFailures ?? []).toEqual([]);
    const receipt = await s3.send(
      new GetObjectCommand({ Bucket: BUCKETS.uploads, Key: `receipts/${UPLOAD_KEY}.json` }),
    );
    expect(JSON.parse((await receipt.Body?.transformToString()) ?? '{}')).toMatchObject({
      key: UPLOAD_KEY,
      accepted: true,
      facts_written: 1,
    });
    s3.destroy();
  }, 60_000);

  it('aggregate: the recompute message the ingest bundle sent is processed by the aggregate bundle', async () => {
    // Arrange: the message the previous test's ingest invocation enqueued.
    const event = await receiveOne('recompute');

    // Act
    const invocation = await invokeBundle('aggregate', event);

    // Assess
    expect(invocation.error).toBeNull();
    expect(invocation.result?.batchItemFailures ?? []).toEqual([]);
    const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    const totals = await dynamo.send(
      new GetCommand({ TableName: TABLES.totals, Key: { pk: 'shuangpai', sk: '2017-11' } }),
    );
    expect(totals.Item).toBeDefined();
    dynamo.destroy();
  }, 60_000);

  it('report: the scheduled event for the park publishes the month with the report bundle', async () => {
    // Arrange: the event the park's schedule sends (infra/parkstats-stack.ts), with the period
    // pinned so the test does not depend on today's date; the totals come from the test above.
    const event = { parks: ['shuangpai'], period: '2017-11' };

    // Act
    const invocation = await invokeBundle('report', event);

    // Assess
    expect(invocation.error).toBeNull();
    expect(invocation.result?.publications).toEqual([
      expect.objectContaining({ status: 'published', park: 'shuangpai', notified: true }),
    ]);
    const s3 = new S3Client({});
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: BUCKETS.reports, Prefix: 'reports/shuangpai/2017-11/' }),
    );
    expect(listed.KeyCount ?? 0).toBeGreaterThan(0);
    s3.destroy();
  }, 60_000);
});
