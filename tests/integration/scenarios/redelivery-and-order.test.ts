import { afterAll, describe, expect, it } from 'vitest';
import type { FactItem } from '../../../schemas/facts.js';
import { localStackStats } from '../../support/local-stack-env.js';
import { monthlyCsv } from '../../support/scenario-csv.js';
import { enterpriseKey, ScenarioDriver, shiftSequencer } from '../../support/scenario-driver.js';
import { globalScenarioStack } from '../../support/scenario-global-stack.js';
import { makeUscc } from '../../support/uscc.js';

/**
 * Years 2008 and 2010 belong to this file. S3 delivers notifications at least once and in
 * no particular order; s3rver cannot be made to, so the repeated and late notifications
 * are sent to the ingest queue by hand, shaped as the bucket sends them, for objects
 * uploaded for real.
 */
const driver = new ScenarioDriver(globalScenarioStack());
afterAll(() => driver.destroy());

/** A fact without the time it was (re)written: what a replay must leave unchanged. */
const content = ({ ingested_at: _at, ...fact }: FactItem) => fact;
const ingestSucceeded = async () => (await localStackStats()).pollers.ingest?.recordsSucceeded ?? 0;

describe('duplicate notifications', () => {
  it('leave the same facts and the same totals, revision included, however often they come', async () => {
    // Arrange
    const uscc = makeUscc(2008_01);
    const key = enterpriseKey(uscc, '2008年1-3月统计报表');
    await driver.upload(
      key,
      monthlyCsv([
        { uscc, period: '2008-01', output: '100', valueAdded: '30', taxPaid: '5' },
        { uscc, period: '2008-02', output: '110', valueAdded: '30', taxPaid: '5' },
        { uscc, period: '2008-03', output: '120', valueAdded: '30', taxPaid: '5' },
      ]),
    );
    const receipt = await driver.receipt(key);
    const facts = await driver.facts(2008);
    const totals = await driver.totals('2008-03');
    const eventTime = new Date(facts[0]?.source_event_time ?? '');
    const before = await ingestSucceeded();

    // Act: the same notification three more times.
    const duplicate = {
      kind: 'ObjectCreated:Put',
      key,
      sequencer: receipt?.sequencer ?? '',
      eventTime,
    } as const;
    await driver.replay([duplicate, duplicate, duplicate]);
    await driver.settle();

    // Assess
    expect(totals?.output).toMatchObject({ month: '1200000', ytd: '3300000' });
    expect(await ingestSucceeded()).toBe(before + 3);
    // Processed, not dropped: the receipt was written again for the same object version.
    const again = await driver.receipt(key);
    expect(again).toMatchObject({ sequencer: receipt?.sequencer, facts_written: 3 });
    expect(again?.processed_at).not.toBe(receipt?.processed_at);
    expect((await driver.facts(2008)).map(content)).toEqual(facts.map(content));
    expect(await driver.totals('2008-03')).toEqual(totals);
  });
});

describe('notifications out of order', () => {
  const first = makeUscc(2010_01);
  const second = makeUscc(2010_02);
  const key = enterpriseKey(first, '2010年统计报表');

  it('ignore an old PUT and an old DELETE that arrive after a newer PUT of the same key', async () => {
    // Arrange: version 1 has January and February, version 2 corrects January and drops February.
    await driver.upload(
      enterpriseKey(second, '2010年1-2月'),
      monthlyCsv([
        { uscc: second, period: '2010-01', output: '10', valueAdded: '2', taxPaid: '1' },
        { uscc: second, period: '2010-02', output: '10', valueAdded: '2', taxPaid: '1' },
      ]),
    );
    await driver.upload(
      key,
      monthlyCsv([
        { uscc: first, period: '2010-01', output: '100', valueAdded: '20', taxPaid: '3' },
        { uscc: first, period: '2010-02', output: '200', valueAdded: '40', taxPaid: '6' },
      ]),
    );
    const version1 = (await driver.receipt(key))?.sequencer ?? '';
    await driver.upload(
      key,
      monthlyCsv([{ uscc: first, period: '2010-01', output: '150', valueAdded: '30', taxPaid: '4' }]),
    );
    const version2 = await driver.receipt(key);
    const january = await driver.totals('2010-01');
    const february = await driver.totals('2010-02');
    const facts = await driver.facts(2010);
    const before = await ingestSucceeded();

    // Act: version 1's PUT comes again, then a DELETE that S3 ordered between the two PUTs.
    await driver.replay([
      { kind: 'ObjectCreated:Put', key, sequencer: version1, eventTime: new Date() },
      { kind: 'ObjectRemoved:Delete', key, sequencer: shiftSequencer(version1, 1), eventTime: new Date() },
    ]);
    await driver.settle();

    // Assess: January 150 + 10 万元, February only the second enterprise's 10 万元.
    expect(january?.output).toMatchObject({ month: '1600000', ytd: '1600000' });
    expect(february?.output).toMatchObject({ month: '100000', ytd: '1700000' });
    expect(february?.enterprises.reporting).toBe(1);
    expect(await ingestSucceeded()).toBe(before + 2);
    expect(await driver.totals('2010-01')).toEqual(january);
    expect(await driver.totals('2010-02')).toEqual(february);
    expect(await driver.facts(2010)).toEqual(facts);
    expect(await driver.receipt(key)).toEqual(version2);
  });

  it('ignores a PUT notification that arrives after the DELETE of its object', async () => {
    // Arrange
    const uscc = makeUscc(2010_03);
    const late = enterpriseKey(uscc, '2010年3月');
    await driver.upload(
      late,
      monthlyCsv([{ uscc, period: '2010-03', output: '70', valueAdded: '7', taxPaid: '1' }]),
    );
    const put = (await driver.receipt(late))?.sequencer ?? '';
    const eventTime = new Date(
      (await driver.facts(2010)).find((fact) => fact.uscc === uscc)?.source_event_time ?? '',
    );
    await driver.remove(late);
    const afterDelete = await driver.totals('2010-03');

    // Act
    await driver.replay([{ kind: 'ObjectCreated:Put', key: late, sequencer: put, eventTime }]);
    await driver.settle();

    // Assess: the deleted upload stays deleted, so the park has no March 2010 any more.
    expect(afterDelete).toBeNull();
    expect((await driver.facts(2010)).filter((fact) => fact.uscc === uscc)).toEqual([]);
    expect(await driver.receipt(late)).toBeNull();
    expect(await driver.totals('2010-03')).toBeNull();
  });
});
