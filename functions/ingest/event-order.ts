/**
 * How ingest orders two uploads that write the same fact, as strings DynamoDB can compare
 * in a condition expression.
 *
 * - Same S3 key: the S3 `sequencer` is authoritative. Its length varies; it is stored
 *   right-padded with zeros to a fixed width, upper case, so that DynamoDB's string order
 *   is exactly `compareSequencers` (core/ingest/upload-key.ts).
 * - Different keys (an enterprise file and the office file both holding 2017-11 of one
 *   enterprise): AWS does not make sequencers of different keys comparable, so the
 *   event time decides, then the sequencer as a tie-break. `eventTime` is stored as a
 *   fixed-width UTC ISO string, which also sorts as a string.
 */
const SEQUENCER_WIDTH = 64;

export class InvalidSequencerError extends Error {}

export function sortableSequencer(sequencer: string): string {
  if (!/^[0-9a-fA-F]*$/.test(sequencer) || sequencer.length > SEQUENCER_WIDTH) {
    throw new InvalidSequencerError(`not an S3 sequencer: ${sequencer}`);
  }
  return sequencer.toUpperCase().padEnd(SEQUENCER_WIDTH, '0');
}

export function sortableEventOrder(eventTime: string, sequencer: string): string {
  return `${new Date(eventTime).toISOString()}#${sortableSequencer(sequencer)}`;
}
