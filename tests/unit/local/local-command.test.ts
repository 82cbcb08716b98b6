import { afterEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../../cli/args.js';
import { parseLocalArgs, publishOnce, run, scheduleBanner, usage } from '../../../cli/commands/local.js';

function captureOutput() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => err.push(String(chunk)) > 0);
  return { out: () => out.join(''), err: () => err.join('') };
}

describe('parkstats local arguments', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('prints the usage for --help and exits 0 without starting anything', async () => {
    const output = captureOutput();

    const code = await run(['--help']);

    expect(code).toBe(0);
    expect(output.out()).toBe(`${usage}\n`);
  });

  it.each([
    [['--s3-port', 'abc'], '--s3-port'],
    [['--sqs-port', '70000'], '--sqs-port'],
    [['--dynamodb-port', '-1'], 'dynamodb-port'],
    [['--bogus'], '--bogus'],
    [['extra'], 'extra'],
  ])('rejects %j with exit code 2 and a bilingual message naming the problem', async (args, named) => {
    const output = captureOutput();

    const code = await run(args);

    expect(code).toBe(2);
    expect(output.err()).toContain(named);
    expect(output.err()).toMatch(/[\u4e00-\u9fff]/);
    expect(output.err()).toContain(usage);
    expect(output.out()).toBe('');
  });
});

describe('parkstats local --publish and --period', () => {
  it('publishes nothing unless asked', () => {
    expect(parseLocalArgs([]).publish).toBeNull();
    expect(parseLocalArgs(['--demo']).publish).toBeNull();
  });

  it('takes --publish alone as the default period, and --period with it as that period', () => {
    expect(parseLocalArgs(['--publish']).publish).toEqual({});
    expect(parseLocalArgs(['--publish', '--period', '2002-07']).publish).toEqual({ period: '2002-07' });
    expect(parseLocalArgs(['--demo', '--publish'])).toMatchObject({ demo: true, publish: {} });
  });

  it.each([
    [['--period', '2002-07'], '--publish'],
    [['--publish', '--period', '2002-13'], '2002-13'],
    [['--publish', '--period', '200207'], 'YYYY-MM'],
    [['--demo', '--publish', '--period', '2002-07'], '--demo'],
  ])('rejects %j with a bilingual message naming %s', (args, named) => {
    const parse = () => parseLocalArgs(args);

    expect(parse).toThrow(UsageError);
    expect(parse).toThrow(named);
    expect(parse).toThrow(/[\u4e00-\u9fff]/);
  });

  it('exits 2 with the usage on a bad --period, starting nothing', async () => {
    const output = captureOutput();

    const code = await run(['--publish', '--period', 'soon']);

    expect(code).toBe(2);
    expect(output.err()).toContain('soon');
    expect(output.err()).toContain(usage);
  });
});

describe('the schedule line of the startup banner', () => {
  it('gives the next run in Beijing time and the period it publishes', () => {
    // 2026-12-08 09:00 in Asia/Shanghai is 01:00 UTC.
    const line = scheduleBanner(new Date('2026-12-08T01:00:00.000Z'));

    expect(line).toContain('北京时间 2026-12-08 09:00');
    expect(line).toContain('统计期 2026-11');
    expect(line).toContain('2026-12-08T01:00:00.000Z');
  });

  it('says when no schedule runs', () => {
    expect(scheduleBanner(null)).toContain('未启用定时报表');
  });
});

describe('publishOnce', () => {
  const keys = {
    prefix: 'reports/shuangpai/2002-07/rev-001/',
    json: 'reports/shuangpai/2002-07/rev-001/report.json',
    csv: 'reports/shuangpai/2002-07/rev-001/report.csv',
    xlsx: 'reports/shuangpai/2002-07/rev-001/report.xlsx',
    html: 'reports/shuangpai/2002-07/rev-001/report.html',
  };
  const recorder = () => {
    const out: string[] = [];
    const err: string[] = [];
    return {
      io: {
        out: (data: string | Uint8Array) => out.push(String(data)),
        err: (text: string) => err.push(text),
      },
      out: () => out.join(''),
      err: () => err.join(''),
    };
  };
  const env = { PARKSTATS_REPORTS_BUCKET: 'parkstats-reports' };

  it('prints the published revision and its object keys', async () => {
    const output = recorder();
    const publishReport = vi.fn(async (period: string) => ({
      period,
      publications: [
        {
          status: 'published' as const,
          park: 'shuangpai',
          period,
          revision: 1,
          keys,
          changes: [],
          causes: [],
          notified: true,
        },
      ],
    }));

    const ok = await publishOnce({ publishReport, env }, '2002-07', output.io);

    expect(ok).toBe(true);
    expect(publishReport).toHaveBeenCalledWith('2002-07');
    expect(output.out()).toContain('已发布第 1 版 (published revision 1)');
    expect(output.out()).toContain('s3://parkstats-reports/reports/shuangpai/2002-07/rev-001/report.csv');
    expect(output.err()).toBe('');
  });

  it('reports a failed publication in both languages without throwing', async () => {
    const output = recorder();
    const publishReport = vi.fn(async () => {
      throw new Error('report 2002-07 failed for: shuangpai');
    });

    const ok = await publishOnce({ publishReport, env }, '2002-07', output.io);

    expect(ok).toBe(false);
    expect(output.err()).toBe('发布失败 / publication failed: report 2002-07 failed for: shuangpai\n');
  });
});
