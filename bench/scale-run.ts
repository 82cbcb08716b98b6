import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type LocalStack, startLocalStack } from '../local/index.js';
import {
  countRequests,
  DYNAMODB_READS,
  DYNAMODB_WRITES,
  describeCounts,
  sumOf,
} from './pipeline-request-counter.js';
import { meterCapacity } from './scale-capacity.js';
import { cpuSince, forEachBounded, integer, peakRssMb, per, verdict } from './scale-figures.js';
import { totalsMismatches } from './scale-totals.js';
import { BenchWorkload, enterpriseRange, period } from './scale-workload.js';

/**
 * The scale run behind `npm run bench:scale` (scale.bench.ts registers the generated parks
 * first): one synthetic province-like month through the local stack — every park's office
 * uploads its enterprises' rows for June 2011 as files of `rowsPerFile` rows — then the
 * totals of every park are checked against the exact sums, and the figures printed.
 */

export interface ScaleRunOptions {
  parks: readonly string[];
  enterprisesPerPark: number;
  rowsPerFile: number;
}

const MONTH = 6;
const PUT_CONCURRENCY = 8;
const IDLE_TIMEOUT_MS = 900_000;
const PROGRESS_EVERY_MS = 30_000;

function buildWorkload(options: ScaleRunOptions): BenchWorkload {
  const workload = new BenchWorkload();
  options.parks.forEach((park, parkIndex) => {
    for (let first = 0; first < options.enterprisesPerPark; first += options.rowsPerFile) {
      const count = Math.min(options.rowsPerFile, options.enterprisesPerPark - first);
      const enterprises = enterpriseRange(parkIndex * options.enterprisesPerPark + first, count);
      workload.add(park, enterprises, MONTH, `scale-${period(MONTH)}-rows-${first + 1}-${first + count}`);
    }
  });
  return workload;
}

/** Prints what the pollers have done every PROGRESS_EVERY_MS on stderr, so a long run shows it is alive. */
function reportProgress(stack: LocalStack, startedAt: number, files: number): () => void {
  const timer = setInterval(() => {
    const { pollers } = stack.stats();
    process.stderr.write(
      `  … ${((performance.now() - startedAt) / 1000).toFixed(0)} s: ingest ${pollers.ingest?.recordsSucceeded ?? 0}/${files} files, ` +
        `aggregate ${pollers.recompute?.recordsSucceeded ?? 0} recomputes, peak RSS ${peakRssMb().toFixed(0)} MB\n`,
    );
  }, PROGRESS_EVERY_MS);
  return () => clearInterval(timer);
}

