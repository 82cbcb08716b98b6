import 'aws-sdk-client-mock-vitest/extend';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { type ReportIo, run } from '../../../cli/commands/report.js';
import { awsClientConfig, LOCAL_CREDENTIALS, LOCAL_PORTS, resolveCliEnv } from '../../../cli/local-env.js';
import { recomputeParkYear } from '../../../core/indicators/recompute-park-year.js';
import { findPark } from '../../../core/parks.js';
import { S3RVER_CREDENTIALS } from '../../../local/emulators.js';
import { DEFAULT_PORTS } from '../../../local/start-local-stack.js';
import { factKey } from '../../../schemas/facts.js';
import type { ParkReport } from '../../../schemas/report.js';
import { A, fact } from '../indicators/builders.js';

const dynamo = mockClient(DynamoDBDocumentClient);
const shuangpai = findPark('shuangpai');
if (shuangpai === undefined) throw new Error('config/parks.json lacks shuangpai');

const env = {
  PARKSTATS_TOTALS_TABLE: 'totals',
  AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:1',
  AWS_REGION: 'us-east-1',
};

/** A stored November 2017 report of one enterprise with `output` against a reported base of `base`. */
function storedReport(output: string, base: string): ParkReport {
  const reports = recomputeParkYear({
    park: shuangpai as NonNullable<typeof shuangpai>,
    year: 2017,
    facts: [
      {
        ...fact({ uscc: A, period: '2017-11', output, output_prev: base, industry_code: 'C2021' }),
        ...factKey('shuangpai', '2017-11', A),
        park: 'shuangpai',
      },
    ],
    priorFacts: [],
    register: null,
    countyTotals: null,
    computedAt: '2017-12-05T02:00:00.000Z',
  });
  const november = reports.at(-1);
  if (november === undefined) throw new Error('no report');
  return { ...november, revision: 2 };
}

function capture(withEnv: NodeJS.ProcessEnv = env) {
  const io = { stdout: '', stderr: '' };
  const commandIo: ReportIo = {
    out: (data) => {
      io.stdout += typeof data === 'string' ? data : new TextDecoder().decode(data);
    },
    err: (text) => {
      io.stderr += text;
    },
    env: withEnv,
  };
  return { io, commandIo };
}

function store(report: ParkReport) {
  dynamo
    .on(GetCommand, { Key: { pk: 'shuangpai', sk: report.period } })
    .resolves({ Item: { pk: 'shuangpai', sk: report.period, content_hash: 'h', ...report } });
}

beforeEach(() => {
  dynamo.reset();
  dynamo.on(GetCommand).resolves({});
});

describe('parkstats report --format table', () => {
  it('prints growth rounded half-up at 1 decimal from the exact sums: 45.2499…% is 45.2', async () => {
    // Arrange: the JSON's 2-decimal figure is 45.25, which would print 45.3 if rounded again.
    const report = storedReport('1452499', '1000000');
    expect(report.output.ytd_yoy_pct).toBe(45.25);
    store(report);
    const { io, commandIo } = capture();

    // Act
    const code = await run(['--park', 'shuangpai', '--period', '2017-11'], commandIo);

    // Assess
    expect(code).toBe(0);
    expect(io.stdout).toContain('同比增长45.2%');
    expect(io.stdout).not.toContain('45.3');
    expect(io.stdout).toContain('双牌工业集中区 2017年1–11月');
    expect(io.stdout).toContain('第 2 版');
    expect(dynamo).toHaveReceivedCommandWith(GetCommand, {
      TableName: 'totals',
      Key: { pk: 'shuangpai', sk: '2017-11' },
    });
  });

  it('prints an exact 45.25% as 45.3, and a fall as 同比下降', async () => {
    store(storedReport('1452500', '1000000'));
    const rise = capture();
    await run(['--park', 'shuangpai', '--period', '2017-11'], rise.commandIo);

    dynamo.reset();
    store(storedReport('967500', '1000000'));
    const fall = capture();
    await run(['--park', 'shuangpai', '--period', '2017-11'], fall.commandIo);

    expect(rise.io.stdout).toContain('同比增长45.3%');
    // 967500 / 1000000 − 1 = −3.25 % → 下降 3.3 (half-up on the magnitude)
    expect(fall.io.stdout).toContain('同比下降3.3%');
  });

  it('lists enterprises that growth left out for lack of a base', async () => {
    const report = storedReport('100', '80');
    report.value_added.growth_coverage.ytd.excluded = [A];
    store(report);
    const { io, commandIo } = capture();

    await run(['--park', 'shuangpai', '--period', '2017-11'], commandIo);

    expect(io.stdout).toContain(`增加值同比未计入 1 家 (无上年同期基数): ${A}`);
  });
});

