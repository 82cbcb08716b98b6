/**
 * A stand-in Lambda handler for the local-stack tests. It records every record it is
 * handed in a process-wide log, and a JSON body can ask it to misbehave:
 * `failUntilReceive: n` reports the record failed while its receive count is below n,
 * `failAlways` always does, `throwUntilReceive: n` throws (failing the whole batch),
 * `delayMs` makes the invocation take that long.
 */
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

export interface Invocation {
  requestId: string;
  queueArn: string;
  messageId: string;
  body: string;
  receiveCount: number;
  groupId: string | undefined;
  outcome: 'ok' | 'failed' | 'threw';
  /** Epoch milliseconds with sub-millisecond precision. */
  invokedAt: number;
  finishedAt?: number;
}

interface Directives {
  failUntilReceive?: number;
  failAlways?: boolean;
  throwUntilReceive?: number;
  delayMs?: number;
}

const LOG_KEY = Symbol.for('parkstats.tests.recording-handler.log');

/** The invocations so far; shared by every copy of this module in the process. */
export function invocations(): Invocation[] {
  const store = globalThis as { [LOG_KEY]?: Invocation[] };
  store[LOG_KEY] ??= [];
  return store[LOG_KEY];
}

function directivesOf(record: SQSRecord): Directives {
  try {
    const body: unknown = JSON.parse(record.body);
    return typeof body === 'object' && body !== null ? (body as Directives) : {};
  } catch {
    return {};
  }
}

const now = () => performance.timeOrigin + performance.now();

export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  const invokedAt = now();
  const entries = event.Records.map((record) => {
    const directives = directivesOf(record);
    const receiveCount = Number(record.attributes.ApproximateReceiveCount);
    const failed = directives.failAlways === true || receiveCount < (directives.failUntilReceive ?? 0);
    const entry: Invocation = {
      requestId: context.awsRequestId,
      queueArn: record.eventSourceARN,
      messageId: record.messageId,
      body: record.body,
      receiveCount,
      groupId: record.attributes.MessageGroupId,
      outcome: failed ? 'failed' : 'ok',
      invokedAt,
    };
    invocations().push(entry);
    return { entry, directives };
  });

  const delayMs = Math.max(0, ...entries.map(({ directives }) => directives.delayMs ?? 0));
  if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  for (const { entry } of entries) entry.finishedAt = now();

  if (entries.some(({ entry, directives }) => entry.receiveCount < (directives.throwUntilReceive ?? 0))) {
    for (const { entry } of entries) entry.outcome = 'threw';
    throw new Error('recording handler: asked to throw');
  }
  return {
    batchItemFailures: entries
      .filter(({ entry }) => entry.outcome === 'failed')
      .map(({ entry }) => ({ itemIdentifier: entry.messageId })),
  };
}