export async function runScaleBench(options: ScaleRunOptions): Promise<void> {
  const workload = buildWorkload(options);
  const files = workload.files;
  console.log(
    `Scale run: ${integer(workload.rows)} enterprises × 1 month (${period(MONTH)}) across ${options.parks.length} parks, ` +
      `${integer(files.length)} office files of ≤ ${options.rowsPerFile} rows, through the local stack`,
  );
  const stack = await startLocalStack({
    ports: { s3: 0, dynamodb: 0, sqs: 0 },
    quiet: true,
    retryDelaySeconds: 1,
  });
  // startLocalStack has set process.env: this is the module instance the in-process handlers use.
  const handlerClients = await import('../functions/shared/aws-clients.js');
  const dynamodbCounter = countRequests([handlerClients.dynamo]);
  const s3Counter = countRequests([handlerClients.s3]);
  const sqsCounter = countRequests([handlerClients.sqs]);
  const capacity = meterCapacity(handlerClients.dynamo);
  const s3 = new S3Client({});
  const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const bucket = stack.env.PARKSTATS_UPLOAD_BUCKET ?? '';
  try {
    console.log(`local stack ready in ${stack.startupMs} ms`);
    const before = stack.stats();
    const startedAt = performance.now();
    const cpuAtStart = process.cpuUsage();
    const stopProgress = reportProgress(stack, startedAt, files.length);
    let uploadedAt = 0;
    try {
      await forEachBounded(files, PUT_CONCURRENCY, async (file) => {
        await s3.send(new PutObjectCommand({ Bucket: bucket, Key: file.key, Body: file.body }));
      });
      uploadedAt = performance.now();
      await stack.waitForIdle(IDLE_TIMEOUT_MS);
    } finally {
      stopProgress();
    }
    const seconds = (performance.now() - startedAt) / 1000;
    const { cpuSeconds, loadAverage } = cpuSince(cpuAtStart);
    const after = stack.stats();
    const mismatches = await totalsMismatches(dynamo, stack.env.PARKSTATS_TOTALS_TABLE ?? '', workload);

    const rows = workload.rows;
    const dynamodb = dynamodbCounter.snapshot();
    const writes = sumOf(dynamodb, DYNAMODB_WRITES);
    const reads = sumOf(dynamodb, DYNAMODB_READS);
    const units = capacity.snapshot();
    const s3Requests = [...s3Counter.snapshot().values()].reduce((a, b) => a + b, 0);
    const sqsRequests = [...sqsCounter.snapshot().values()].reduce((a, b) => a + b, 0);
    const ingest = (after.pollers.ingest?.invocations ?? 0) - (before.pollers.ingest?.invocations ?? 0);
    const recomputes =
      (after.pollers.recompute?.recordsSucceeded ?? 0) - (before.pollers.recompute?.recordsSucceeded ?? 0);
    const aggregate =
      (after.pollers.recompute?.invocations ?? 0) - (before.pollers.recompute?.invocations ?? 0);
    const deadLetters = after.deadLetterMoves.ingest + after.deadLetterMoves.recompute;

    console.log(
      `\ntotal time, first PUT → pipeline idle: ${seconds.toFixed(1)} s (all PUTs done at ${((uploadedAt - startedAt) / 1000).toFixed(1)} s)`,
    );
    console.log(`rows/s: ${integer(rows / seconds)} (${(files.length / seconds).toFixed(1)} files/s)`);
    console.log(
      `CPU: ${cpuSeconds.toFixed(0)} s used by the process (${integer(rows / cpuSeconds)} rows per CPU-second; ` +
        `${((cpuSeconds / seconds) * 100).toFixed(0)} % of one core on average, 1-minute load average at the end ${loadAverage.toFixed(1)})`,
    );
    console.log(
      `handler invocations: ingest ${ingest} (batches of ≤ 10 files), aggregate ${aggregate} for ${recomputes} recompute messages`,
    );
    console.log(
      `DynamoDB requests per row: writes ${per(writes, rows)} (${integer(writes)}), reads ${per(reads, rows)} (${integer(reads)})`,
    );
    console.log(`  by operation: ${describeCounts(dynamodb)}`);
    console.log(
      `DynamoDB capacity units per row (as the emulator reports them): write ${per(units.write, rows)} (${integer(units.write)} WRU), ` +
        `read ${per(units.read, rows)} (${integer(units.read)} RRU)`,
    );
    console.log(
      `S3 requests per file: ${per(s3Requests, files.length)} — ${describeCounts(s3Counter.snapshot())}`,
    );
    console.log(
      `SQS requests per file: ${per(sqsRequests, files.length)} — ${describeCounts(sqsCounter.snapshot())}`,
    );
    console.log(
      `  (handlers only; at the emulators per file, bench PUTs, S3 bridge and pollers included: S3 ${per(after.requests.s3 - before.requests.s3, files.length)}, ` +
        `SQS ${per(after.requests.sqs - before.requests.sqs, files.length)}, DynamoDB ${per(after.requests.dynamodb - before.requests.dynamodb, files.length)})`,
    );
    console.log(
      `peak RSS: ${peakRssMb().toFixed(0)} MB — process ${process.pid}, the only one: bench, s3rver, dynalite, fauxqs and both handlers run in it`,
    );
    const verdicts = [
      `${verdict(mismatches.length === 0)}  totals of ${workload.sums.size} parks exact to the 分 and counting every enterprise` +
        (mismatches.length === 0
          ? ''
          : `: ${mismatches.length} differences, first ${mismatches.slice(0, 5).join('; ')}`),
      `${verdict(deadLetters === 0)}  ${deadLetters} messages in dead-letter queues`,
    ];
    console.log(`\n${verdicts.join('\n')}`);
    if (verdicts.some((line) => line.startsWith('FAIL'))) process.exitCode = 1;
  } finally {
    s3.destroy();
    dynamo.destroy();
    await stack.stop();
  }
}
