import { finding } from '../../core/ingest/rules.js';
import { classifyKey } from '../../core/ingest/upload-key.js';
import { findPark } from '../../core/parks.js';
import type { Finding } from '../../schemas/finding.js';
import type { Receipt } from '../../schemas/receipt.js';
import type { UploadSource } from '../adapters/facts-writer.js';
import { deliverReceipt, type IngestDeps, type IngestOutcome, type UploadContext } from './context.js';
import { ingestEnterpriseFile } from './enterprise-upload.js';
import { ingestReferenceFile } from './reference-upload.js';
import { retractUpload } from './removal.js';
import type { ObjectEvent } from './s3-event.js';

/**
 * Routes one S3 event: removal → retraction; creation → the enterprise-file or
 * reference-file flow by key; a key naming no configured park, or an invalid upload key,
 * → a rejected receipt. Throws only for failures worth retrying (AWS errors, or something
 * unexpected): a bad file is an outcome, not an error.
 */
export async function ingestObjectEvent(event: ObjectEvent, deps: IngestDeps): Promise<IngestOutcome> {
  const classified = classifyKey(event.key);
  if (classified.kind === 'ignored') return { status: 'ignored', reason: classified.reason };
  const source: UploadSource = {
    key: event.key,
    sequencer: event.sequencer,
    versionId: event.versionId,
    eventTime: event.eventTime,
  };
  if (classified.kind === 'invalid') {
    if (event.action === 'removed') return { status: 'ignored', reason: 'removed object had an invalid key' };
    return rejectKey(source, receiptKindOf(event.key), null, null, classified.finding, deps);
  }
  const enterprise = classified.kind === 'enterprise-monthly' ? classified.enterprise : null;
  if (findPark(classified.park) === undefined) {
    if (event.action === 'removed') return { status: 'ignored', reason: 'removed object of an unknown park' };
    return rejectKey(
      source,
      classified.kind,
      classified.park,
      enterprise,
      finding('key.unknown_park', null, null, { park: classified.park }),
      deps,
    );
  }
  const context: UploadContext = { park: classified.park, enterprise, kind: classified.kind, source, deps };
  if (event.action === 'removed') return retractUpload(context);
  return classified.kind === 'enterprise-monthly'
    ? ingestEnterpriseFile(context)
    : ingestReferenceFile(context);
}

/** A key that cannot be ingested at all: only the receipt, which depends on the key alone, so no ordering is needed. */
function rejectKey(
  source: UploadSource,
  kind: Receipt['kind'],
  park: string | null,
  enterprise: string | null,
  problem: Finding,
  deps: IngestDeps,
): Promise<IngestOutcome> {
  return deliverReceipt(
    {
      key: source.key,
      park,
      enterprise,
      kind,
      sequencer: source.sequencer,
      versionId: source.versionId,
      accepted: false,
      rows: 0,
      errors: [problem],
      warnings: [],
      encoding: null,
      unit: null,
      periods: [],
      factsWritten: 0,
      factsSuperseded: 0,
    },
    deps,
  );
}

/** The receipt kind of a key the classifier rejected, from its file name. */
function receiptKindOf(key: string): Receipt['kind'] {
  if (key.startsWith('reference/') && key.endsWith('/enterprises.csv')) return 'register';
  if (key.startsWith('reference/') && key.endsWith('/county-totals.csv')) return 'county-totals';
  return 'enterprise-monthly';
}
