import type { Context, SQSEvent, SQSHandler } from 'aws-lambda';
import type { SqsBatchHandler } from '../local/queue-poller.js';

/**
 * Busy time of each function in the local stack: the bench starts the stack with the
 * pipeline-timed-*.ts modules as handlers, which time the real handlers through here. The
 * pollers of the two queues run side by side, so the function busy for (nearly) the whole
 * run is the one that bounds throughput.
 */

export type TimedFunction = 'ingest' | 'aggregate';

const busyMs: Record<TimedFunction, number> = { ingest: 0, aggregate: 0 };

/** `handler` as the local stack invokes it, adding its duration to `name`'s busy time. */
export function timed(name: TimedFunction, handler: SQSHandler): SqsBatchHandler {
  return async (event: SQSEvent, context: Context) => {
    const startedAt = performance.now();
    try {
      // Our handlers are async and never use the callback.
      return await handler(event, context, () => undefined);
    } finally {
      busyMs[name] += performance.now() - startedAt;
    }
  };
}

/** Milliseconds each function has spent in its handler since the process started. */
export function handlerBusyMs(): Readonly<Record<TimedFunction, number>> {
  return { ...busyMs };
}
