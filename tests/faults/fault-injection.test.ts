import { fileURLToPath, pathToFileURL } from 'node:url';
import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startQueuePoller } from '../../local/queue-poller.js';
import { LOCAL_REGION } from '../../local/resources.js';
import { DEFAULT_HANDLERS, type LocalStack, startLocalStack } from '../../local/start-local-stack.js';
import { RestartingIngestWorker } from '../support/faults-ingest-process.js';
import { armFaults, disarmFaults, type FaultPlan, seededRandom } from '../support/faults-injection.js';
import {
  ingestQueueDepth,
  reservePorts,
  type StackPorts,
  setIngestVisibilityTimeout,
  waitForIdleWith,
} from '../support/faults-stack.js';
import {
  differences,
  runWorkload,
  type Snapshot,
  takeSnapshot,
  workload,
  workloadKeys,
} from '../support/faults-workload.js';
import { ScenarioDriver } from '../support/scenario-driver.js';

/**
 * Fault injection on the local stack (issue 7, item 1): each scenario runs the workload of
 * tests/support/faults-workload.ts on a fresh private stack with one fault active, waits
 * until the pipeline is idle and compares facts, totals, receipts and dead-letter queues
 * with those of a clean run. A run survives when they are equal and no message was
 * dead-lettered. Runs differ by seed. The table is printed at the end.
 *
 * FAULTS_RUNS sets the runs per scenario (default 5; at most 3 for the slow scenarios);
 * FAULTS_VERBOSE=1 shows the stack's poller lines and the handlers' INFO logs.
 *
 * Nothing here imports a handler module statically: a handler reads its configuration and
 * builds its clients when first imported, which must happen after the first stack has set
 * the environment (tests/support/faults-stack.ts: every stack of this worker uses the same
 * ports, so those clients stay valid from one stack to the next).
 */
const FAULT_HANDLERS = {
  ingest: fileURLToPath(new URL('../support/faults-ingest-handler.ts', import.meta.url)),
  aggregate: fileURLToPath(new URL('../support/faults-aggregate-handler.ts', import.meta.url)),
};
const RUNS = Number(process.env.FAULTS_RUNS ?? 5);
const SETTLE_MS = 120_000;
const LOAD = workload();
const KEYS = workloadKeys(LOAD);

interface RunResult {
  survived: boolean;
  differences: string[];
  /** What the fault did in this run, for the report. */
  evidence: string;
  /** How often the fault hit what the scenario is about (a handler failing, an overlap, a kill mid-batch). */
  hits: number;
}

interface ScenarioResult {
  runs: number;
  survived: number;
  seconds: number;
  evidence: string[];
  failures: string[];
  hits: number;
}

const results = new Map<string, ScenarioResult>();
let ports: StackPorts;
let clean: Snapshot;
const logLevel = process.env.POWERTOOLS_LOG_LEVEL;

async function withStack<T>(
  handlers: { ingest?: string; aggregate?: string },
  body: (stack: LocalStack) => Promise<T>,
): Promise<T> {
  const stack = await startLocalStack({
    ports,
    handlers,
    retryDelaySeconds: 0,
    quiet: !process.env.FAULTS_VERBOSE,
  });
  try {
    return await body(stack);
  } finally {
    await stack.stop();
  }
}

/** Runs the workload; the driver waits with `waitForIdle` (the stack's own by default). */
async function drive(
  stack: LocalStack,
  options: { waitForIdle?: (timeoutMs?: number) => Promise<void>; duringFirstWave?: Promise<unknown> } = {},
): Promise<Snapshot> {
  const driver = new ScenarioDriver({
    env: stack.env,
    waitForIdle: options.waitForIdle ?? ((timeoutMs) => stack.waitForIdle(timeoutMs ?? SETTLE_MS)),
  });
  try {
    await runWorkload(driver, LOAD, {
      settleTimeoutMs: SETTLE_MS,
      ...(options.duringFirstWave ? { duringFirstWave: options.duringFirstWave } : {}),
    });
    return await takeSnapshot(stack.resources, KEYS);
  } finally {
    driver.destroy();
  }
}

/** Failed records seen by the stack's pollers: faults that reached a handler and were retried. */
function handlerFailures(stack: LocalStack): number {
  const { pollers } = stack.stats();
  return (pollers.ingest?.recordsFailed ?? 0) + (pollers.recompute?.recordsFailed ?? 0);
}

function judge(snapshot: Snapshot, evidence: string, hits: number): RunResult {
  const found = differences(clean, snapshot);
  return { survived: found.length === 0, differences: found, evidence, hits };
}

