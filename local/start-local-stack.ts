import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { ReportHandlerResult } from '../functions/report/handler.js';
import { DEFAULT_REPORT_CRON, type MonthlyCron, nextRun } from '../functions/report/schedule.js';
import {
  type RunningEmulator,
  S3RVER_CREDENTIALS,
  type SqsMessageTransition,
  startDynamoDbEmulator,
  startS3Emulator,
  startSqsEmulator,
} from './emulators.js';
import {
  type PollerStats,
  type QueuePoller,
  type SqsBatchHandler,
  startQueuePoller,
} from './queue-poller.js';
import { startReportSchedule } from './report-schedule.js';
import {
  BUCKETS,
  type CreatedResources,
  createResources,
  LOCAL_REGION,
  QUEUES,
  type QueueKey,
  TABLES,
  UPLOAD_NOTIFICATIONS,
} from './resources.js';
import { startS3EventBridge } from './s3-event-bridge.js';

/** Default ports, each settable (0 = any free port). */
export const DEFAULT_PORTS = { sqs: 4566, dynamodb: 4567, s3: 4569 } as const;

/** The handler modules Lambda runs; the local stack runs the same ones. */
export const DEFAULT_HANDLERS = {
  ingest: fileURLToPath(new URL('../functions/ingest/handler.ts', import.meta.url)),
  aggregate: fileURLToPath(new URL('../functions/aggregate/handler.ts', import.meta.url)),
  report: fileURLToPath(new URL('../functions/report/handler.ts', import.meta.url)),
} as const;

/** The local stand-in for the EventBridge schedule; `now` lets a test move the clock. */
export interface LocalReportSchedule {
  cron?: MonthlyCron;
  now?: () => Date;
}

export interface LocalStackOptions {
  ports?: { s3?: number; dynamodb?: number; sqs?: number };
  /** Keep S3 objects and DynamoDB items here across restarts; queues are always in memory. */
  dataDir?: string;
  /**
   * Module paths exporting `handler`, DEFAULT_HANDLERS if absent; a queue without one is
   * created but not polled, and without a report handler nothing is scheduled or published.
   */
  handlers?: { ingest?: string; aggregate?: string; report?: string };
  /**
   * The bureau report schedule (DEFAULT_REPORT_CRON unless given), run when a report handler
   * is loaded; false: none, for tests that publish only when they say so.
   */
  schedule?: LocalReportSchedule | false;
  /** Seconds before a failed record is retried; see QueuePollerOptions.retryDelaySeconds. */
  retryDelaySeconds?: number;
  /** No log lines on stderr. */
  quiet?: boolean;
  /** Where the stack's log lines go instead of stderr (e.g. muted while a demo prints progress). */
  log?: (line: string) => void;
}

export interface LocalStackStats {
  requests: { s3: number; dynamodb: number; sqs: number };
  bridge: { published: number; pending: number };
  pollers: Partial<Record<QueueKey, PollerStats>>;
  deadLetterMoves: Record<QueueKey, number>;
}

export interface LocalStack {
  /** Everything a process needs to use the stack with the default AWS SDK configuration. */
  env: Record<string, string>;
  resources: CreatedResources;
  /** Milliseconds from the call to startLocalStack until ready. */
  startupMs: number;
  stop(): Promise<void>;
  /** Resolves once the bridge, the polled queues and the handlers have nothing left to do. */
  waitForIdle(timeoutMs?: number): Promise<void>;
  stats(): LocalStackStats;
  /**
   * Runs the report handler for `period` at once, as the scheduled run would (every
   * configured park); rejects when the stack has no report handler or a park failed.
   */
  publishReport(period: string): Promise<ReportHandlerResult>;
  /** When the schedule next publishes, or null when no schedule runs. */
  nextReportRun(): Date | null;
}

type ReportHandler = (event: { period: string }) => Promise<ReportHandlerResult>;

