import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ParkStatus, run as status } from '../../cli/commands/status.js';
import { run as upload } from '../../cli/commands/upload.js';
import type { Receipt } from '../../schemas/receipt.js';
import { useLocalStackEnv, waitForLocalStackIdle } from '../support/local-stack-env.js';
import { makeUscc } from '../support/uscc.js';

/**
 * `parkstats upload` and `parkstats status` against the integration stack, in process, the
 * way a statistician runs them. A year no other test uses (2002) keeps the facts apart; the
 * park's register is whatever other tests left, so missing-enterprise arithmetic is checked
 * against it rather than assumed (the unit tests pin it down exactly).
 */
const env = useLocalStackEnv();
const PARK = 'shuangpai';
const PERIOD = '2002-05';
const USCC = makeUscc(2_002_050_1);
const HEADER = '统一社会信用代码,企业名称,统计期,工业总产值(万元),工业增加值(万元),实缴税金(万元),情况说明';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parkstats-cli-upload-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function csv(name: string, ...rows: string[]): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, `${[HEADER, ...rows].join('\r\n')}\r\n`);
  return file;
}

async function runCommand(command: typeof upload, args: string[]) {
  const printed = { code: -1, stdout: '', stderr: '' };
  printed.code = await command(args, {
    out: (data) => {
      printed.stdout += typeof data === 'string' ? data : new TextDecoder().decode(data);
    },
    err: (text) => {
      printed.stderr += text;
    },
    env,
  });
  return printed;
}

async function statusOfPeriod(): Promise<ParkStatus> {
  const printed = await runCommand(status, ['--park', PARK, '--period', PERIOD, '--json']);
  expect(printed.code, printed.stderr).toBe(0);
  return JSON.parse(printed.stdout) as ParkStatus;
}

describe('parkstats upload / status on the local stack', () => {
  it('prints the Chinese receipt of an accepted file and exits 0', async () => {
    // Arrange: no 上年同期 figure and no stored fact of 2001: a soft "no prior-year base" warning.
    const file = await csv('2002-05.csv', `${USCC},双牌集成测试企业,${PERIOD},1000,300,20,`);

    // Act
    const printed = await runCommand(upload, [file, '--park', PARK, '--enterprise', USCC]);

    // Assess
    expect(printed.code, printed.stderr).toBe(0);
    expect(printed.stdout).toContain('已接收 (accepted)');
    expect(printed.stdout).toContain(`文件：uploads/${PARK}/${USCC}/2002-05.csv`);
    expect(printed.stdout).toContain('缺少上年同期数');
  });

  it('shows the enterprise as reporting and its warning as open', async () => {
    await waitForLocalStackIdle();

    const report = await statusOfPeriod();

    expect(report.reporting.map((e) => e.uscc)).toContain(USCC);
    expect(report.missing.map((e) => e.uscc)).not.toContain(USCC);
    if (report.expected !== null) {
      expect(report.summary).toBe(
        `应报 ${report.expected} 家，已报 ${report.reporting.length} 家，缺报 ${report.missing.length} 家`,
      );
    }
    expect(report.open_warnings).toContainEqual(
      expect.objectContaining({ uscc: USCC, row: 2, rule: 'growth.no_base' }),
    );
  });

  it('shows the receipt of a re-upload of the same name, not the earlier one, and the warning as explained', async () => {
    // Arrange: the same file name, now with a 情况说明.
    const file = await csv('2002-05.csv', `${USCC},双牌集成测试企业,${PERIOD},1000,300,20,新投产企业`);

    // Act
    const printed = await runCommand(upload, [file, '--park', PARK, '--enterprise', USCC, '--json']);

    // Assess
    expect(printed.code, printed.stderr).toBe(0);
    const receipt = JSON.parse(printed.stdout) as Receipt;
    expect(receipt.warnings).toContainEqual(
      expect.objectContaining({ rule: 'growth.no_base', note: '新投产企业' }),
    );
    await waitForLocalStackIdle();
    const report = await statusOfPeriod();
    expect(report.open_warnings.filter((w) => w.uscc === USCC)).toEqual([]);
    expect(report.explained_warnings).toContainEqual(
      expect.objectContaining({ uscc: USCC, rule: 'growth.no_base', note: '新投产企业' }),
    );
  });

  it('prints the row, column and reason of a rejected file and exits 1', async () => {
    const file = await csv('2002-05-bad.csv', `${USCC},双牌集成测试企业,2002-13,1000,300,20,`);

    const printed = await runCommand(upload, [file, '--park', PARK, '--enterprise', USCC]);

    expect(printed.code, printed.stderr).toBe(1);
    expect(printed.stdout).toContain('已拒收 (rejected)');
    expect(printed.stdout).toMatch(/第 2 行 “统计期”列：/);
  });
});
