import { handler as aggregate } from '../functions/aggregate/handler.js';
import { timed } from './pipeline-handler-timing.js';

/** The aggregate handler, timed for the pipeline bench. */
export const handler = timed('aggregate', aggregate);
