import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as report } from '../../cli/commands/report.js';
import { expectedFigures } from '../../demo/shuangpai/expected.js';
import { publishedView } from '../../demo/shuangpai/present-report.js';
import { runDemo } from '../../demo/shuangpai/run-demo.js';
import { type LocalStack, startLocalStack } from '../../local/index.js';
import { ParkReportSchema } from '../../schemas/report.js';

/**
 * The demo end to end on its own local stack (the shared one holds other tests' 双牌
 * uploads, which would change the totals): upload the 81 files through S3, let the real
 * ingest and aggregate handlers run, read `parkstats report --format json`.
 */
let stack: LocalStack;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'parkstats-demo-'));
  stack = await startLocalStack({
    ports: { s3: 0, dynamodb: 0, sqs: 0 },
    dataDir,
    retryDelaySeconds: 0,
    quiet: true,
    schedule: false,
  });
  await runDemo({ env: stack.env, waitForIdle: () => stack.waitForIdle(150_000) }, { log: () => undefined });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('双牌 demo through the local stack', () => {
  it('reports the published 1–11月 2017 figures', async () => {
    const { park, period, figures } = expectedFigures();
    const printed: string[] = [];
    const io = { out: (text: string) => printed.push(text), err: () => undefined, env: stack.env };

    const code = await report(['--park', park, '--period', period, '--format', 'json'], io);

    expect(code).toBe(0);
    const json = ParkReportSchema.parse(JSON.parse(printed.join('')));
    expect(publishedView(json)).toEqual(figures);
    expect(json.enterprises).toEqual({ reporting: 19, expected: 19, missing: [] });
  });
});
