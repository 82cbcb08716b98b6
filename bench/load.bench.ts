/**
 * `npm run bench:load` — 1,000 enterprises of one park (双牌, the configured park) each
 * uploading their own one-row file for the same month through the local stack:
 *
 * 1. spread: one PUT every 60 ms, so the thousand land within one minute (≈ 17/s);
 * 2. burst: the same enterprises' next month, 16 PUTs in flight, as fast as the stack takes them.
 *
 * Per phase: upload → receipt p50/p90/p99/max (PUT sent → the handler's receipt PutObject
 * returned, clocked in-process by scale-receipt-clock.ts), the lag from the last PUT to the
 * month's totals counting all 1,000, and the totals checked exactly against big.js sums.
 */

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { startLocalStack } from '../local/index.js';
import {
  countRequests,
  DYNAMODB_READS,
  DYNAMODB_WRITES,
  describeCounts,
  type RequestCounter,
  sumOf,
} from './pipeline-request-counter.js';
import { type CapacityMeter, meterCapacity } from './scale-capacity.js';
import { forEachBounded, integer, ms, peakRssMb, per, percentile, verdict } from './scale-figures.js';
import { clockReceipts, type ReceiptClock } from './scale-receipt-clock.js';
import { totalsMismatches } from './scale-totals.js';
import { BenchWorkload, period, type UploadFile } from './scale-workload.js';

const PARK = 'shuangpai';
const ENTERPRISES = 1_000;
const SPREAD_INTERVAL_MS = 60;
const BURST_CONCURRENCY = 16;
const TOTALS_TIMEOUT_MS = 600_000;
const TOTALS_POLL_MS = 100;
const PROGRESS_EVERY_MS = 30_000;

const ReportingSchema = z.object({ enterprises: z.object({ reporting: z.number() }) });

interface Phase {
  label: string;
  month: number;
  /** PUTs every `intervalMs`, or `concurrency` at a time when absent. */
  intervalMs?: number;
  concurrency?: number;
}

const PHASES: Phase[] = [
  { label: `spread: 1 PUT every ${SPREAD_INTERVAL_MS} ms`, month: 3, intervalMs: SPREAD_INTERVAL_MS },
  { label: `burst: ${BURST_CONCURRENCY} PUTs in flight`, month: 4, concurrency: BURST_CONCURRENCY },
];

/** What the handlers asked of AWS, counted on their own clients. */
interface HandlerMeters {
  dynamodb: RequestCounter;
  s3: RequestCounter;
  sqs: RequestCounter;
  capacity: CapacityMeter;
}

interface Clients {
  s3: S3Client;
  dynamo: DynamoDBDocumentClient;
  bucket: string;
  totalsTable: string;
}

const sleep = (duration: number) => new Promise((resolve) => setTimeout(resolve, duration));

/** Sends every file as the phase says; returns when each PUT was sent (performance.now()). */
async function upload(
  clients: Clients,
  phase: Phase,
  files: readonly UploadFile[],
): Promise<Map<string, number>> {
  const sentAt = new Map<string, number>();
  const put = async (file: UploadFile) => {
    sentAt.set(file.key, performance.now());
    await clients.s3.send(new PutObjectCommand({ Bucket: clients.bucket, Key: file.key, Body: file.body }));
  };
  if (phase.intervalMs === undefined) {
    await forEachBounded(files, phase.concurrency ?? 1, put);
    return sentAt;
  }
  const startedAt = performance.now();
  const inFlight: Array<Promise<void>> = [];
  for (const [index, file] of files.entries()) {
    await sleep(startedAt + index * phase.intervalMs - performance.now());
    inFlight.push(put(file));
  }
  await Promise.all(inFlight);
  return sentAt;
}

async function reporting(clients: Clients, month: number): Promise<number> {
  const { Item } = await clients.dynamo.send(
    new GetCommand({
      TableName: clients.totalsTable,
      Key: { pk: PARK, sk: period(month) },
      ConsistentRead: true,
    }),
  );
  const parsed = ReportingSchema.safeParse(Item);
  return parsed.success ? parsed.data.enterprises.reporting : 0;
}

/** Polls the month's totals until they count every enterprise; a line on stderr now and then. */
async function waitForTotals(clients: Clients, month: number, since: number): Promise<void> {
  let progressAt = performance.now();
  for (let count = 0; count < ENTERPRISES; count = await reporting(clients, month)) {
    if (performance.now() - since > TOTALS_TIMEOUT_MS)
      throw new Error(`totals of ${period(month)} not complete`);
    if (performance.now() - progressAt > PROGRESS_EVERY_MS) {
      process.stderr.write(`  … totals of ${period(month)} count ${count}/${ENTERPRISES}\n`);
      progressAt = performance.now();
    }
    await sleep(TOTALS_POLL_MS);
  }
}

async function runPhase(clients: Clients, clock: ReceiptClock, phase: Phase, settle: () => Promise<void>) {
  const workload = new BenchWorkload();
  for (let i = 0; i < ENTERPRISES; i += 1) {
    workload.add(PARK, [i], phase.month, `load-${period(phase.month)}`);
  }
  const startedAt = performance.now();
  const sentAt = await upload(clients, phase, workload.files);
  const lastPutAt = Math.max(...sentAt.values());
  await waitForTotals(clients, phase.month, lastPutAt);
  const totalsLagMs = performance.now() - lastPutAt;
  // A file counts in the totals before its receipt is written (facts, recompute, then receipt).
  await settle();
  // In send order: the first uploads meet an empty park, the last a full one.
  const latencies: number[] = [];
  let accepted = 0;
  for (const [key, sent] of sentAt) {
    const arrival = clock.arrivals().get(key);
    latencies.push(arrival === undefined ? Number.NaN : arrival.at - sent);
    if (arrival?.accepted) accepted += 1;
  }
  return {
    workload,
    uploadSeconds: (lastPutAt - startedAt) / 1000,
    totalsLagMs,
    latencies,
    accepted,
  };
}

