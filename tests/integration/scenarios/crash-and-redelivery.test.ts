import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_HANDLERS, type LocalStack, startLocalStack } from '../../../local/start-local-stack.js';
import { armCrash, receiveCountsSinceArmed } from '../../support/scenario-crash-control.js';
import { monthlyCsv } from '../../support/scenario-csv.js';
import { officeKey, PARK, ScenarioDriver } from '../../support/scenario-driver.js';
import { makeUscc } from '../../support/uscc.js';

/**
 * An ingest invocation dies after writing half of a file's rows; SQS redelivers the
 * message and the retry must end exactly where one clean run would. The fault needs a
 * handler this file controls, so the file runs its own stack in this worker (see
 * tests/support/scenario-crashing-ingest-handler.ts for why); the real aggregate handler
 * runs beside it. Year 2024 of that private stack.
 *
 * Nothing here may import a handler module statically: workers inherit the environment of
 * the global stack, and a handler reads its configuration when first imported, so it must
 * first be imported by startLocalStack, after this file's stack has set the environment.
 */
const CRASHING_INGEST = fileURLToPath(
  new URL('../../support/scenario-crashing-ingest-handler.ts', import.meta.url),
);

let stack: LocalStack;
let driver: ScenarioDriver;
// The crash is logged as an error by the real handler; this test expects it, so keep it quiet.
const logLevel = process.env.POWERTOOLS_LOG_LEVEL;

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  stack = await startLocalStack({
    ports: { s3: 0, dynamodb: 0, sqs: 0 },
    handlers: { ingest: CRASHING_INGEST, aggregate: DEFAULT_HANDLERS.aggregate },
    retryDelaySeconds: 0,
    quiet: true,
  });
  driver = new ScenarioDriver(stack);
  await stack.waitForIdle();
});

afterAll(async () => {
  driver?.destroy();
  await stack?.stop();
  if (logLevel === undefined) delete process.env.POWERTOOLS_LOG_LEVEL;
  else process.env.POWERTOOLS_LOG_LEVEL = logLevel;
});

const FIRST = makeUscc(2024_01);
const SECOND = makeUscc(2024_02);
const MONTHS = [1, 2, 3, 4, 5, 6];

/** The office's file: two enterprises × January–June = 12 rows. */
const officeFile = () =>
  monthlyCsv(
    MONTHS.flatMap((month) => [
      { uscc: FIRST, period: `2024-0${month}`, output: `${100 + month}`, valueAdded: '20', taxPaid: '3' },
      { uscc: SECOND, period: `2024-0${month}`, output: `${200 + month}`, valueAdded: '40', taxPaid: '6' },
    ]),
  );

describe('a handler crashing after writing half of a file’s rows', () => {
  it('leaves half the facts and nothing else, then the redelivery gives exact totals', async () => {
    // Arrange
    const key = officeKey('2024年1-6月园区汇总');
    const crash = armCrash({
      factsTable: stack.env.PARKSTATS_FACTS_TABLE ?? '',
      factPartition: `FACT#${PARK}#2024`,
      writesBeforeCrash: 6,
    });

    // Act 1: the upload, up to the crash.
    await driver.put({ key, body: officeFile() });
    const report = await crash.crashed;

    // Assess 1: six of twelve facts are in, and nothing downstream of them happened.
    expect(report.written).toBe(6);
    expect(report.refused).toBeGreaterThan(0);
    expect(await driver.facts(2024)).toHaveLength(6);
    expect(await driver.receipt(key)).toBeNull();
    expect(await driver.totals('2024-06')).toBeNull();

    // Act 2: SQS redelivers the message.
    crash.releaseRedelivery();
    await driver.settle();

    // Assess 2: one delivery that crashed, one redelivery of the same message.
    expect(receiveCountsSinceArmed()).toEqual([[1], [2]]);
    const receipt = await driver.receipt(key);
    expect(receipt).toMatchObject({ accepted: true, rows: 12, facts_written: 12 });
    const facts = await driver.facts(2024);
    expect(new Set(facts.map((fact) => fact.sk)).size).toBe(12);
    expect(new Set(facts.map((fact) => fact.source_sequencer))).toEqual(new Set([receipt?.sequencer]));
    // June: 106 + 206 = 312 万元. 1-6 月: output (101 + … + 106) + (201 + … + 206) = 621 + 1221
    // = 1842 万元; value added 6 × 20 + 6 × 40 = 360 万元; tax 6 × 3 + 6 × 6 = 54 万元.
    const june = await driver.totals('2024-06');
    expect(june?.output).toMatchObject({ month: '3120000', ytd: '18420000' });
    expect(june?.value_added).toMatchObject({ month: '600000', ytd: '3600000' });
    expect(june?.tax_paid).toMatchObject({ month: '90000', ytd: '540000' });
    expect(june?.enterprises.reporting).toBe(2);
  });
});