/** Both handlers in this process with the fault middleware, one plan per run. */
function inProcess(plan: (seed: number) => FaultPlan) {
  return (seed: number) =>
    withStack(FAULT_HANDLERS, async (stack) => {
      armFaults(plan(seed));
      try {
        const snapshot = await drive(stack);
        const counts = disarmFaults();
        return judge(
          snapshot,
          `${counts.injected} injected (${counts.sticky} on every attempt, ${counts.kills} kills), ${handlerFailures(stack)} records failed in a handler and retried`,
          handlerFailures(stack),
        );
      } finally {
        disarmFaults();
      }
    });
}

/**
 * Visibility timeout 1 s on the ingest queue, the first fact write of a seeded third of the
 * uploads delayed 1.5 s, and two ingest pollers taking one message at a time: a message
 * whose first delivery is slow is visible again and delivered to the other poller while the
 * first is still in the handler. (One message per receive keeps a message's receives at
 * two or three, below the queue's maxReceiveCount; larger batches would dead-letter the
 * messages queued behind a slow one, as they would on AWS with such a timeout.)
 */
async function redeliveryBeforeFinished(seed: number): Promise<RunResult> {
  return withStack({ aggregate: FAULT_HANDLERS.aggregate }, async (stack) => {
    await setIngestVisibilityTimeout(stack, 1);
    const random = seededRandom(seed);
    const slow = new Set(KEYS.filter(() => random() < 1 / 3));
    armFaults({ kind: 'slow-facts', keys: slow, delayMs: 1500 });
    const module = (await import(pathToFileURL(FAULT_HANDLERS.ingest).href)) as {
      handler: Parameters<typeof startQueuePoller>[0]['handler'];
    };
    const sqs = new SQSClient({});
    const pollers = [1, 2].map(() =>
      startQueuePoller({
        sqs,
        queueUrl: stack.resources.queues.ingest.url,
        queueArn: stack.resources.queues.ingest.arn,
        region: LOCAL_REGION,
        functionName: 'parkstats-ingest',
        handler: module.handler,
        batchSize: 1,
        functionTimeoutMs: 120_000,
        retryDelaySeconds: 0,
        waitTimeSeconds: 1,
      }),
    );
    const ingestIdle = async () =>
      pollers.every((poller) => !poller.busy()) && (await ingestQueueDepth(stack)) === 0;
    try {
      const snapshot = await drive(stack, {
        waitForIdle: (timeoutMs) => waitForIdleWith(stack, ingestIdle, timeoutMs ?? SETTLE_MS),
      });
      const counts = disarmFaults();
      const deliveries = pollers.reduce((sum, poller) => sum + poller.stats().messagesReceived, 0);
      return judge(
        snapshot,
        `${counts.injected} slow first deliveries, ${counts.overlaps} fact writes by a second delivery meanwhile, ${deliveries} deliveries of ${KEYS.length + 2} messages`,
        counts.overlaps,
      );
    } finally {
      disarmFaults();
      await Promise.all(pollers.map((poller) => poller.stop()));
      sqs.destroy();
    }
  });
}

/**
 * Ingest in a child process, killed with SIGKILL three times at seeded random points of the
 * first wave and restarted; visibility timeout 2 s so a killed batch comes back soon. The
 * aggregate function runs in this process, untouched.
 */
async function ingestKilled(seed: number): Promise<RunResult> {
  return withStack({ aggregate: DEFAULT_HANDLERS.aggregate }, async (stack) => {
    await setIngestVisibilityTimeout(stack, 2);
    const worker = new RestartingIngestWorker({
      ...stack.env,
      FAULTS_INGEST_QUEUE_ARN: stack.resources.queues.ingest.arn,
      FAULTS_INGEST_BATCH_SIZE: '3',
    });
    await worker.start();
    try {
      const kills = worker.killAtRandomPoints(seededRandom(seed), 3, 10_000);
      const snapshot = await drive(stack, {
        waitForIdle: (timeoutMs) =>
          waitForIdleWith(stack, async () => (await ingestQueueDepth(stack)) === 0, timeoutMs ?? SETTLE_MS),
        duringFirstWave: kills,
      });
      const report = await kills;
      return judge(
        snapshot,
        `${report.kills} kills, ${report.inFlight} with a batch in the handler`,
        report.inFlight,
      );
    } finally {
      await worker.stop();
    }
  });
}