const ascending = (values: readonly number[]) =>
  values.filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);

/** The handlers' requests per file of a phase: what the national cost model in docs/scale.md multiplies. */
function printRequests(meters: HandlerMeters, files: number): void {
  const dynamodb = meters.dynamodb.snapshot();
  const units = meters.capacity.snapshot();
  const total = (counter: RequestCounter) => [...counter.snapshot().values()].reduce((a, b) => a + b, 0);
  console.log(
    `  handlers' DynamoDB per file: ${per(sumOf(dynamodb, DYNAMODB_WRITES), files)} writes, ${per(sumOf(dynamodb, DYNAMODB_READS), files)} reads ` +
      `(${describeCounts(dynamodb)}); ${per(units.write, files)} WRU, ${per(units.read, files)} RRU`,
  );
  console.log(
    `  handlers' S3 per file ${per(total(meters.s3), files)} (${describeCounts(meters.s3.snapshot())}); ` +
      `SQS per file ${per(total(meters.sqs), files)} (${describeCounts(meters.sqs.snapshot())})`,
  );
}

async function main(): Promise<void> {
  const stack = await startLocalStack({
    ports: { s3: 0, dynamodb: 0, sqs: 0 },
    quiet: true,
    retryDelaySeconds: 1,
  });
  // startLocalStack has set process.env: this is the module instance the in-process handlers use.
  const handlerClients = await import('../functions/shared/aws-clients.js');
  const clock = clockReceipts(handlerClients.s3);
  const meters: HandlerMeters = {
    dynamodb: countRequests([handlerClients.dynamo]),
    s3: countRequests([handlerClients.s3]),
    sqs: countRequests([handlerClients.sqs]),
    capacity: meterCapacity(handlerClients.dynamo),
  };
  const clients: Clients = {
    s3: new S3Client({}),
    dynamo: DynamoDBDocumentClient.from(new DynamoDBClient({})),
    bucket: stack.env.PARKSTATS_UPLOAD_BUCKET ?? '',
    totalsTable: stack.env.PARKSTATS_TOTALS_TABLE ?? '',
  };
  const verdicts: string[] = [];
  try {
    console.log(
      `Load run: ${integer(ENTERPRISES)} enterprises of ${PARK}, one single-row file each per month; local stack ready in ${stack.startupMs} ms`,
    );
    for (const phase of PHASES) {
      for (const meter of Object.values(meters)) meter.reset();
      const result = await runPhase(clients, clock, phase, () => stack.waitForIdle(TOTALS_TIMEOUT_MS));
      const mismatches = await totalsMismatches(clients.dynamo, clients.totalsTable, result.workload);
      const all = ascending(result.latencies);
      const tenth = ENTERPRISES / 10;
      console.log(
        `\n${period(phase.month)}, ${phase.label}: ${integer(ENTERPRISES)} PUTs sent in ${result.uploadSeconds.toFixed(1)} s`,
      );
      console.log(
        `  upload → receipt: p50 ${ms(percentile(all, 50))}, p90 ${ms(percentile(all, 90))}, ` +
          `p99 ${ms(percentile(all, 99))}, max ${ms(all.at(-1) ?? Number.NaN)} (${all.length} receipts)`,
      );
      console.log(
        `    p50 of the first ${tenth} uploads ${ms(percentile(ascending(result.latencies.slice(0, tenth)), 50))}, ` +
          `of the last ${tenth} ${ms(percentile(ascending(result.latencies.slice(-tenth)), 50))}`,
      );
      console.log(`  last PUT → totals counting all ${integer(ENTERPRISES)}: ${ms(result.totalsLagMs)}`);
      printRequests(meters, ENTERPRISES);
      const sums = result.workload.sums.get(`${PARK}/${period(phase.month)}`);
      if (sums !== undefined) {
        console.log(
          `  expected (big.js): output ${sums.output.toFixed()} 元, value added ${sums.valueAdded.toFixed()} 元, tax ${sums.taxPaid.toFixed()} 元`,
        );
      }
      verdicts.push(
        `${verdict(result.accepted === ENTERPRISES)}  ${period(phase.month)}: ${result.accepted}/${ENTERPRISES} uploads accepted with a receipt`,
        `${verdict(mismatches.length === 0)}  ${period(phase.month)}: totals exact to the 分 for all ${ENTERPRISES} enterprises` +
          (mismatches.length === 0 ? '' : ` — ${mismatches.join('; ')}`),
      );
    }
    const { deadLetterMoves } = stack.stats();
    const deadLetters = deadLetterMoves.ingest + deadLetterMoves.recompute;
    verdicts.push(`${verdict(deadLetters === 0)}  ${deadLetters} messages in dead-letter queues`);
    console.log(
      `\npeak RSS ${peakRssMb().toFixed(0)} MB (process ${process.pid}: bench, emulators and handlers)`,
    );
    console.log(`\n${verdicts.join('\n')}`);
    if (verdicts.some((line) => line.startsWith('FAIL'))) process.exitCode = 1;
  } finally {
    clients.s3.destroy();
    clients.dynamo.destroy();
    await stack.stop();
  }
}

await main();
