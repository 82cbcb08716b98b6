import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { decimal } from '../core/money.js';
import { YuanSchema } from '../schemas/money.js';
import { forEachBounded } from './scale-figures.js';
import type { BenchWorkload } from './scale-workload.js';

/** The part of a totals item the benches check: the month's exact sums and who reported. */
const TotalsSumsSchema = z.object({
  output: z.object({ month: YuanSchema }),
  value_added: z.object({ month: YuanSchema }),
  tax_paid: z.object({ month: YuanSchema }),
  enterprises: z.object({ reporting: z.number() }),
});

/**
 * Reads the totals item of every (park, period) of the workload, strongly consistent, and
 * returns one line per difference from the sums computed with big.js from the generated
 * values: an empty list means every total is exact to the 分.
 */
export async function totalsMismatches(
  dynamo: DynamoDBDocumentClient,
  table: string,
  workload: BenchWorkload,
): Promise<string[]> {
  const mismatches: string[] = [];
  await forEachBounded([...workload.sums], 16, async ([slot, expected]) => {
    const [park = '', period = ''] = slot.split('/');
    const { Item } = await dynamo.send(
      new GetCommand({ TableName: table, Key: { pk: park, sk: period }, ConsistentRead: true }),
    );
    const parsed = TotalsSumsSchema.safeParse(Item);
    if (!parsed.success) {
      mismatches.push(`${slot}: no totals item`);
      return;
    }
    const actual = parsed.data;
    const checks: Array<[string, string, string]> = [
      ['output', actual.output.month, expected.output.toFixed()],
      ['value_added', actual.value_added.month, expected.valueAdded.toFixed()],
      ['tax_paid', actual.tax_paid.month, expected.taxPaid.toFixed()],
    ];
    for (const [field, got, want] of checks) {
      if (!decimal(got).eq(decimal(want))) mismatches.push(`${slot} ${field}: ${got} ≠ ${want}`);
    }
    const reporting = workload.reporting.get(slot) ?? 0;
    if (actual.enterprises.reporting !== reporting) {
      mismatches.push(`${slot} reporting: ${actual.enterprises.reporting} ≠ ${reporting}`);
    }
  });
  return mismatches;
}
