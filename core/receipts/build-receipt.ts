import type { Finding } from '../../schemas/finding.js';
import { type Receipt, ReceiptSchema } from '../../schemas/receipt.js';
import type { TextEncodingName } from '../ingest/decode.js';

export interface ReceiptInput {
  key: string;
  park: string | null;
  enterprise: string | null;
  kind: Receipt['kind'];
  sequencer: string;
  versionId: string | null;
  accepted: boolean;
  rows: number;
  errors: Finding[];
  warnings: Finding[];
  encoding: TextEncodingName | null;
  periods: string[];
  factsWritten: number;
  factsSuperseded: number;
  /** The earlier accepted version of the key whose figures stay in effect after a rejection. */
  keptVersion: { sequencer: string; versionId: string | null; eventTime: string } | null;
  processedAt: Date;
}

/** The receipt of one upload, checked against the contract so a malformed one never reaches a user. */
export function buildReceipt(input: ReceiptInput): Receipt {
  return ReceiptSchema.parse({
    accepted: input.accepted,
    rows: input.rows,
    errors: input.errors,
    warnings: input.warnings,
    key: input.key,
    park: input.park,
    enterprise: input.enterprise,
    kind: input.kind,
    sequencer: input.sequencer,
    version_id: input.versionId,
    encoding: input.encoding,
    periods: [...input.periods].sort(),
    facts_written: input.factsWritten,
    facts_superseded: input.factsSuperseded,
    kept_version:
      input.keptVersion === null
        ? null
        : {
            sequencer: input.keptVersion.sequencer,
            version_id: input.keptVersion.versionId,
            event_time: input.keptVersion.eventTime,
          },
    processed_at: input.processedAt.toISOString(),
  });
}
