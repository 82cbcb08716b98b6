import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { startControlServer } from '../../local/control-server.js';
import { DEFAULT_HANDLERS, startLocalStack } from '../../local/start-local-stack.js';
import type { ProvidedLocalStack } from '../support/local-stack-env.js';

/**
 * One local stack for the integration project, on free ports, running the real handler
 * modules (override with PARKSTATS_TEST_INGEST_HANDLER / PARKSTATS_TEST_AGGREGATE_HANDLER).
 * A handler module that does not exist yet leaves its queue unpolled instead of failing
 * every test file; one that exists but does not load fails the run.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const handlers: ProvidedLocalStack['handlers'] = {};
  const ingest = process.env.PARKSTATS_TEST_INGEST_HANDLER ?? DEFAULT_HANDLERS.ingest;
  const aggregate = process.env.PARKSTATS_TEST_AGGREGATE_HANDLER ?? DEFAULT_HANDLERS.aggregate;
  if (existsSync(ingest)) handlers.ingest = ingest;
  if (existsSync(aggregate)) handlers.aggregate = aggregate;

  const stack = await startLocalStack({
    ports: { s3: 0, dynamodb: 0, sqs: 0 },
    handlers,
    retryDelaySeconds: 0,
    quiet: true,
  });
  const control = await startControlServer(stack);
  project.provide('localStack', { env: stack.env, controlUrl: control.url, handlers });

  return async () => {
    await control.stop();
    await stack.stop();
  };
}
