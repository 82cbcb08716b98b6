import type { MiddlewareStack } from '@smithy/types';

/**
 * Counts the AWS requests a client sends, by operation, with a middleware at the initialize
 * step (once per command, retries included in it). The local stack runs the handlers in this
 * process with the module-scope clients of functions/shared/aws-clients.ts, so a counter on
 * those clients sees every request the handlers make, and nothing the bench itself sends.
 */

/** Operation name (PutItem, Query, SendMessage…) → requests; BatchWriteItem also adds its items. */
export type OperationCounts = Map<string, number>;

/** The DynamoDB operations that write; BatchWriteItem counts once per request. */
export const DYNAMODB_WRITES: ReadonlySet<string> = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);
export const DYNAMODB_READS: ReadonlySet<string> = new Set([
  'GetItem',
  'Query',
  'Scan',
  'BatchGetItem',
  'TransactGetItems',
]);

/** The key under which the items of BatchWriteItem requests are counted. */
export const BATCH_WRITE_ITEMS = 'BatchWriteItem items';

export interface RequestCounter {
  /** The counts since the last reset, per operation. */
  snapshot(): OperationCounts;
  /** Milliseconds spent waiting for responses since the last reset, per operation (overlapping requests add up). */
  waitedMs(): OperationCounts;
  reset(): void;
}

export function countRequests<Input extends object, Output extends object>(
  clients: ReadonlyArray<{ middlewareStack: MiddlewareStack<Input, Output> }>,
): RequestCounter {
  let counts: OperationCounts = new Map();
  let waited: OperationCounts = new Map();
  const add = (name: string, by: number, to = counts) => to.set(name, (to.get(name) ?? 0) + by);
  for (const client of clients) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const operation = String(context.commandName ?? 'unknown').replace(/Command$/, '');
        add(operation, 1);
        if (operation === 'BatchWriteItem') add(BATCH_WRITE_ITEMS, batchItems(args.input));
        const startedAt = performance.now();
        try {
          return await next(args);
        } finally {
          add(operation, performance.now() - startedAt, waited);
        }
      },
      { step: 'initialize', name: 'parkstatsBenchRequestCounter', override: true },
    );
  }
  return {
    snapshot: () => new Map(counts),
    waitedMs: () => new Map(waited),
    reset: () => {
      counts = new Map();
      waited = new Map();
    },
  };
}

export function sumOf(counts: OperationCounts, operations: ReadonlySet<string>): number {
  let sum = 0;
  for (const [operation, count] of counts) if (operations.has(operation)) sum += count;
  return sum;
}

/** "PutItem 120, Query 4" in descending order of count; `unit` is appended to each figure. */
export function describeCounts(counts: OperationCounts, unit = ''): string {
  return (
    [...counts]
      .sort((a, b) => b[1] - a[1])
      .map(([operation, count]) => `${operation} ${Math.round(count)}${unit}`)
      .join(', ') || 'none'
  );
}

function batchItems(input: object): number {
  if (!('RequestItems' in input) || typeof input.RequestItems !== 'object' || input.RequestItems === null)
    return 0;
  return Object.values(input.RequestItems).reduce(
    (sum: number, requests: unknown) => sum + (Array.isArray(requests) ? requests.length : 0),
    0,
  );
}
