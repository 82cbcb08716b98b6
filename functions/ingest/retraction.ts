import { readEnterpriseFile } from '../../core/ingest/read-enterprise-file.js';
import { compareSequencers } from '../../core/ingest/upload-key.js';
import type { EnterpriseRow } from '../../schemas/enterprise-row.js';
import type { FactItem } from '../../schemas/facts.js';
import type { UploadSource } from '../adapters/facts-writer.js';
import { mapBounded } from './bounded.js';
import type { UploadContext } from './context.js';
import { sortableEventOrder } from './event-order.js';
import { toFact } from './fact-item.js';
import { isTransientError } from './transient-errors.js';

export const WRITE_CONCURRENCY = 16;

/**
 * Deletes the facts that still come from this upload's key at a sequencer older than
 * `before`, in the given years, and returns the years where something changed.
 *
 * The newest accepted or removal event of a key decides what the key contributes: an
 * accepted version its own rows, a removal nothing (a rejected version is no such event: it
 * changes nothing). So those flows end by taking back the older versions' leftovers. Each delete is conditional, so a fact another upload took over
 * meanwhile is left alone. A deleted fact may have displaced the same enterprise-period
 * of another upload that is still there; that one is put back (see `restoreFromOtherUploads`),
 * so the facts end up the same whatever order the events arrive in.
 */
export async function retractOlderFacts(
  context: UploadContext,
  years: readonly number[],
  before: string,
): Promise<{ retracted: number; years: number[] }> {
  const { park, source, deps } = context;
  const found = (await Promise.all(years.map((year) => deps.facts.queryFacts(park, year, source.key))))
    .flat()
    .filter((fact) => compareSequencers(fact.source_sequencer, before) < 0);
  if (found.length === 0) return { retracted: 0, years: [] };
  // Each fact's successor is found before any fact is touched, and each fact moves to it (or
  // away) in one conditional write: after a crash, the retry finds exactly the facts that
  // still carry this key and decides them the same way. (Deleting first and restoring after
  // lost the displaced figure for good when the restore's read failed.)
  const successors = await successorsFromOtherUploads(context, found);
  const retracted = await mapBounded(found, WRITE_CONCURRENCY, (fact) =>
    deps.facts.retractFact(fact, source.key, before, successors.get(`${fact.period}#${fact.uscc}`)),
  );
  const gone = found.filter((_, i) => retracted[i]);
  return {
    retracted: gone.length,
    years: [...new Set(gone.map((fact) => Number(fact.period.slice(0, 4))))],
  };
}

/**
 * For each enterprise-period about to be retracted, the fact the other accepted uploads
 * holding it would give: the enterprise's own folder and the park office's. Those files are
 * read again, since a fact item keeps only its latest source; among several candidates the
 * newest upload (event time, then sequencer) wins, as in the conditional write. Retractions
 * are rare (a deleted or shortened upload), so the extra reads are paid only then.
 */
async function successorsFromOtherUploads(
  context: UploadContext,
  retracting: readonly FactItem[],
): Promise<Map<string, FactItem>> {
  const { park, source, deps } = context;
  const wanted = new Set(retracting.map((fact) => `${fact.period}#${fact.uscc}`));
  const prefixes = new Set([
    `uploads/${park}/_office/`,
    ...retracting.map((fact) => `uploads/${park}/${fact.uscc}/`),
  ]);
  const candidates = (
    await Promise.all([...prefixes].map((prefix) => deps.facts.acceptedUploads(park, prefix)))
  )
    .flat()
    .filter((candidate) => candidate.key !== source.key);
  const ingestedAt = deps.now().toISOString();
  const successors = new Map<string, FactItem>();
  for (const candidate of candidates) {
    for (const row of await rowsOf(context, candidate, wanted)) {
      const fact = toFact(row, park, candidate, ingestedAt);
      const id = `${fact.period}#${fact.uscc}`;
      const held = successors.get(id);
      if (held === undefined || orderOf(held) < orderOf(fact)) successors.set(id, fact);
    }
  }
  return successors;
}

const orderOf = (fact: FactItem) => sortableEventOrder(fact.source_event_time, fact.source_sequencer);

/**
 * The rows of an upload for the wanted enterprise-periods; none when it is gone or no longer
 * valid. Without bucket versioning (the local emulator) `versionId` is null and the current
 * bytes are read, so a key whose accepted version was overwritten by a rejected one restores
 * nothing there; on AWS the accepted version itself is read.
 */
async function rowsOf(
  context: UploadContext,
  upload: UploadSource,
  wanted: ReadonlySet<string>,
): Promise<EnterpriseRow[]> {
  // A retraction may read several other uploads; one broken stream among them should not
  // fail (and eventually dead-letter) the whole event, so each read is retried a few times.
  for (let attempt = 1; ; attempt++) {
    try {
      return await readRowsOf(context, upload, wanted);
    } catch (error) {
      if (attempt >= READ_ATTEMPTS || !isTransientError(error)) throw error;
    }
  }
}

const READ_ATTEMPTS = 3;

async function readRowsOf(
  context: UploadContext,
  upload: UploadSource,
  wanted: ReadonlySet<string>,
): Promise<EnterpriseRow[]> {
  const body = await context.deps.objects.open(upload.key, upload.versionId);
  if (body === null) return [];
  const rows: EnterpriseRow[] = [];
  const result = await readEnterpriseFile(body, {
    key: upload.key,
    now: context.deps.now(),
    onRow: (row) => {
      if (wanted.has(`${row.period}#${row.uscc}`)) rows.push(row);
    },
  });
  return result.accepted ? rows : [];
}
