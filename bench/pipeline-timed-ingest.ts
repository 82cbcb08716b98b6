import { handler as ingest } from '../functions/ingest/handler.js';
import { timed } from './pipeline-handler-timing.js';

/** The ingest handler, timed for the pipeline bench. */
export const handler = timed('ingest', ingest);