function dynamoErrors(error: 'throttle' | 'server', rate: number, seed: number): FaultPlan {
  return { kind: 'dynamo-error', error, rate, stickyRate: 0.01, stickyBudget: 4, random: seededRandom(seed) };
}

const SCENARIOS: Array<{ name: string; runs: number; run: (seed: number) => Promise<RunResult> }> = [
  {
    name: 'DynamoDB throttling (5 % of calls + 1 % on every attempt)',
    // The SDK waits up to seconds before retrying a throttle: fewer runs keep the suite short.
    runs: Math.min(RUNS, 3),
    run: inProcess((seed) => dynamoErrors('throttle', 0.05, seed)),
  },
  {
    name: 'DynamoDB 500 InternalServerError (10 % of calls + 1 % on every attempt)',
    runs: RUNS,
    run: inProcess((seed) => dynamoErrors('server', 0.1, seed)),
  },
  {
    name: 'S3 GetObject body reset mid-stream (40 %)',
    runs: RUNS,
    run: inProcess((seed) => ({ kind: 's3-midstream', rate: 0.4, maxPerKey: 2, random: seededRandom(seed) })),
  },
  {
    name: 'SQS redelivery before the handler finished',
    runs: Math.min(RUNS, 3),
    run: redeliveryBeforeFinished,
  },
  { name: 'ingest process killed and restarted (3×)', runs: Math.min(RUNS, 3), run: ingestKilled },
  {
    name: 'aggregate killed between reading facts and writing totals',
    runs: RUNS,
    run: inProcess((seed) => ({
      kind: 'aggregate-kill',
      rate: 0.5,
      maxConsecutive: 2,
      random: seededRandom(seed),
    })),
  },
];

beforeAll(async () => {
  // The handlers log every injected failure as an error; the table says what happened.
  process.env.POWERTOOLS_LOG_LEVEL = process.env.FAULTS_VERBOSE ? 'INFO' : 'SILENT';
  ports = await reservePorts();
  clean = await withStack(FAULT_HANDLERS, (stack) => drive(stack));
});

afterAll(() => {
  if (logLevel === undefined) delete process.env.POWERTOOLS_LOG_LEVEL;
  else process.env.POWERTOOLS_LOG_LEVEL = logLevel;
  const rows = [...results].map(([name, result]) => [
    name,
    String(result.runs),
    String(result.survived),
    result.seconds.toFixed(1),
  ]);
  const header = ['scenario', 'runs', 'survived', 'seconds'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  const table = [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)];
  const details = [...results].flatMap(([name, result]) => [
    `${name}:`,
    ...result.evidence.map((evidence, run) => `  run ${run + 1}: ${evidence}`),
    ...result.failures.map((failure) => `  NOT SURVIVED ${failure}`),
  ]);
  console.log(['', ...table, '', ...details].join('\n'));
});

describe('the clean run', () => {
  it('ingests the whole workload: facts, totals and a receipt for every upload', () => {
    // 12 enterprises × 3 months + 4 office enterprises × 3 months, less the deleted file's month.
    expect(clean.facts).toHaveLength(12 * 3 + 4 * 3 - 1);
    expect(clean.totals.map((item) => item.sk)).toEqual(
      expect.arrayContaining(['2023-01', '2023-02', '2023-03']),
    );
    // A deleted upload's receipts are removed with its facts; every other upload has one.
    const missing = Object.entries(clean.receipts).filter(([, receipt]) => receipt === null);
    expect(missing.map(([key]) => key)).toEqual([LOAD.deletion]);
    expect(clean.deadLetters).toEqual([]);
  });
});

describe.each(SCENARIOS)('$name', ({ name, runs, run }) => {
  it(`survives ${runs} seeded runs: same facts, totals and receipts as a clean run, nothing dead-lettered`, async () => {
    const result: ScenarioResult = { runs, survived: 0, seconds: 0, evidence: [], failures: [], hits: 0 };
    results.set(name, result);
    const started = performance.now();
    for (let index = 0; index < runs; index += 1) {
      const seed = 7919 * (index + 1);
      const outcome = await run(seed);
      result.evidence.push(outcome.evidence);
      result.hits += outcome.hits;
      if (outcome.survived) result.survived += 1;
      else result.failures.push(`seed ${seed}: ${outcome.differences.slice(0, 5).join('; ')}`);
    }
    result.seconds = (performance.now() - started) / 1000;
    // The fault did reach what the scenario is about, or surviving it proves nothing.
    expect(result.hits).toBeGreaterThan(0);
    expect(result.failures).toEqual([]);
    expect(result.survived).toBe(runs);
  });
});
