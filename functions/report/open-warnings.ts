import { readRowOwners } from '../../core/ingest/row-owners.js';
import type { OpenWarning } from '../../core/report-render/types.js';
import type { FactItem } from '../../schemas/facts.js';
import type { ObjectSource } from '../adapters/object-source.js';
import type { ReceiptReader } from '../adapters/receipt-reader.js';

export interface WarningSources {
  /** The receipt of an upload; null when there is none or it is not a valid receipt. */
  receipts: Pick<ReceiptReader, 'receipt'>;
  /** The uploads bucket: a receipt's findings name rows, and the file says whose row it is. */
  uploads: ObjectSource;
  now: () => Date;
}

/**
 * The soft warnings (核实性审核) of the period's facts, as their uploads' receipts list them:
 * open ones (no 情况说明) and explained ones (with the note). Only the receipt of the very
 * upload a fact still comes from counts (same sequencer), so a corrected row's old warnings
 * drop out. Findings name spreadsheet rows; the upload is read again to learn each row's
 * enterprise and period — one GetObject per upload that has warnings, fine for a monthly job.
 */
export async function openWarnings(
  sources: WarningSources,
  facts: readonly FactItem[],
): Promise<OpenWarning[]> {
  const byUpload = new Map<string, FactItem[]>();
  for (const fact of facts) byUpload.set(fact.source_key, [...(byUpload.get(fact.source_key) ?? []), fact]);

  const perUpload = await Promise.all(
    [...byUpload].map(async ([key, uploadFacts]) => {
      const receipt = await sources.receipts.receipt(key);
      const current = uploadFacts.filter((f) => f.source_sequencer === receipt?.sequencer);
      if (receipt === null || !receipt.accepted || receipt.warnings.length === 0 || current.length === 0)
        return [];
      const body = await sources.uploads.open(key, current[0]?.source_version ?? null);
      if (body === null) return [];
      const rows = await readRowOwners(body, { key, now: sources.now() });
      const factOf = new Map(current.map((f) => [`${f.period}#${f.uscc}`, f]));
      return receipt.warnings.flatMap((warning): OpenWarning[] => {
        const row = warning.row === null ? undefined : rows.get(warning.row);
        const fact = row === undefined ? undefined : factOf.get(`${row.period}#${row.uscc}`);
        if (fact === undefined) return [];
        return [
          {
            uscc: fact.uscc,
            name: fact.name,
            period: fact.period,
            rule: warning.rule,
            message: warning.message,
            note: warning.note ?? null,
          },
        ];
      });
    }),
  );
  return perUpload.flat().sort((a, b) => a.uscc.localeCompare(b.uscc) || a.rule.localeCompare(b.rule));
}
