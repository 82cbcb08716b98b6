import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as runReport } from '../../../cli/commands/report.js';
import { encodeGbk } from '../../fixtures/good/encode-gbk.js';
import { monthlyCsv } from '../../support/scenario-csv.js';
import { enterpriseKey, PARK, ScenarioDriver } from '../../support/scenario-driver.js';
import { globalScenarioStack } from '../../support/scenario-global-stack.js';
import { makeUscc } from '../../support/uscc.js';

/**
 * Year 2003 belongs to this file. Three 规上 enterprises upload two months each, in three
 * units and two encodings; a 规下 enterprise and a rejected file must not count. Every
 * expected figure below is worked out by hand in 元.
 */
const driver = new ScenarioDriver(globalScenarioStack());
afterAll(() => driver.destroy());

const WAN = makeUscc(2003_01); // 万元, UTF-8
const YUAN = makeUscc(2003_02); // 元 with thousands separators, GBK as Excel saves it
const QIAN = makeUscc(2003_03); // 千元
const BELOW_SCALE = makeUscc(2003_04); // 是否规上 = 否
const REJECTED = makeUscc(2003_05); // value added above output: the whole file is rejected

const keys = {
  wan: enterpriseKey(WAN, '2003年1-2月统计报表'),
  yuan: enterpriseKey(YUAN, '2003年1-2月统计报表'),
  qian: enterpriseKey(QIAN, '2003-01-02'),
  belowScale: enterpriseKey(BELOW_SCALE, '2003-01-02'),
  rejected: enterpriseKey(REJECTED, '2003-02'),
};

beforeAll(async () => {
  await driver.upload(
    keys.wan,
    monthlyCsv([
      { uscc: WAN, period: '2003-01', output: '1234.5678', valueAdded: '300.25', taxPaid: '45.6' },
      { uscc: WAN, period: '2003-02', output: '1500', valueAdded: '400.5', taxPaid: '50.01' },
    ]),
  );
  await driver.upload(
    keys.yuan,
    encodeGbk(
      monthlyCsv(
        [
          {
            uscc: YUAN,
            period: '2003年1月',
            output: '8,000,000.50',
            valueAdded: '2,000,000',
            taxPaid: '300000.25',
          },
          {
            uscc: YUAN,
            period: '2003年2月',
            output: '9,000,000',
            valueAdded: '2500000.75',
            taxPaid: '310,000',
          },
        ],
        { unit: '元', fullWidthBrackets: true },
      ),
    ),
  );
  await driver.upload(
    keys.qian,
    monthlyCsv(
      [
        { uscc: QIAN, period: '200301', output: '2500', valueAdded: '600', taxPaid: '80.5' },
        { uscc: QIAN, period: '200302', output: '2600.001', valueAdded: '650', taxPaid: '90' },
      ],
      { unit: '千元' },
    ),
  );
  await driver.upload(
    keys.belowScale,
    monthlyCsv(
      [
        {
          uscc: BELOW_SCALE,
          period: '2003-01',
          output: '100',
          valueAdded: '20',
          taxPaid: '1',
          aboveScale: '否',
        },
        {
          uscc: BELOW_SCALE,
          period: '2003-02',
          output: '100',
          valueAdded: '20',
          taxPaid: '1',
          aboveScale: '否',
        },
      ],
      { withScale: true },
    ),
  );
  await driver.upload(
    keys.rejected,
    monthlyCsv([{ uscc: REJECTED, period: '2003-02', output: '100', valueAdded: '200', taxPaid: '1' }]),
  );
}, 60_000);

describe('exact totals from uploads alone', () => {
  it('accepts the four good files and rejects the bad one, writing nothing from it', async () => {
    // Assess
    for (const key of [keys.wan, keys.yuan, keys.qian, keys.belowScale]) {
      expect(await driver.receipt(key)).toMatchObject({ accepted: true, facts_written: 2 });
    }
    expect(await driver.receipt(keys.yuan)).toMatchObject({ encoding: 'gb18030' });
    expect(await driver.receipt(keys.rejected)).toMatchObject({ accepted: false, facts_written: 0 });
    const facts = await driver.facts(2003);
    expect(facts.map((fact) => fact.uscc).sort()).toEqual(
      [WAN, WAN, YUAN, YUAN, QIAN, QIAN, BELOW_SCALE, BELOW_SCALE].sort(),
    );
  });

  it('sums January exactly in 元 over the 规上 enterprises', async () => {
    // Arrange: 万元 ×10⁴, 千元 ×10³, 元 as is.
    // output 12,345,678 + 8,000,000.5 + 2,500,000 = 22,845,678.5
    // value added 3,002,500 + 2,000,000 + 600,000 = 5,602,500
    // tax 456,000 + 300,000.25 + 80,500 = 836,500.25

    // Act
    const january = await driver.totals('2003-01');

    // Assess
    expect(january?.output).toMatchObject({ month: '22845678.5', ytd: '22845678.5' });
    expect(january?.value_added).toMatchObject({ month: '5602500', ytd: '5602500' });
    expect(january?.tax_paid).toMatchObject({ month: '836500.25', ytd: '836500.25' });
    // The 规下 enterprise reports but is not summed; the rejected file reports nothing.
    expect(january?.enterprises.reporting).toBe(4);
  });

  it('sums February and the year to date exactly', async () => {
    // Arrange
    // February: output 15,000,000 + 9,000,000 + 2,600,001 = 26,600,001
    //           value added 4,005,000 + 2,500,000.75 + 650,000 = 7,155,000.75
    //           tax 500,100 + 310,000 + 90,000 = 900,100
    // 1-2 月:   output 22,845,678.5 + 26,600,001 = 49,445,679.5
    //           value added 5,602,500 + 7,155,000.75 = 12,757,500.75
    //           tax 836,500.25 + 900,100 = 1,736,600.25

    // Act
    const february = await driver.totals('2003-02');

    // Assess
    expect(february?.output).toMatchObject({ month: '26600001', ytd: '49445679.5' });
    expect(february?.value_added).toMatchObject({ month: '7155000.75', ytd: '12757500.75' });
    expect(february?.tax_paid).toMatchObject({ month: '900100', ytd: '1736600.25' });
    expect(february?.enterprises.reporting).toBe(4);
  });

  it('prints the same totals through `parkstats report --format json`', async () => {
    // Arrange: the command in this process, reading the stack this file's env points at.
    let printed = '';
    const io = {
      out: (data: string | Uint8Array) => {
        printed += typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
      },
      err: () => undefined,
      env: process.env,
    };

    // Act
    const code = await runReport(['--park', PARK, '--period', '2003-02', '--format', 'json'], io);

    // Assess
    expect(code).toBe(0);
    expect(JSON.parse(printed)).toEqual(await driver.totals('2003-02'));
  });
});
