import { parseCountyTotalsFile, parseRegisterFile } from '../../core/ingest/reference-files.js';
import { compareSequencers } from '../../core/ingest/upload-key.js';
import { referenceKey } from '../../schemas/facts.js';
import { deliverReceipt, type IngestOutcome, requestRecomputes, type UploadContext } from './context.js';
import { keptVersion } from './kept-version.js';

/**
 * A reference file of the park office: the register (reference/{park}/enterprises.csv) or
 * the county year-to-date totals (reference/{park}/county-totals.csv). Each is stored whole
 * as one item, replaced only by a newer accepted upload of the same key. Same order of
 * effects as an enterprise file: judge, claim, write, recompute, receipt last; a rejected
 * version, as there, changes nothing and only writes its receipt.
 *
 * What to recompute: county totals feed the concentration of the years they cover; the
 * register feeds completeness in every year, so every year the park has facts for.
 */
export async function ingestReferenceFile(context: UploadContext): Promise<IngestOutcome> {
  const { park, source, deps } = context;
  const what = context.kind === 'register' ? 'enterprises' : 'county-totals';
  const body = await deps.objects.open(source.key, source.versionId);
  if (body === null) return { status: 'gone' };

  const parsed =
    context.kind === 'register'
      ? await parseRegisterFile(body)
      : await parseCountyTotalsFile(body, { now: deps.now() });
  const receipt = {
    key: source.key,
    park,
    enterprise: null,
    kind: context.kind,
    sequencer: source.sequencer,
    versionId: source.versionId,
    accepted: parsed.accepted,
    rows: parsed.rows,
    errors: parsed.errors,
    warnings: parsed.warnings,
    encoding: parsed.encoding,
    unit: parsed.unit,
    periods: parsed.periods,
    factsSuperseded: 0,
  };

  if (!parsed.accepted) {
    const claim = await deps.facts.claimLatestEvent(park, source, 'rejected');
    if (claim === 'stale') return { status: 'stale' };
    return deliverReceipt({ ...receipt, factsWritten: 0 }, deps, {
      kept: keptVersion(claim.contribution, source),
    });
  }

  const claim = await deps.facts.claimContribution(park, source, 'accepted', []);
  if (claim === 'stale') return { status: 'stale' };
  const stamp = {
    ...referenceKey(park, what),
    park,
    source_key: source.key,
    source_sequencer: source.sequencer,
    source_version: source.versionId,
    source_event_time: source.eventTime,
    ingested_at: deps.now().toISOString(),
  };
  const outcome =
    parsed.kind === 'register'
      ? await deps.facts.putReference({ ...stamp, sk: 'enterprises', entries: parsed.data })
      : await deps.facts.putReference({ ...stamp, sk: 'county-totals', periods: parsed.data });
  const stored = outcome === 'written';

  const latest = await deps.facts.contributingSequencer(park, source.key);
  const overtaken = latest !== undefined && compareSequencers(latest, source.sequencer) > 0;
  if (overtaken && stored) await deps.facts.retractReference(park, what, source.key, latest);
  if (stored) {
    const years =
      parsed.kind === 'county-totals'
        ? parsed.periods.map((period) => Number(period.slice(0, 4)))
        : await deps.facts.uploadYears(park);
    await requestRecomputes(context, years);
  }
  if (overtaken || !stored) return { status: 'stale' };

  if ((await deps.facts.claimLatestEvent(park, source, 'accepted')) === 'stale') {
    return { status: 'counted', factsWritten: parsed.rows, retracted: 0 };
  }
  return deliverReceipt({ ...receipt, factsWritten: parsed.rows }, deps);
}
