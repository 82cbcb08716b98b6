import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { WRITE_CONCURRENCY } from '../functions/ingest/retraction.js';

/**
 * The throughput floor: what the same dynalite does with nothing but the facts' own writes —
 * `count` conditional PutItems of a copy of a real fact item, WRITE_CONCURRENCY in flight as
 * ingest writes one file's rows. One write per accepted row is the target, so no pipeline can
 * accept rows faster than this on the same emulator.
 */

export interface WriteFloor {
  writes: number;
  seconds: number;
  cpuSeconds: number;
}

/** Copies the first fact of `factPartition` under a partition of its own (`BENCH#write-floor`). */
export async function measureWriteFloor(
  dynamo: DynamoDBDocumentClient,
  factsTable: string,
  factPartition: string,
  count: number,
): Promise<WriteFloor> {
  const { Items = [] } = await dynamo.send(
    new QueryCommand({
      TableName: factsTable,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': factPartition },
      Limit: 1,
    }),
  );
  const template = Items[0];
  if (template === undefined) throw new Error(`write floor: no fact in ${factPartition} to copy`);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < count; index = next++) {
      await dynamo.send(
        new PutCommand({
          TableName: factsTable,
          Item: { ...template, pk: 'BENCH#write-floor', sk: `row#${index}` },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    }
  };
  const cpuBefore = process.cpuUsage();
  const startedAt = performance.now();
  await Promise.all(Array.from({ length: WRITE_CONCURRENCY }, worker));
  const cpu = process.cpuUsage(cpuBefore);
  return {
    writes: count,
    seconds: (performance.now() - startedAt) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}
