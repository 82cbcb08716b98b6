/**
 * The real ingest handler with a crash that a test arms: the crash-and-redeliver scenario
 * runs a local stack of its own in the test worker with this module as the ingest handler.
 *
 * Why a second stack and not a fault in the shared one: the integration global setup runs
 * its stack, and so the handlers, in vitest's main process, where a test file cannot reach
 * the handlers' AWS clients. A stack started in the test worker loads the handlers in the
 * worker, so this module can put a middleware on the very DynamoDB client
 * (functions/shared/aws-clients.ts) the real handler writes its facts with.
 *
 * Armed, the middleware lets the first `writesBeforeCrash` fact PutItems of one park-year
 * through and refuses every later one of that invocation, as if the process had died
 * there; the invocation then fails as a whole, as a crashed Lambda does, and SQS
 * redelivers the message. The redelivery is held until the test has looked at the
 * half-written state and released it, and runs the handler untouched. Tests arm and
 * observe the crash through tests/support/scenario-crash-control.ts.
 */
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { handler as ingestHandler } from '../../functions/ingest/handler.js';
import { dynamo } from '../../functions/shared/aws-clients.js';
import { type CrashPlan, crashState } from './scenario-crash-control.js';

export class SimulatedCrashError extends Error {
  override name = 'SimulatedCrashError';
}

interface PutLikeInput {
  TableName?: string;
  Item?: { pk?: unknown };
}

function isFactPutOf(input: PutLikeInput, plan: CrashPlan): boolean {
  if (input.TableName !== plan.factsTable || input.Item === undefined) return false;
  // The document client marshals after this step, but accept either shape.
  const pk = input.Item.pk;
  const text = typeof pk === 'string' ? pk : (pk as { S?: unknown } | undefined)?.S;
  return text === plan.factPartition;
}

dynamo.middlewareStack.add(
  (next) => async (args) => {
    const current = crashState();
    const plan = current.plan;
    if (current.phase !== 'armed' || plan === undefined || !isFactPutOf(args.input as PutLikeInput, plan)) {
      return next(args);
    }
    current.attempted += 1;
    if (current.attempted > plan.writesBeforeCrash) {
      current.report.refused += 1;
      throw new SimulatedCrashError(`simulated crash before fact write ${current.attempted}`);
    }
    const write = next(args).then((result) => {
      current.report.written += 1;
      return result;
    });
    current.admitted.push(write);
    return write;
  },
  { step: 'initialize', name: 'scenarioCrashInjection' },
);

export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse | undefined> {
  const current = crashState();
  if (current.phase === 'crashed') await current.released;
  if (current.phase !== 'idle') {
    current.receiveCounts.push(
      event.Records.map((record) => Number(record.attributes.ApproximateReceiveCount)),
    );
  }
  const result = await ingestHandler(event, context, () => undefined);
  if (current.phase === 'armed' && current.report.refused > 0) {
    await Promise.allSettled(current.admitted);
    current.phase = 'crashed';
    current.onCrashed?.({ ...current.report });
    throw new SimulatedCrashError('simulated crash: the invocation died half way through its facts');
  }
  if (current.phase === 'crashed') current.phase = 'released';
  return result ?? undefined;
}
