import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { DEFAULT_REPORT_CRON, reportedPeriod } from '../../functions/report/schedule.js';
import { formatExportLines } from '../../local/local-env.js';
import { legacyCiphersAvailable, OPENSSL_LEGACY_FLAG } from '../../local/openssl-legacy.js';
import { DEFAULT_PORTS, type LocalStack, startLocalStack } from '../../local/start-local-stack.js';
import { PeriodSchema } from '../../schemas/money.js';
import { UsageError } from '../args.js';
import { type CommandIo, messageOf, processIo } from '../io.js';
import { publicationText } from '../publish-report.js';

export const usage = `parkstats local [--s3-port N] [--dynamodb-port N] [--sqs-port N] [--data DIR] [--demo]
                [--publish [--period YYYY-MM]]

  在本机启动完整的 parkstats 环境（S3、DynamoDB、SQS 模拟器和与 Lambda 相同的处理函数，
  以及每月 ${DEFAULT_REPORT_CRON.day} 日 ${DEFAULT_REPORT_CRON.hour}:00（北京时间）向统计局发布报表的定时任务），
  打印 export 行和 READY，按 Ctrl-C 停止。
  Starts the whole pipeline on this machine (S3, DynamoDB and SQS emulators running the
  same handlers as Lambda, and the bureau report schedule: day ${DEFAULT_REPORT_CRON.day} of each month at
  ${DEFAULT_REPORT_CRON.hour}:00 ${DEFAULT_REPORT_CRON.tz}), prints export lines and READY; Ctrl-C stops it.

  --s3-port N        S3 端口 / S3 port (default ${DEFAULT_PORTS.s3}; 0 = any free port)
  --dynamodb-port N  DynamoDB 端口 / DynamoDB port (default ${DEFAULT_PORTS.dynamodb})
  --sqs-port N       SQS/SNS 端口 / SQS and SNS port (default ${DEFAULT_PORTS.sqs})
  --data DIR         数据保存在 DIR（默认仅在内存中）/ keep S3 objects and tables in DIR (default: in memory)
  --demo             载入双牌演示数据并打印报表 / load the 双牌 demo data set and print its report
  --publish          启动后立即发布一次报表（写入报表桶 reports/<园区>/<统计期>/rev-NNN/）
                     / publish the bureau report once right after start, as the schedule would
  --period YYYY-MM   --publish 的统计期，默认上月；与 --demo 同用时为演示数据的统计期
                     / the period --publish publishes (default: last month; the demo's with --demo)`;

export interface LocalArgs {
  help: boolean;
  ports: { s3: number; dynamodb: number; sqs: number };
  dataDir?: string;
  demo: boolean;
  /** Publish once after start: the given period, or undefined for the default (see run). */
  publish: { period?: string } | null;
}

function parsePort(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) {
    throw new UsageError(
      `--${name} 必须是 0 到 65535 之间的整数 / --${name} must be an integer from 0 to 65535: ${value}`,
    );
  }
  return port;
}

