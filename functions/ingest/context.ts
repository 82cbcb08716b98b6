import { buildReceipt, type ReceiptInput } from '../../core/receipts/build-receipt.js';
import { renderReceiptText } from '../../core/receipts/render-receipt-text.js';
import type { Receipt } from '../../schemas/receipt.js';
import type { FactsRepository, UploadSource } from '../adapters/facts-writer.js';
import type { ObjectSource } from '../adapters/object-source.js';
import type { ReceiptStore } from '../adapters/receipt-store.js';
import type { RecomputeQueue } from '../adapters/recompute-queue.js';

export interface IngestDeps {
  objects: ObjectSource;
  facts: FactsRepository;
  receipts: ReceiptStore;
  recompute: RecomputeQueue;
  now: () => Date;
}

/** What became of one S3 object event. */
export type IngestOutcome =
  | { status: 'ignored'; reason: string }
  /** The object was deleted before it could be read; its ObjectRemoved event does the rest. */
  | { status: 'gone' }
  /** A newer event of the same key was processed already (or meanwhile); this one leaves no trace. */
  | { status: 'stale' }
  | { status: 'accepted' | 'rejected'; receipt: Receipt; retracted: number }
  /**
   * An older accepted version whose rows now count (no newer accepted version or removal of
   * its key exists), while a newer rejected version's receipt stands and is kept.
   */
  | { status: 'counted'; factsWritten: number; retracted: number }
  | { status: 'removed'; retracted: number };

/** An upload whose key names a configured park: what the per-kind flows work on. */
export interface UploadContext {
  park: string;
  enterprise: string | null;
  kind: Receipt['kind'];
  source: UploadSource;
  deps: IngestDeps;
}

/**
 * Writes the receipt (.txt, then .json) and returns the outcome it records. `kept` is the
 * earlier accepted version of the key whose figures remain in effect after a rejection.
 */
export async function deliverReceipt(
  input: Omit<ReceiptInput, 'processedAt' | 'keptVersion'> & { unit: string | null },
  deps: IngestDeps,
  effects: { retracted?: number; kept?: UploadSource | null } = {},
): Promise<IngestOutcome> {
  const { unit, ...fields } = input;
  const receipt = buildReceipt({ ...fields, keptVersion: effects.kept ?? null, processedAt: deps.now() });
  const text = renderReceiptText(receipt, { encoding: input.encoding, unit });
  await deps.receipts.put(receipt, text);
  return { status: receipt.accepted ? 'accepted' : 'rejected', receipt, retracted: effects.retracted ?? 0 };
}

/** Asks for one recompute per year, in year order. */
export async function requestRecomputes(context: UploadContext, years: Iterable<number>): Promise<void> {
  for (const year of [...new Set(years)].sort((a, b) => a - b)) {
    await context.deps.recompute.request(
      { park: context.park, year, cause: context.source.key },
      context.source.sequencer,
    );
  }
}
