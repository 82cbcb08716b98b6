/**
 * The real aggregate handler with the fault middleware of tests/support/faults-injection.ts
 * on its AWS clients (see tests/support/faults-ingest-handler.ts), each invocation
 * bracketed so an aggregate-kill plan can decide whether that invocation dies.
 */
import type { SQSHandler } from 'aws-lambda';
import { handler as aggregateHandler } from '../../functions/aggregate/handler.js';
import { dynamo, s3 } from '../../functions/shared/aws-clients.js';
import { asAggregateInvocation, installFaultInjection } from './faults-injection.js';

installFaultInjection({ dynamo, s3 });

export const handler: SQSHandler = (event, context, callback) =>
  asAggregateInvocation(async () => aggregateHandler(event, context, callback));
