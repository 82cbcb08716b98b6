/**
 * The real ingest handler with the fault middleware of tests/support/faults-injection.ts on
 * its AWS clients. The fault suite gives this module to its private stacks as the ingest
 * handler, so the middleware is installed in the process, and on the clients, that run it.
 */
import { dynamo, s3 } from '../../functions/shared/aws-clients.js';
import { installFaultInjection } from './faults-injection.js';

installFaultInjection({ dynamo, s3 });

export { handler } from '../../functions/ingest/handler.js';
