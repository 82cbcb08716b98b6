import { compareSequencers } from '../../core/ingest/upload-key.js';
import type { Contribution, UploadSource } from '../adapters/facts-writer.js';

/**
 * The earlier accepted version of a key whose figures stay in effect while a newer version
 * is rejected, or null when the key contributes nothing (never accepted, or removed). A
 * contribution newer than the rejected version is not "earlier": that version's own receipt
 * replaces this one.
 */
export function keptVersion(contribution: Contribution | null, rejected: UploadSource): UploadSource | null {
  if (contribution?.state !== 'accepted') return null;
  return compareSequencers(contribution.source.sequencer, rejected.sequencer) < 0
    ? contribution.source
    : null;
}
