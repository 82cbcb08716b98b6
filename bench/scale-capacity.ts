import type { MiddlewareStack } from '@smithy/types';

/**
 * Capacity units the handlers' DynamoDB requests consume, as the table reports them: a
 * middleware asks every request for `ReturnConsumedCapacity: TOTAL` and adds up the answer.
 * Request counts (pipeline-request-counter.ts) say how many calls; capacity units say what
 * on-demand billing charges for them (1 WRU per KB written, 1 RRU per 4 KB read strongly
 * consistent, half that eventually consistent), which is what the cost model multiplies.
 */

const READS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']);

export interface CapacityUnits {
  read: number;
  write: number;
}

export interface CapacityMeter {
  snapshot(): CapacityUnits;
  reset(): void;
}

export function meterCapacity<Input extends object, Output extends object>(client: {
  middlewareStack: MiddlewareStack<Input, Output>;
}): CapacityMeter {
  let units: CapacityUnits = { read: 0, write: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = String(context.commandName ?? '').replace(/Command$/, '');
      const kind = READS.has(operation) ? 'read' : WRITES.has(operation) ? 'write' : undefined;
      if (kind === undefined) return next(args);
      const result = await next({ ...args, input: { ...args.input, ReturnConsumedCapacity: 'TOTAL' } });
      units[kind] += consumedUnits(result.output);
      return result;
    },
    { step: 'initialize', name: 'parkstatsBenchCapacityMeter', override: true },
  );
  return {
    snapshot: () => ({ ...units }),
    reset: () => {
      units = { read: 0, write: 0 };
    },
  };
}

/** `ConsumedCapacity` is one object for single-item calls and Query, a list for batch calls. */
function consumedUnits(output: object): number {
  if (!('ConsumedCapacity' in output)) return 0;
  const consumed: unknown = output.ConsumedCapacity;
  const entries: unknown[] = Array.isArray(consumed) ? consumed : [consumed];
  let sum = 0;
  for (const entry of entries) {
    if (typeof entry === 'object' && entry !== null && 'CapacityUnits' in entry) {
      sum += Number(entry.CapacityUnits ?? 0);
    }
  }
  return sum;
}
