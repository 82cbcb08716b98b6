import { afterAll, describe, expect, it } from 'vitest';
import { Decimal, toYuan } from '../../../core/money.js';
import { localStackStats } from '../../support/local-stack-env.js';
import { monthlyCsv } from '../../support/scenario-csv.js';
import { enterpriseKey, ScenarioDriver, type UploadFile } from '../../support/scenario-driver.js';
import { globalScenarioStack } from '../../support/scenario-global-stack.js';
import { makeUscc } from '../../support/uscc.js';

/**
 * Year 2020 belongs to this file. 20 enterprises of the park each upload January to
 * October as ten separate files, all 200 PUT at once (50 in flight): every recompute
 * races every ingest, and the totals must still be exact — no lost update.
 */
const driver = new ScenarioDriver(globalScenarioStack());
afterAll(() => driver.destroy());

const ENTERPRISES = 20;
const MONTHS = 10;
const enterprises = Array.from({ length: ENTERPRISES }, (_, i) => makeUscc(2020_00 + i));

/** The cells of enterprise i in month m, in 万元, with up to four decimals (one 元). */
function amounts(i: number, month: number) {
  return {
    output: `${100 + 7 * i + month}.${String((131 * i + 17 * month) % 10_000).padStart(4, '0')}`,
    valueAdded: `${20 + i + month}.5`,
    taxPaid: `${3 + (i % 5)}.25`,
  };
}

const period = (month: number) => `2020-${String(month).padStart(2, '0')}`;

function uploads(): UploadFile[] {
  return enterprises.flatMap((uscc, i) =>
    Array.from({ length: MONTHS }, (_, index) => {
      const month = index + 1;
      return {
        key: enterpriseKey(uscc, `2020年${month}月统计报表`),
        body: monthlyCsv([{ uscc, period: period(month), ...amounts(i, month) }]),
      };
    }),
  );
}

/** Σ over the enterprises of one amount in month m, in 元: 万元 × 10⁴, exact. */
function monthSum(month: number, field: 'output' | 'valueAdded' | 'taxPaid'): Decimal {
  return enterprises.reduce(
    (sum, _, i) => sum.plus(new Decimal(amounts(i, month)[field]).times(10_000)),
    new Decimal(0),
  );
}

describe('200 concurrent uploads across 20 enterprises of one park', () => {
  it('end in exact month and year-to-date totals for every month', async () => {
    // Arrange
    const deadLettersBefore = (await localStackStats()).deadLetterMoves;

    // Act
    await driver.uploadAll(uploads(), 50, 150_000);

    // Assess
    const facts = await driver.facts(2020);
    expect(facts).toHaveLength(ENTERPRISES * MONTHS);
    expect((await localStackStats()).deadLetterMoves).toEqual(deadLettersBefore);
    const ytd = { output: new Decimal(0), valueAdded: new Decimal(0), taxPaid: new Decimal(0) };
    for (let month = 1; month <= MONTHS; month += 1) {
      const totals = await driver.totals(period(month));
      for (const [field, indicator] of [
        ['output', totals?.output],
        ['valueAdded', totals?.value_added],
        ['taxPaid', totals?.tax_paid],
      ] as const) {
        const sum = monthSum(month, field);
        ytd[field] = ytd[field].plus(sum);
        expect({ period: period(month), field, month: indicator?.month, ytd: indicator?.ytd }).toEqual({
          period: period(month),
          field,
          month: toYuan(sum),
          ytd: toYuan(ytd[field]),
        });
      }
      expect(totals?.enterprises.reporting).toBe(ENTERPRISES);
    }
    // The generator checked by hand, 1-10 月 over i = 0..19, m = 1..10:
    // output Σ(100 + 7i + m) = 20000 + 13300 + 1100 = 34400 万元, decimals Σ(131i + 17m) / 10⁴
    // = (248900 + 18700) / 10⁴ = 26.76 万元 → 344,267,600 元; value added Σ(20.5 + i + m)
    // = 4100 + 1900 + 1100 = 7100 万元; tax 10 × Σ(3.25 + i mod 5) = 10 × (65 + 40) = 1050 万元.
    const october = await driver.totals(period(MONTHS));
    expect([october?.output.ytd, october?.value_added.ytd, october?.tax_paid.ytd]).toEqual([
      '344267600',
      '71000000',
      '10500000',
    ]);
  }, 180_000);
});
