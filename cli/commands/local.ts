import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { formatExportLines } from '../../local/local-env.js';
import { legacyCiphersAvailable, OPENSSL_LEGACY_FLAG } from '../../local/openssl-legacy.js';
import { DEFAULT_PORTS, type LocalStack, startLocalStack } from '../../local/start-local-stack.js';

export const usage = `parkstats local [--s3-port N] [--dynamodb-port N] [--sqs-port N] [--data DIR] [--demo]

  在本机启动完整的 parkstats 环境（S3、DynamoDB、SQS 模拟器和与 Lambda 相同的处理函数），
  打印 export 行和 READY，按 Ctrl-C 停止。
  Starts the whole pipeline on this machine (S3, DynamoDB and SQS emulators running the
  same handlers as Lambda), prints export lines and READY; Ctrl-C stops it.

  --s3-port N        S3 端口 / S3 port (default ${DEFAULT_PORTS.s3}; 0 = any free port)
  --dynamodb-port N  DynamoDB 端口 / DynamoDB port (default ${DEFAULT_PORTS.dynamodb})
  --sqs-port N       SQS/SNS 端口 / SQS and SNS port (default ${DEFAULT_PORTS.sqs})
  --data DIR         数据保存在 DIR（默认仅在内存中）/ keep S3 objects and tables in DIR (default: in memory)
  --demo             载入双牌演示数据并打印报表 / load the 双牌 demo data set and print its report`;

class UsageError extends Error {}

interface LocalArgs {
  help: boolean;
  ports: { s3: number; dynamodb: number; sqs: number };
  dataDir?: string;
  demo: boolean;
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

function parseLocalArgs(args: string[]): LocalArgs {
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
  };
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
    try {
      stack = await startLocalStack({
        ports: parsed.ports,
        ...(parsed.dataDir ? { dataDir: parsed.dataDir } : {}),
      });
    } catch (error) {
      process.stderr.write(`${startFailure(error)}\n`);
      return 1;
    }
    process.stdout.write(`${formatExportLines(stack.env).join('\n')}\nREADY\n`);
    const demoOk = !parsed.demo || (await runDemoSafely(stack));
    if (demoOk) await stopRequested;
    await stack.stop();
    process.stderr.write('[parkstats local] 已停止 / stopped\n');
    return demoOk ? 0 : 1;
  } finally {
    dispose();
  }
}

/**
 * Loads the 双牌 demo into the stack and prints its report with `parkstats report`, which
 * finds the stack through the environment the stack set in this process. A failure is
 * reported, never thrown at the user.
 */
async function runDemoSafely(stack: LocalStack): Promise<boolean> {
  try {
    const { runDemo } = await import('../../demo/shuangpai/run-demo.js');
    const demo = await runDemo(stack);
    const report = await import('./report.js');
    return (await report.run(['--park', demo.park, '--period', demo.period])) === 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`演示运行失败 / the demo failed: ${message}\n`);
    return false;
  }
}
