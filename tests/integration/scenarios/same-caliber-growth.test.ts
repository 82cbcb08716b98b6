import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthlyCsv } from '../../support/scenario-csv.js';
import { enterpriseKey, officeKey, ScenarioDriver } from '../../support/scenario-driver.js';
import { globalScenarioStack } from '../../support/scenario-global-stack.js';
import { makeUscc } from '../../support/uscc.js';

/**
 * Years 2005 (the base) and 2006 belong to this file. Same-caliber (同口径) growth of June
 * 2006 over four enterprises, one per way of having — or not having — a base:
 *   A reports its 上年同期 figures, which win over its own stored 2005 fact;
 *   B is a new plant: an explicit 0 base, which counts;
 *   C leaves the base empty, so its stored 2005-06 fact is the base;
 *   D has neither, so it is left out of growth and listed in growth_coverage.
 */
const driver = new ScenarioDriver(globalScenarioStack());
afterAll(() => driver.destroy());

const A = makeUscc(2006_01);
const B = makeUscc(2006_02);
const C = makeUscc(2006_03);
const D = makeUscc(2006_04);

beforeAll(async () => {
  await driver.upload(
    enterpriseKey(A, '2005年6月统计报表'),
    monthlyCsv([{ uscc: A, period: '2005-06', output: '90', valueAdded: '30', taxPaid: '7' }]),
  );
  await driver.upload(
    enterpriseKey(C, '2005年6月统计报表'),
    monthlyCsv([{ uscc: C, period: '2005-06', output: '80', valueAdded: '20', taxPaid: '4' }]),
  );
  await driver.upload(
    officeKey('2006年6-7月园区汇总'),
    monthlyCsv(
      [
        {
          uscc: A,
          period: '2006-06',
          output: '200',
          valueAdded: '50',
          taxPaid: '10',
          outputPrev: '100',
          valueAddedPrev: '40',
          taxPaidPrev: '8',
        },
        {
          uscc: B,
          period: '2006-06',
          output: '50',
          valueAdded: '10',
          taxPaid: '1',
          outputPrev: '0',
          valueAddedPrev: '0',
          taxPaidPrev: '0',
        },
        { uscc: C, period: '2006-06', output: '100', valueAdded: '24', taxPaid: '5' },
        { uscc: D, period: '2006-06', output: '30', valueAdded: '6', taxPaid: '1' },
        { uscc: D, period: '2006-07', output: '33', valueAdded: '6', taxPaid: '1' },
      ],
      { withBase: true },
    ),
  );
}, 60_000);

describe('same-caliber growth', () => {
  it('sums every enterprise into the month but only those with a base into growth', async () => {
    // Arrange
    // month output: 200 + 50 + 100 + 30 = 380 万元
    // growth output: (200 + 50 + 100) / (100 + 0 + 80) − 1 = 350 / 180 − 1 = 94.444…% → 94.44
    // growth value added: (50 + 10 + 24) / (40 + 0 + 20) − 1 = 84 / 60 − 1 = 40%
    // growth tax: (10 + 1 + 5) / (8 + 0 + 4) − 1 = 16 / 12 − 1 = 33.333…% → 33.33

    // Act
    const june = await driver.totals('2006-06');

    // Assess
    expect(june?.output.month).toBe('3800000');
    expect(june?.output.month_yoy_pct).toBe(94.44);
    expect(june?.output.growth_coverage.month).toEqual({
      counted: 3,
      excluded: [D],
      current: '3500000',
      base: '1800000',
    });
    expect(june?.value_added.month_yoy_pct).toBe(40);
    expect(june?.value_added.growth_coverage.month).toMatchObject({ current: '840000', base: '600000' });
    expect(june?.tax_paid.month_yoy_pct).toBe(33.33);
    expect(june?.tax_paid.growth_coverage.month).toMatchObject({ current: '160000', base: '120000' });
  });

  it('leaves a month with no base at all without a growth figure, and out of the year to date', async () => {
    // Arrange: July has only D, which has no base; the 1-7 月 growth keeps June's pairs.

    // Act
    const july = await driver.totals('2006-07');

    // Assess
    expect(july?.output.month).toBe('330000');
    expect(july?.output.month_yoy_pct).toBeNull();
    expect(july?.output.growth_coverage.month).toEqual({
      counted: 0,
      excluded: [D],
      current: '0',
      base: '0',
    });
    expect(july?.output.ytd).toBe('4130000');
    expect(july?.output.ytd_yoy_pct).toBe(94.44);
    expect(july?.output.growth_coverage.ytd).toEqual({
      counted: 3,
      excluded: [D],
      current: '3500000',
      base: '1800000',
    });
  });

  it('reports the base year itself with the amounts stored for it', async () => {
    // Act
    const june2005 = await driver.totals('2005-06');

    // Assess: A's stored 90 万元 + C's 80 万元.
    expect(june2005?.output.month).toBe('1700000');
    expect(june2005?.enterprises.reporting).toBe(2);
  });
});
