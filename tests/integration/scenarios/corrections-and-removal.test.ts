import { afterAll, describe, expect, it } from 'vitest';
import { monthlyCsv } from '../../support/scenario-csv.js';
import { enterpriseKey, ScenarioDriver } from '../../support/scenario-driver.js';
import { globalScenarioStack } from '../../support/scenario-global-stack.js';
import { makeUscc } from '../../support/uscc.js';

/**
 * Years 2012, 2013 and 2015 belong to this file: an enterprise corrects a month by
 * uploading a corrected file, and an upload is deleted.
 */
const driver = new ScenarioDriver(globalScenarioStack());
afterAll(() => driver.destroy());

describe('a re-upload correcting a month', () => {
  it('changes that month and the next year’s growth, each with a new revision', async () => {
    // Arrange: March 2012 and March 2013 of one enterprise, no 上年同期 columns, so March
    // 2012's stored fact is March 2013's base: output 150 / 100 − 1 = 50%, value added
    // 36 / 30 − 1 = 20%, tax 6 / 5 − 1 = 20%.
    const uscc = makeUscc(2012_01);
    await driver.upload(
      enterpriseKey(uscc, '2012年3月统计报表'),
      monthlyCsv([{ uscc, period: '2012-03', output: '100', valueAdded: '30', taxPaid: '5' }]),
    );
    await driver.upload(
      enterpriseKey(uscc, '2013年3月统计报表'),
      monthlyCsv([{ uscc, period: '2013-03', output: '150', valueAdded: '36', taxPaid: '6' }]),
    );
    const march2012 = await driver.totals('2012-03');
    const march2013 = await driver.totals('2013-03');
    expect(march2012?.output.month).toBe('1000000');
    expect(march2013?.output).toMatchObject({ month_yoy_pct: 50, ytd_yoy_pct: 50 });

    // Act: the corrected file, under its own name as statisticians send it; output 120 万元.
    const correction = enterpriseKey(uscc, '2012年3月统计报表 (更正)');
    await driver.upload(
      correction,
      monthlyCsv([{ uscc, period: '2012-03', output: '120', valueAdded: '30', taxPaid: '5' }]),
    );

    // Assess: 150 / 120 − 1 = 25%; value added and tax are unchanged at 20%.
    expect(await driver.receipt(correction)).toMatchObject({ accepted: true, facts_written: 1 });
    expect((await driver.facts(2012)).map((fact) => [fact.uscc, fact.output, fact.source_key])).toEqual([
      [uscc, '1200000', correction],
    ]);
    const corrected2012 = await driver.totals('2012-03');
    expect(corrected2012?.output).toMatchObject({ month: '1200000', ytd: '1200000' });
    expect(corrected2012?.revision).toBe((march2012?.revision ?? 0) + 1);
    const corrected2013 = await driver.totals('2013-03');
    expect(corrected2013?.output).toMatchObject({ month: '1500000', month_yoy_pct: 25, ytd_yoy_pct: 25 });
    expect(corrected2013?.output.growth_coverage.month).toMatchObject({
      current: '1500000',
      base: '1200000',
    });
    expect(corrected2013?.value_added.month_yoy_pct).toBe(20);
    expect(corrected2013?.tax_paid.month_yoy_pct).toBe(20);
    expect(corrected2013?.revision).toBe((march2013?.revision ?? 0) + 1);
  });
});

describe('a removed upload', () => {
  const first = makeUscc(2015_01);
  const second = makeUscc(2015_02);
  const firstKey = enterpriseKey(first, '2015年1-2月');
  const secondKey = enterpriseKey(second, '2015年1-2月');

  it('takes its enterprise out of the totals', async () => {
    // Arrange: February year to date 100 + 110 + 50 + 60 = 320 万元.
    await driver.upload(
      firstKey,
      monthlyCsv([
        { uscc: first, period: '2015-01', output: '100', valueAdded: '20', taxPaid: '2' },
        { uscc: first, period: '2015-02', output: '110', valueAdded: '20', taxPaid: '2' },
      ]),
    );
    await driver.upload(
      secondKey,
      monthlyCsv([
        { uscc: second, period: '2015-01', output: '50', valueAdded: '10', taxPaid: '1' },
        { uscc: second, period: '2015-02', output: '60', valueAdded: '10', taxPaid: '1' },
      ]),
    );
    const before = await driver.totals('2015-02');
    expect(before?.output).toMatchObject({ month: '1700000', ytd: '3200000' });
    expect(before?.enterprises.reporting).toBe(2);

    // Act
    await driver.remove(secondKey);

    // Assess: 110 万元 this month, 100 + 110 = 210 万元 to date, one enterprise.
    const after = await driver.totals('2015-02');
    expect(after?.output).toMatchObject({ month: '1100000', ytd: '2100000' });
    expect(after?.value_added).toMatchObject({ month: '200000', ytd: '400000' });
    expect(after?.enterprises.reporting).toBe(1);
    expect(after?.revision).toBe((before?.revision ?? 0) + 1);
    expect(await driver.receipt(secondKey)).toBeNull();
    expect((await driver.facts(2015)).map((fact) => fact.uscc)).toEqual([first, first]);
  });

  it('leaves no totals behind once every upload of the year is removed', async () => {
    // Act
    await driver.remove(firstKey);

    // Assess
    expect(await driver.facts(2015)).toEqual([]);
    expect(await driver.totals('2015-01')).toBeNull();
    expect(await driver.totals('2015-02')).toBeNull();
  });
});
