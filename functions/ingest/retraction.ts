import { readEnterpriseFile } from '../../core/ingest/read-enterprise-file.js';
import { compareSequencers } from '../../core/ingest/upload-key.js';
import type { EnterpriseRow } from '../../schemas/enterprise-row.js';
import type { FactItem } from '../../schemas/facts.js';
import type { UploadSource } from '../adapters/facts-writer.js';
import { mapBounded } from './bounded.js';
import type { UploadContext } from './context.js';
import { toFact } from './fact-item.js';

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
  const deleted = await mapBounded(found, WRITE_CONCURRENCY, (fact) =>
    deps.facts.retractFact(fact, source.key, before),
  );
  const gone = found.filter((_, i) => deleted[i]);
  if (gone.length > 0) await restoreFromOtherUploads(context, gone);
  return {
    retracted: gone.length,
    years: [...new Set(gone.map((fact) => Number(fact.period.slice(0, 4))))],
  };
}

/**
 * Rewrites retracted enterprise-periods from the other accepted uploads that hold them: the
 * enterprise's own folder and the park office's. Those files are read again, since a fact
 * item keeps only its latest source; each row goes through the usual conditional write, so
 * among several candidates the newest wins. Retractions are rare (a deleted or shortened
 * upload), so the extra reads are paid only then.
 */
async function restoreFromOtherUploads(context: UploadContext, gone: readonly FactItem[]): Promise<void> {
  const { park, source, deps } = context;
  const wanted = new Set(gone.map((fact) => `${fact.period}#${fact.uscc}`));
  const prefixes = new Set([
    `uploads/${park}/_office/`,
    ...gone.map((fact) => `uploads/${park}/${fact.uscc}/`),
  ]);
  const candidates = (
    await Promise.all([...prefixes].map((prefix) => deps.facts.acceptedUploads(park, prefix)))
  )
    .flat()
    .filter((candidate) => candidate.key !== source.key);
  for (const candidate of candidates) {
    const rows = await rowsOf(context, candidate, wanted);
    const ingestedAt = deps.now().toISOString();
    await mapBounded(rows, WRITE_CONCURRENCY, (row) =>
      deps.facts.putFact(toFact(row, park, candidate, ingestedAt)),
    );
  }
}

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
