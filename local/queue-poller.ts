import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import { type EventSource, failedMessageIds, lambdaContext, toSqsEvent } from './lambda-sqs-event.js';

/** A Lambda SQS handler as the handler modules export it. */
export type SqsBatchHandler = (event: SQSEvent, context: Context) => Promise<unknown>;

export interface QueuePollerOptions extends EventSource {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  /** The name the handler sees in its context and the poller logs under. */
  readonly functionName: string;
  readonly handler: SqsBatchHandler;
  readonly batchSize: number;
  /** The handler's time budget, reported by `context.getRemainingTimeInMillis()`. */
  readonly functionTimeoutMs: number;
  /**
   * Seconds before a failed record is visible again. Lambda leaves it invisible for the
   * queue's whole visibility timeout (minutes); locally a retry comes sooner so a poison
   * message reaches the dead-letter queue in seconds. Undefined keeps Lambda's behavior.
   */
  readonly retryDelaySeconds?: number;
  /** Long-poll wait per receive. */
  readonly waitTimeSeconds?: number;
  readonly log?: (line: string) => void;
}

export interface PollerStats {
  receives: number;
  messagesReceived: number;
  invocations: number;
  recordsSucceeded: number;
  recordsFailed: number;
  deletes: number;
}

export interface QueuePoller {
  /** True from the moment a batch is received until its records are deleted or released. */
  busy(): boolean;
  stats(): Readonly<PollerStats>;
  stop(): Promise<void>;
}

/**
 * Plays the Lambda event source mapping for one queue: long-polls, invokes the handler one
 * batch at a time, deletes what succeeded only after the handler returned, and leaves the
 * rest for SQS to redeliver (and, after `maxReceiveCount` receives, to dead-letter).
 */
export function startQueuePoller(options: QueuePollerOptions): QueuePoller {
  const stats: PollerStats = {
    receives: 0,
    messagesReceived: 0,
    invocations: 0,
    recordsSucceeded: 0,
    recordsFailed: 0,
    deletes: 0,
  };
  const log = options.log ?? (() => undefined);
  const abort = new AbortController();
  let busy = false;

  const receive = async (): Promise<Message[]> => {
    stats.receives += 1;
    const received = await options.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: options.queueUrl,
        MaxNumberOfMessages: options.batchSize,
        WaitTimeSeconds: options.waitTimeSeconds ?? 20,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: abort.signal },
    );
    return received.Messages ?? [];
  };

  const invoke = async (event: SQSEvent): Promise<{ threw: boolean; result: unknown; error?: unknown }> => {
    stats.invocations += 1;
    try {
      const context = lambdaContext(options.functionName, options.region, options.functionTimeoutMs);
      return { threw: false, result: await options.handler(event, context) };
    } catch (error) {
      return { threw: true, result: undefined, error };
    }
  };

  const settle = async (messages: readonly Message[], failed: ReadonlySet<string>): Promise<void> => {
    const entries = (keep: boolean) =>
      messages
        .filter((message) => failed.has(message.MessageId ?? '') === keep)
        .map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle }));
    const succeeded = entries(false);
    if (succeeded.length > 0) {
      await options.sqs.send(
        new DeleteMessageBatchCommand({ QueueUrl: options.queueUrl, Entries: succeeded }),
      );
      stats.deletes += succeeded.length;
    }
    const retried = entries(true);
    if (retried.length > 0 && options.retryDelaySeconds !== undefined) {
      const VisibilityTimeout = options.retryDelaySeconds;
      await options.sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: options.queueUrl,
          Entries: retried.map((entry) => ({ ...entry, VisibilityTimeout })),
        }),
      );
    }
  };

  const processBatch = async (messages: readonly Message[]): Promise<void> => {
    const started = performance.now();
    const event = toSqsEvent(messages, options);
    const outcome = await invoke(event);
    const failed = failedMessageIds(event, outcome);
    stats.recordsFailed += failed.size;
    stats.recordsSucceeded += messages.length - failed.size;
    await settle(messages, failed);
    const elapsed = Math.round(performance.now() - started);
    const reason = outcome.threw ? `, handler threw: ${errorMessage(outcome.error)}` : '';
    log(
      `${options.functionName}: ${messages.length} record(s), ${messages.length - failed.size} ok, ${failed.size} to retry (${elapsed} ms)${reason}`,
    );
  };

  const loop = async (): Promise<void> => {
    while (!abort.signal.aborted) {
      try {
        const messages = await receive();
        if (messages.length === 0) continue;
        busy = true;
        stats.messagesReceived += messages.length;
        await processBatch(messages);
      } catch (error) {
        if (abort.signal.aborted) break;
        log(`${options.functionName}: queue error: ${errorMessage(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      } finally {
        busy = false;
      }
    }
  };

  const running = loop();

  return {
    busy: () => busy,
    stats: () => ({ ...stats }),
    stop: async () => {
      abort.abort();
      await running;
    },
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