/** Parses the command line; throws UsageError with a bilingual message. */
export function parseLocalArgs(args: string[]): LocalArgs {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(args).values;
  } catch (error) {
    throw new UsageError(
      `参数无效 / invalid arguments: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return {
    help: values.help ?? false,
    ports: {
      s3: parsePort('s3-port', values['s3-port'], DEFAULT_PORTS.s3),
      dynamodb: parsePort('dynamodb-port', values['dynamodb-port'], DEFAULT_PORTS.dynamodb),
      sqs: parsePort('sqs-port', values['sqs-port'], DEFAULT_PORTS.sqs),
    },
    ...(values.data ? { dataDir: values.data } : {}),
    demo: values.demo ?? false,
    publish: parsePublish(values),
  };
}

function parsePublish(values: { publish?: boolean; period?: string; demo?: boolean }): LocalArgs['publish'] {
  const { period } = values;
  if (period === undefined) return values.publish ? {} : null;
  if (!values.publish) {
    throw new UsageError('--period 只能与 --publish 同用 / --period is only valid with --publish');
  }
  if (values.demo) {
    throw new UsageError(
      '--demo 发布演示数据的统计期，不能再指定 --period / --demo publishes the demo period; drop --period',
    );
  }
  if (!PeriodSchema.safeParse(period).success) {
    throw new UsageError(`--period 应为 YYYY-MM，例如 2017-11 / --period must be YYYY-MM: ${period}`);
  }
  return { period };
}

function parse(args: string[]) {
  return parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      's3-port': { type: 'string' },
      'dynamodb-port': { type: 'string' },
      'sqs-port': { type: 'string' },
      data: { type: 'string' },
      demo: { type: 'boolean' },
      publish: { type: 'boolean' },
      period: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** Why the stack did not start, in words a user can act on. */
function startFailure(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const port = (error as { port?: unknown }).port;
  if (code === 'EADDRINUSE') {
    return `端口 ${String(port)} 已被占用，请用 --*-port 换一个 / port ${String(port)} is already in use; choose another with --*-port`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `本地环境启动失败 / the local stack did not start: ${message}`;
}

/** Resolves on the first SIGINT or SIGTERM; `dispose` stops listening. */
function listenForStop(): { stopRequested: Promise<void>; dispose: () => void } {
  let requestStop: (() => void) | undefined;
  const stopRequested = new Promise<void>((resolve) => {
    requestStop = resolve;
  });
  const onSignal = () => requestStop?.();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    stopRequested,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/**
 * Runs this same command line again in a Node with the OpenSSL legacy provider (see
 * local/openssl-legacy.ts), forwarding Ctrl-C, and answers its exit code. The marker
 * variable keeps a Node where the flag does not help from re-running forever.
 */
function rerunWithLegacyOpenSsl(): Promise<number> {
  const child = spawn(
    process.execPath,
    [OPENSSL_LEGACY_FLAG, ...process.execArgv, ...process.argv.slice(1)],
    {
      stdio: 'inherit',
      env: { ...process.env, [RERUN_MARKER]: '1' },
    },
  );
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? 1);
    });
  });
}

const RERUN_MARKER = 'PARKSTATS_LOCAL_LEGACY_OPENSSL';

export async function run(args: string[]): Promise<number> {
  let parsed: LocalArgs;
  try {
    parsed = parseLocalArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${usage}\n`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  if (!legacyCiphersAvailable() && process.env[RERUN_MARKER] === undefined) return rerunWithLegacyOpenSsl();

  // Listen before starting, so a Ctrl-C during startup still stops cleanly.
  const { stopRequested, dispose } = listenForStop();
  try {
    let stack: LocalStack;
    // The demo prints its own progress; one line per handler batch would drown it.
    let batchLinesMuted = parsed.demo;
    try {
      stack = await startLocalStack({
        ports: parsed.ports,
        ...(parsed.dataDir ? { dataDir: parsed.dataDir } : {}),
        log: (line) => {
          if (!batchLinesMuted) process.stderr.write(`[parkstats local] ${line}\n`);
        },
      });
    } catch (error) {
      process.stderr.write(`${startFailure(error)}\n`);
      return 1;
    }
    process.stdout.write(`${formatExportLines(stack.env).join('\n')}\nREADY\n`);
    process.stderr.write(`${scheduleBanner(stack.nextReportRun())}\n`);
    const ok = await runStartupTasks(stack, parsed);
    batchLinesMuted = false;
    if (ok) {
      process.stderr.write(`${SERVING_HINT}\n`);
      await stopRequested;
    }
    await stack.stop();
    process.stderr.write('[parkstats local] 已停止 / stopped\n');
    return ok ? 0 : 1;
  } finally {
    dispose();
  }
}

const SERVING_HINT = `[parkstats local] 本地流水线运行中，按 Ctrl-C 停止 / serving; Ctrl-C stops it.
  在另一个终端试试 / try, in another terminal:
    npx parkstats template --out 月报.csv
    npx parkstats upload 月报.csv --park shuangpai --enterprise 91350100M000100Y43
    npx parkstats report --park shuangpai --period 2017-11`;

/** "下次定时报表 …": when the schedule publishes next, in Beijing time, and which month. */
export function scheduleBanner(next: Date | null): string {
  if (next === null) return '[parkstats local] 未启用定时报表 / no report schedule';
  const beijing = new Date(next.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
  const period = reportedPeriod(next, DEFAULT_REPORT_CRON.tz);
  return `[parkstats local] 下次定时报表：北京时间 ${beijing}，统计期 ${period} / next scheduled report: ${next.toISOString()}, period ${period}`;
}

/** The demo (under --demo), then the publication (under --publish); false once one failed. */
async function runStartupTasks(stack: LocalStack, parsed: LocalArgs): Promise<boolean> {
  let demoPeriod: string | undefined;
  if (parsed.demo) {
    const demo = await runDemoSafely(stack);
    if (demo === null) return false;
    demoPeriod = demo.period;
  }
  if (parsed.publish === null) return true;
  const period = demoPeriod ?? parsed.publish.period ?? reportedPeriod(new Date(), DEFAULT_REPORT_CRON.tz);
  return publishOnce(stack, period);
}

/**
 * Loads the 双牌 demo into the stack and prints its report with `parkstats report`, which
 * finds the stack through the environment the stack set in this process. Answers the demo's
 * period, or null after a failure, which is reported, never thrown at the user.
 */
async function runDemoSafely(stack: LocalStack): Promise<{ period: string } | null> {
  try {
    const { runDemo } = await import('../../demo/shuangpai/run-demo.js');
    const demo = await runDemo(stack);
    const report = await import('./report.js');
    const code = await report.run(['--park', demo.park, '--period', demo.period]);
    return code === 0 ? { period: demo.period } : null;
  } catch (error) {
    process.stderr.write(`演示运行失败 / the demo failed: ${messageOf(error)}\n`);
    return null;
  }
}

/**
 * `--publish`: the scheduled run for `period`, now, through the stack's report handler, then
 * each park's revision and object keys as `parkstats report --publish` prints them. A park
 * without totals is said so and is no failure; a failed publication is reported, not thrown.
 */
export async function publishOnce(
  stack: Pick<LocalStack, 'publishReport' | 'env'>,
  period: string,
  io: CommandIo = processIo,
): Promise<boolean> {
  io.out(`发布 ${period} 的报表 / publishing the report for ${period}\n`);
  try {
    const result = await stack.publishReport(period);
    const bucket = stack.env.PARKSTATS_REPORTS_BUCKET ?? '';
    for (const publication of result.publications) {
      io.out(`园区 ${publication.park} (park ${publication.park}):\n${publicationText(publication, bucket)}`);
    }
    return true;
  } catch (error) {
    io.err(`发布失败 / publication failed: ${messageOf(error)}\n`);
    return false;
  }
}
