import { historyWarnings, readEnterpriseFile } from '../../core/ingest/read-enterprise-file.js';
import { compareSequencers } from '../../core/ingest/upload-key.js';
import type { EnterpriseRow } from '../../schemas/enterprise-row.js';
import { mapBounded } from './bounded.js';
import { deliverReceipt, type IngestOutcome, requestRecomputes, type UploadContext } from './context.js';
import { toFact } from './fact-item.js';
import { factHistory, historyKeys } from './history.js';
import { keptVersion } from './kept-version.js';
import { retractOlderFacts, WRITE_CONCURRENCY } from './retraction.js';

/**
 * An enterprise monthly file (enterprise or office key).
 *
 * A rejected version changes no fact and no total (rule 5): it only claims the key's latest
 * event, so that its receipt stands, and says whether an earlier accepted version's figures
 * remain in effect. The key keeps contributing what its last accepted version wrote.
 *
 * An accepted version, in this order, each step safe to repeat after a crash (the message
 * is then redelivered):
 *  1. read and validate the stream; nothing is written before the file is judged;
 *  2. read, by key, each row's month a year earlier and the month before, for the soft
 *     rules that need history;
 *  3. claim the key's contribution in the upload index: an older version than the
 *     recorded accepted or removal event stops here;
 *  4. one conditional PutItem per row (a newer upload of the same fact keeps it);
 *  5. retract what older versions of this key wrote and this one does not;
 *  6. if a newer accepted version or a removal was claimed meanwhile, take back what this
 *     one wrote;
 *  7. one recompute request per year changed; then claim the key's latest event and write
 *     the receipt, last: a receipt means done. A newer rejected version's receipt is kept.
 */
export async function ingestEnterpriseFile(context: UploadContext): Promise<IngestOutcome> {
  const { park, source, deps } = context;
  const body = await deps.objects.open(source.key, source.versionId);
  if (body === null) return { status: 'gone' };

  const rows: EnterpriseRow[] = [];
  const result = await readEnterpriseFile(body, {
    key: source.key,
    now: deps.now(),
    onRow: (row) => rows.push(row),
  });
  const receipt = {
    key: source.key,
    park,
    enterprise: context.enterprise,
    kind: context.kind,
    sequencer: source.sequencer,
    versionId: source.versionId,
    accepted: result.accepted,
    rows: result.rows,
    errors: result.errors,
    encoding: result.encoding,
    unit: result.unit,
    periods: result.periods,
  };

  if (!result.accepted) {
    const claim = await deps.facts.claimLatestEvent(park, source, 'rejected');
    if (claim === 'stale') return { status: 'stale' };
    return deliverReceipt(
      { ...receipt, warnings: result.warnings, factsWritten: 0, factsSuperseded: 0 },
      deps,
      { kept: keptVersion(claim.contribution, source) },
    );
  }

  const years = uniqueYears(rows.map((row) => row.period));
  const stored = await deps.facts.getFacts(park, historyKeys(rows));
  const warnings = [...result.warnings, ...historyWarnings(rows, factHistory(stored, rows), result.columns)];

  const claim = await deps.facts.claimContribution(park, source, 'accepted', years);
  if (claim === 'stale') return { status: 'stale' };

  const ingestedAt = deps.now().toISOString();
  const outcomes = await mapBounded(rows, WRITE_CONCURRENCY, (row) =>
    deps.facts.putFact(toFact(row, park, source, ingestedAt)),
  );
  const written = outcomes.filter((outcome) => outcome === 'written').length;
  const older = claim.firstContribution
    ? { retracted: 0, years: [] }
    : await retractOlderFacts(context, claim.factYears, source.sequencer);

  const latest = await deps.facts.contributingSequencer(park, source.key);
  const overtaken = latest !== undefined && compareSequencers(latest, source.sequencer) > 0;
  const mine = overtaken ? await retractOlderFacts(context, claim.factYears, latest) : { years: [] };

  // After an earlier version, every year the key wrote to: a retry after a crash between the
  // retraction and this request finds nothing left to retract, yet those totals are stale.
  const olderYears = claim.firstContribution ? [] : claim.factYears;
  await requestRecomputes(context, [...(written > 0 ? years : []), ...olderYears, ...mine.years]);
  if (overtaken) return { status: 'stale' };

  if ((await deps.facts.claimLatestEvent(park, source, 'accepted')) === 'stale') {
    return { status: 'counted', factsWritten: written, retracted: older.retracted };
  }
  return deliverReceipt(
    { ...receipt, warnings, factsWritten: written, factsSuperseded: outcomes.length - written },
    deps,
    { retracted: older.retracted },
  );
}

function uniqueYears(periods: string[]): number[] {
  return [...new Set(periods.map((period) => Number(period.slice(0, 4))))].sort((a, b) => a - b);
}