const FUNCTION_NAMES: Record<QueueKey, string> = {
  ingest: 'parkstats-ingest',
  recompute: 'parkstats-aggregate',
};
const REPORT_FUNCTION_NAME = 'parkstats-report';
const DEFAULT_RETRY_DELAY_SECONDS = 2;

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const startedAt = performance.now();
  const log = options.quiet
    ? () => undefined
    : (options.log ?? ((line: string) => process.stderr.write(`[parkstats local] ${line}\n`)));
  const ports = { ...DEFAULT_PORTS, ...options.ports };
  const cleanups: Array<() => Promise<void>> = [];
  const cleanUp = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };

  try {
    const deadLetterMoves: Record<QueueKey, number> = { ingest: 0, recompute: 0 };
    const dlqCounter = (transition: SqsMessageTransition) => {
      if (transition.status !== 'dlq') return;
      const entry = Object.entries(QUEUES).find(([, queue]) => queue.name === transition.queueName);
      if (entry) deadLetterMoves[entry[0] as QueueKey] += 1;
    };

    const s3Directory = options.dataDir
      ? join(options.dataDir, 's3')
      : await mkdtemp(join(tmpdir(), 'parkstats-s3-'));
    if (!options.dataDir) cleanups.push(() => rm(s3Directory, { recursive: true, force: true }));

    // allSettled, so that when one port is taken the emulators that did start are stopped.
    const started = await Promise.allSettled([
      startS3Emulator({ port: ports.s3, directory: s3Directory }),
      startDynamoDbEmulator({
        port: ports.dynamodb,
        ...(options.dataDir ? { dataDir: join(options.dataDir, 'dynamodb') } : {}),
      }),
      startSqsEmulator({ port: ports.sqs, onTransition: dlqCounter }),
    ] as const);
    for (const result of started) {
      if (result.status === 'fulfilled') cleanups.push(() => result.value.stop());
    }
    const [s3, dynamodb, sqs] = [fulfilled(started[0]), fulfilled(started[1]), fulfilled(started[2])];

    const clients = buildClients({ s3, dynamodb, sqs });
    cleanups.push(async () => {
      for (const client of Object.values(clients)) client.destroy();
    });
    const resources = await createResources(clients);

    const env = stackEnv({ s3, dynamodb, sqs }, resources);
    const previousEnv = applyEnv({ ...quietHandlerDefaults(), ...env });
    cleanups.push(async () => {
      applyEnv(previousEnv);
    });

    const bridge = await startS3EventBridge({
      s3rver: s3.s3rver,
      sqs: clients.sqs,
      queueUrl: resources.queues.ingest.url,
      bucket: BUCKETS.uploads,
      notifications: UPLOAD_NOTIFICATIONS,
      region: LOCAL_REGION,
      configurationId: 'parkstats-ingest',
      onError: (error) => log(`S3 event bridge: ${error instanceof Error ? error.message : String(error)}`),
    });
    cleanups.push(() => bridge.stop());

    const handlers = options.handlers ?? DEFAULT_HANDLERS;
    const handlerPaths: Partial<Record<QueueKey, string>> = {
      ...(handlers.ingest ? { ingest: handlers.ingest } : {}),
      ...(handlers.aggregate ? { recompute: handlers.aggregate } : {}),
    };
    const pollers: Partial<Record<QueueKey, QueuePoller>> = {};
    for (const [key, path] of Object.entries(handlerPaths) as Array<[QueueKey, string]>) {
      const queue = QUEUES[key];
      const poller = startQueuePoller({
        sqs: clients.sqs,
        queueUrl: resources.queues[key].url,
        queueArn: resources.queues[key].arn,
        region: LOCAL_REGION,
        functionName: FUNCTION_NAMES[key],
        handler: await loadHandler<SqsBatchHandler>(path),
        batchSize: queue.batchSize,
        functionTimeoutMs: queue.functionTimeoutSeconds * 1000,
        retryDelaySeconds: options.retryDelaySeconds ?? DEFAULT_RETRY_DELAY_SECONDS,
        log,
      });
      pollers[key] = poller;
      cleanups.push(() => poller.stop());
    }

    const reportHandler = handlers.report ? await loadHandler<ReportHandler>(handlers.report) : undefined;
    let publishing = 0;
    const publishReport = async (period: string): Promise<ReportHandlerResult> => {
      if (reportHandler === undefined) throw new Error('local stack: no report handler is loaded');
      publishing += 1;
      try {
        return await reportHandler({ period });
      } finally {
        publishing -= 1;
      }
    };
    const scheduleOptions = options.schedule ?? {};
    const schedule =
      reportHandler && scheduleOptions
        ? {
            cron: scheduleOptions.cron ?? DEFAULT_REPORT_CRON,
            now: scheduleOptions.now ?? (() => new Date()),
          }
        : undefined;
    if (schedule) {
      const handle = startReportSchedule(
        schedule.cron,
        async (period) => {
          // A failed run is logged and the schedule goes on, as EventBridge would retry and move on.
          try {
            log(`${REPORT_FUNCTION_NAME}: ${scheduledRunSummary(period, await publishReport(period))}`);
          } catch (error) {
            log(
              `${REPORT_FUNCTION_NAME}: 定时报表 ${period} 失败 / scheduled report failed: ${messageOf(error)}`,
            );
          }
        },
        schedule.now,
      );
      cleanups.push(async () => handle.stop());
    }

    const activePollers = Object.entries(pollers) as Array<[QueueKey, QueuePoller]>;
    const isIdle = async (): Promise<boolean> => {
      if (publishing > 0 || bridge.pending() > 0 || activePollers.some(([, poller]) => poller.busy())) {
        return false;
      }
      const depths = await Promise.all(
        activePollers.map(([key]) => queueDepth(clients.sqs, resources.queues[key].url)),
      );
      return depths.every((depth) => depth === 0);
    };

    let stopping: Promise<void> | undefined;
    const stack: LocalStack = {
      env,
      resources,
      startupMs: Math.round(performance.now() - startedAt),
      stop: () => {
        stopping ??= cleanUp();
        return stopping;
      },
      waitForIdle: async (timeoutMs = 30_000) => {
        const deadline = performance.now() + timeoutMs;
        // Two idle readings in a row: a batch may finish between the checks of one reading.
        let idleReadings = 0;
        while (idleReadings < 2) {
          if (performance.now() > deadline) {
            throw new Error(`local stack: not idle after ${timeoutMs} ms (${JSON.stringify(stack.stats())})`);
          }
          idleReadings = (await isIdle()) ? idleReadings + 1 : 0;
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      },
      stats: () => ({
        requests: { s3: s3.requestCount(), dynamodb: dynamodb.requestCount(), sqs: sqs.requestCount() },
        bridge: { published: bridge.published(), pending: bridge.pending() },
        pollers: Object.fromEntries(activePollers.map(([key, poller]) => [key, poller.stats()])),
        deadLetterMoves: { ...deadLetterMoves },
      }),
      publishReport,
      nextReportRun: () => (schedule ? nextRun(schedule.cron, schedule.now()) : null),
    };
    log(`ready in ${stack.startupMs} ms`);
    return stack;
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

function fulfilled<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}

function buildClients(emulators: { s3: RunningEmulator; dynamodb: RunningEmulator; sqs: RunningEmulator }) {
  const common = { region: LOCAL_REGION, credentials: S3RVER_CREDENTIALS };
  return {
    s3: new S3Client({
      ...common,
      endpoint: emulators.s3.endpoint,
      requestChecksumCalculation: 'WHEN_REQUIRED',
    }),
    dynamodb: new DynamoDBClient({ ...common, endpoint: emulators.dynamodb.endpoint }),
    sqs: new SQSClient({ ...common, endpoint: emulators.sqs.endpoint }),
    sns: new SNSClient({ ...common, endpoint: emulators.sqs.endpoint }),
  };
}

/**
 * The environment that points the AWS SDK (and the AWS CLI) at the emulators with no code
 * change: endpoints per service, s3rver's key pair, and checksums only where S3 requires
 * them (s3rver stores the SDK's default aws-chunked CRC32 framing as the object's bytes).
 * IP endpoints make the SDK use path-style S3 addressing by itself.
 */
function stackEnv(
  emulators: { s3: RunningEmulator; dynamodb: RunningEmulator; sqs: RunningEmulator },
  resources: CreatedResources,
): Record<string, string> {
  return {
    AWS_REGION: LOCAL_REGION,
    // The AWS CLI (botocore) reads only this one.
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_S3: emulators.s3.endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: emulators.dynamodb.endpoint,
    AWS_ENDPOINT_URL_SQS: emulators.sqs.endpoint,
    AWS_ENDPOINT_URL_SNS: emulators.sqs.endpoint,
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    PARKSTATS_UPLOAD_BUCKET: BUCKETS.uploads,
    PARKSTATS_REPORTS_BUCKET: BUCKETS.reports,
    PARKSTATS_FACTS_TABLE: TABLES.facts,
    PARKSTATS_TOTALS_TABLE: TABLES.totals,
    PARKSTATS_INGEST_QUEUE_URL: resources.queues.ingest.url,
    PARKSTATS_RECOMPUTE_QUEUE_URL: resources.queues.recompute.url,
    PARKSTATS_BUREAU_TOPIC_ARN: resources.bureauTopicArn,
  };
}

/**
 * The handlers' Powertools logs (INFO) and EMF metrics go to stdout, where a terminal
 * running `parkstats local` would drown in them; the poller's one line per batch says
 * what happened. Values the user set win, e.g. POWERTOOLS_LOG_LEVEL=INFO.
 */
function quietHandlerDefaults(): Record<string, string> {
  return {
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
  };
}

/**
 * The handlers run in this process and build their clients from process.env at import,
 * as a Lambda does from its configured environment; returns the values it replaced.
 */
function applyEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const previous: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(env)) {
    previous[name] = process.env[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  return previous;
}

async function loadHandler<T>(path: string): Promise<T> {
  const module: { handler?: unknown } = await import(pathToFileURL(resolve(path)).href);
  if (typeof module.handler !== 'function') {
    throw new Error(`local stack: ${path} does not export a function named handler`);
  }
  return module.handler as T;
}

/** One log line per scheduled run: each park's outcome. */
function scheduledRunSummary(period: string, result: ReportHandlerResult): string {
  const outcomes = result.publications.map((publication) =>
    publication.status === 'no-totals'
      ? `${publication.park} 无汇总数据 / no totals`
      : `${publication.park} 第 ${publication.revision} 版 / revision ${publication.revision} (${publication.status})`,
  );
  return `定时报表 ${period} / scheduled report ${period}: ${outcomes.join('; ') || '—'}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function queueDepth(sqs: SQSClient, queueUrl: string): Promise<number> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
        'ApproximateNumberOfMessagesDelayed',
      ],
    }),
  );
  return (
    Number(Attributes.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) +
    Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0)
  );
}
