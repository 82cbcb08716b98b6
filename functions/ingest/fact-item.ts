import type { EnterpriseRow } from '../../schemas/enterprise-row.js';
import { type FactItem, factKey } from '../../schemas/facts.js';
import type { UploadSource } from '../adapters/facts-writer.js';

/** The fact item of one accepted row, stamped with the upload it comes from. */
export function toFact(row: EnterpriseRow, park: string, source: UploadSource, ingestedAt: string): FactItem {
  const { row: _line, ...values } = row;
  return {
    ...values,
    ...factKey(park, row.period, row.uscc),
    park,
    source_key: source.key,
    source_sequencer: source.sequencer,
    source_version: source.versionId,
    source_event_time: source.eventTime,
    ingested_at: ingestedAt,
  };
}