describe('parkstats report --format json and csv', () => {
  it('prints exactly the stored ParkReport as JSON', async () => {
    const report = storedReport('1452499', '1000000');
    store(report);
    const { io, commandIo } = capture();

    const code = await run(['--park', 'shuangpai', '--period', '2017-11', '--format', 'json'], commandIo);

    expect(code).toBe(0);
    expect(JSON.parse(io.stdout)).toEqual(report);
  });

  it('prints CSV with a BOM, CRLF line ends and one row per indicator', async () => {
    store(storedReport('1452500', '1000000'));
    const { io, commandIo } = capture();

    await run(['--park', 'shuangpai', '--period', '2017-11', '--format', 'csv'], commandIo);

    expect(io.stdout.startsWith('\uFEFF园区,统计期,指标,')).toBe(true);
    const lines = io.stdout.slice(1).split('\r\n');
    expect(lines).toHaveLength(7);
    expect(lines[1]?.split(',').slice(0, 3)).toEqual(['双牌工业集中区', '2017-11', '规模工业总产值(亿元)']);
    expect(lines[1]?.split(',')[5]).toBe('45.3');
  });
});

describe('parkstats report errors', () => {
  it('exits 1 with a Chinese message when no totals exist for the period', async () => {
    const { io, commandIo } = capture();

    const code = await run(['--park', 'shuangpai', '--period', '2017-05'], commandIo);

    expect(code).toBe(1);
    expect(io.stderr).toContain('没有 双牌工业集中区 (shuangpai) 2017-05 的汇总数据');
    expect(io.stdout).toBe('');
  });

  it.each([
    [[], '缺少 --park 或 --period'],
    [['--park', 'shuangpai'], '缺少 --park 或 --period'],
    [['--park', 'nowhere', '--period', '2017-11'], '未知园区 "nowhere"'],
    [['--park', 'shuangpai', '--period', '2017-13'], '应为 YYYY-MM'],
    [['--park', 'shuangpai', '--period', '2017-11', '--format', 'xlsx'], '未知格式 "xlsx"'],
    [['--park', 'shuangpai', '--period', '2017-11', '--verbose'], "Unknown option '--verbose'"],
  ])('exits 2 with usage for %j', async (args, message) => {
    const { io, commandIo } = capture();

    expect(await run(args, commandIo)).toBe(2);
    expect(io.stderr).toContain(message);
    expect(io.stderr).toContain('用法 Usage: parkstats report');
    expect(dynamo).toHaveReceivedCommandTimes(GetCommand, 0);
  });

  it('explains an unreachable table without a stack trace', async () => {
    dynamo
      .on(GetCommand)
      .rejects(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4567'), { name: 'Error' }));
    const { io, commandIo } = capture({});

    const code = await run(['--park', 'shuangpai', '--period', '2017-11'], commandIo);

    expect(code).toBe(1);
    expect(io.stderr).toContain('无法读取汇总表 parkstats-totals (http://127.0.0.1:4567)');
    expect(io.stderr).toContain('parkstats local');
    expect(io.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('cli/local-env', () => {
  it('falls back to the local stack’s defaults when nothing is configured', () => {
    const cli = resolveCliEnv({ HOME: '/home/x', AWS_PROFILE: 'prod' });

    expect(cli.source).toBe('local-defaults');
    expect(cli.env.PARKSTATS_TOTALS_TABLE).toBe('parkstats-totals');
    expect(awsClientConfig(cli, 'DYNAMODB')).toEqual({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${LOCAL_PORTS.dynamodb}`,
      credentials: LOCAL_CREDENTIALS,
    });
  });

  it('passes the local stack’s S3 checksum settings to S3 clients only', () => {
    const cli = resolveCliEnv({});

    expect(awsClientConfig(cli, 'S3')).toMatchObject({
      endpoint: `http://127.0.0.1:${LOCAL_PORTS.s3}`,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    expect(awsClientConfig(cli, 'DYNAMODB')).not.toHaveProperty('requestChecksumCalculation');
  });

  it('uses a configured environment as given, filling only the resource names', () => {
    const cli = resolveCliEnv({ AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9000' });

    expect(cli.source).toBe('environment');
    expect(cli.env.PARKSTATS_TOTALS_TABLE).toBe('parkstats-totals');
    expect(awsClientConfig(cli, 'DYNAMODB')).toEqual({ endpoint: 'http://127.0.0.1:9000' });
  });

  it('keeps its copies of the local stack’s ports and key pair equal to local/', () => {
    expect(LOCAL_PORTS).toEqual(DEFAULT_PORTS);
    expect(LOCAL_CREDENTIALS).toEqual(S3RVER_CREDENTIALS);
  });
});
