import { type DynamoDBDocumentClient, GetCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { z } from 'zod';
import {
  type CountyTotalsItem,
  CountyTotalsItemSchema,
  type FactItem,
  FactItemSchema,
  type RegisterItem,
  RegisterItemSchema,
  referenceKey,
} from '../../schemas/facts.js';

/**
 * What the aggregate function reads from the facts table. Every read is strongly
 * consistent: a recompute runs right after ingest wrote the facts that triggered it and
 * must see them. A park-year of facts is one partition, read with Query (never Scan).
 */
export interface ParkDataReader {
  factsOfYear(park: string, year: number): Promise<FactItem[]>;
  register(park: string): Promise<RegisterItem | null>;
  countyTotals(park: string): Promise<CountyTotalsItem | null>;
}

/** A stored item that does not match the contract: a bug upstream, never retried into success. */
export class StoredItemInvalidError extends Error {}

export function createParkDataReader(client: DynamoDBDocumentClient, table: string): ParkDataReader {
  const getReference = async <T>(
    park: string,
    what: 'enterprises' | 'county-totals',
    schema: z.ZodType<T>,
  ): Promise<T | null> => {
    const key = referenceKey(park, what);
    const result = await client.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }));
    return result.Item === undefined ? null : parseStored(schema, result.Item, key);
  };

  return {
    async factsOfYear(park, year) {
      const pk = `FACT#${park}#${year}`;
      const facts: FactItem[] = [];
      const pages = paginateQuery(
        { client },
        {
          TableName: table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ConsistentRead: true,
        },
      );
      for await (const page of pages) {
        for (const item of page.Items ?? []) facts.push(parseStored(FactItemSchema, item, item));
      }
      return facts;
    },
    register: (park) => getReference(park, 'enterprises', RegisterItemSchema),
    countyTotals: (park) => getReference(park, 'county-totals', CountyTotalsItemSchema),
  };
}

function parseStored<T>(
  schema: z.ZodType<T>,
  item: Record<string, unknown>,
  key: { pk?: unknown; sk?: unknown },
): T {
  const parsed = schema.safeParse(item);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  throw new StoredItemInvalidError(
    `stored item ${String(key.pk)} / ${String(key.sk)} is invalid: ${problems}`,
  );
}
