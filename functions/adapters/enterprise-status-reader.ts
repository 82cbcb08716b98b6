import { type DynamoDBDocumentClient, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { type FactItem, FactItemSchema, type RegisterItem } from '../../schemas/facts.js';
import { createParkDataReader, StoredItemInvalidError } from './park-data-reader.js';

/** What `parkstats status` reads from the facts table: the facts of one period and the register. */
export interface EnterpriseStatusReader {
  factsOfPeriod(park: string, period: string): Promise<FactItem[]>;
  register(park: string): Promise<RegisterItem | null>;
}

export function createEnterpriseStatusReader(
  client: DynamoDBDocumentClient,
  table: string,
): EnterpriseStatusReader {
  const parkData = createParkDataReader(client, table);
  return {
    async factsOfPeriod(park, period) {
      // One month of a park-year partition: the sort key starts with the period (sk `{yyyy-mm}#{uscc}`).
      const pages = paginateQuery(
        { client },
        {
          TableName: table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :period)',
          ExpressionAttributeValues: { ':pk': `FACT#${park}#${period.slice(0, 4)}`, ':period': `${period}#` },
          ConsistentRead: true,
        },
      );
      const facts: FactItem[] = [];
      for await (const page of pages) {
        for (const item of page.Items ?? []) {
          const parsed = FactItemSchema.safeParse(item);
          if (!parsed.success) {
            throw new StoredItemInvalidError(
              `stored fact ${String(item.pk)} / ${String(item.sk)} is invalid`,
            );
          }
          facts.push(parsed.data);
        }
      }
      return facts;
    },
    register: (park) => parkData.register(park),
  };
}
