/**
 * Private local stacks for the fault-injection suite. The handlers build their AWS clients
 * once per process from the environment (functions/shared/aws-clients.ts), so every stack
 * a test worker starts must listen on the same ports: `reservePorts` picks them once.
 */
import { createServer } from 'node:net';
import { GetQueueAttributesCommand, SetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { LocalStack } from '../../local/start-local-stack.js';

export interface StackPorts {
  s3: number;
  dynamodb: number;
  sqs: number;
}

export async function reservePorts(): Promise<StackPorts> {
  const [s3, dynamodb, sqs] = await Promise.all([freePort(), freePort(), freePort()]);
  return { s3, dynamodb, sqs };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Messages in the ingest queue, visible, in flight or delayed. */
export async function ingestQueueDepth(stack: LocalStack): Promise<number> {
  const sqs = new SQSClient({});
  try {
    const { Attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: stack.resources.queues.ingest.url,
        AttributeNames: [
          'ApproximateNumberOfMessages',
          'ApproximateNumberOfMessagesNotVisible',
          'ApproximateNumberOfMessagesDelayed',
        ],
      }),
    );
    return Object.values(Attributes).reduce((sum, value) => sum + Number(value), 0);
  } finally {
    sqs.destroy();
  }
}

/** Sets the ingest queue's visibility timeout, shorter than the work for the redelivery faults. */
export async function setIngestVisibilityTimeout(stack: LocalStack, seconds: number): Promise<void> {
  const sqs = new SQSClient({});
  try {
    await sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: stack.resources.queues.ingest.url,
        Attributes: { VisibilityTimeout: String(seconds) },
      }),
    );
  } finally {
    sqs.destroy();
  }
}

/**
 * Waits until the stack is idle and `alsoIdle` (consumers the stack does not know of) holds,
 * twice in a row: one consumer may hand work to another between two readings.
 */
export async function waitForIdleWith(
  stack: LocalStack,
  alsoIdle: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let readings = 0;
  while (readings < 2) {
    await stack.waitForIdle(Math.max(1, deadline - performance.now()));
    readings = (await alsoIdle()) ? readings + 1 : 0;
    if (readings < 2 && performance.now() > deadline) {
      throw new Error(`faults: not idle after ${timeoutMs} ms (${JSON.stringify(stack.stats())})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
