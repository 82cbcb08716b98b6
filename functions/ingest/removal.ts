import { type IngestOutcome, requestRecomputes, type UploadContext } from './context.js';
import { retractOlderFacts } from './retraction.js';

/**
 * An upload was deleted (ObjectRemoved): the facts that still come from it are retracted,
 * the totals of those years recomputed, and its receipts removed. The removal claims the
 * key's contribution like an accepted upload does, so a late redelivery of the deleted
 * version changes nothing; it removes the receipts only if it is also the key's latest
 * event (a newer rejected version's receipt stays).
 */
export async function retractUpload(context: UploadContext): Promise<IngestOutcome> {
  const { park, source, deps } = context;
  const claim = await deps.facts.claimContribution(park, source, 'removed', []);
  if (claim === 'stale') return { status: 'stale' };
  let retracted = 0;
  let years: number[] = [];
  if (context.kind === 'enterprise-monthly') {
    ({ retracted } = await retractOlderFacts(context, claim.factYears, source.sequencer));
    // Every year the key wrote to, not only where this attempt retracted something: a retry
    // after a crash between the retraction and this request finds nothing left to retract.
    years = claim.factYears;
  } else {
    const what = context.kind === 'register' ? 'enterprises' : 'county-totals';
    if (await deps.facts.retractReference(park, what, source.key, source.sequencer)) {
      retracted = 1;
      years = await deps.facts.uploadYears(park);
    }
  }
  await requestRecomputes(context, years);
  if ((await deps.facts.claimLatestEvent(park, source, 'removed')) !== 'stale') {
    await deps.receipts.remove(source.key);
  }
  return { status: 'removed', retracted };
}
