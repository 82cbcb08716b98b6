import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { localStackStats } from '../../support/local-stack-env.js';
import { ScenarioDriver } from '../../support/scenario-driver.js';
import { globalScenarioStack } from '../../support/scenario-global-stack.js';

/**
 * A message on the ingest queue that is not an S3 notification at all. Ingest cannot tell
 * a garbled delivery from a bug, so it fails the record instead of dropping it: SQS
 * redelivers it and, after the queue's maxReceiveCount (3) receives, moves it to the
 * dead-letter queue, where an operator finds it.
 */
const driver = new ScenarioDriver(globalScenarioStack());
afterAll(() => driver.destroy());

describe('a poison message on the ingest queue', () => {
  it('is received 3 times, fails each time, and lands in the DLQ', async () => {
    // Arrange
    await driver.settle();
    const before = await localStackStats();
    const poison = `not json, not an S3 event: ${randomUUID()}`;

    // Act
    await driver.sendToIngestQueue([poison]);
    await driver.settle();

    // Assess
    const after = await localStackStats();
    expect(
      (after.pollers.ingest?.messagesReceived ?? 0) - (before.pollers.ingest?.messagesReceived ?? 0),
    ).toBe(3);
    expect((after.pollers.ingest?.recordsFailed ?? 0) - (before.pollers.ingest?.recordsFailed ?? 0)).toBe(3);
    expect(after.deadLetterMoves.ingest - before.deadLetterMoves.ingest).toBe(1);
    expect(await driver.findInIngestDeadLetterQueue(poison)).toBe(true);
  });
});
