import type {
  Contribution,
  ContributionState,
  FactsRepository,
  UploadSource,
  UploadState,
} from '../../../functions/adapters/facts-writer.js';
import { sortableEventOrder, sortableSequencer } from '../../../functions/ingest/event-order.js';
import type { FactItem } from '../../../schemas/facts.js';

/**
 * A FactsRepository in memory that evaluates the same conditions the DynamoDB adapter sends
 * (newer upload wins; same key: sequencer, equal allowed; different keys: event time, then
 * sequencer; the index's contribution and latest event each move only forward), so the
 * service's ordering logic can be exercised over many event orders.
 */
export class InMemoryFactsRepository implements FactsRepository {
  readonly facts = new Map<string, FactItem>();
  readonly uploads = new Map<
    string,
    { latest?: { source: UploadSource; state: UploadState }; contribution?: Contribution; years: Set<number> }
  >();

  async putFact(fact: FactItem): Promise<'written' | 'superseded'> {
    const id = `${fact.pk}|${fact.sk}`;
    const existing = this.facts.get(id);
    const newer =
      existing === undefined ||
      (existing.source_key === fact.source_key &&
        sortableSequencer(existing.source_sequencer) <= sortableSequencer(fact.source_sequencer)) ||
      (existing.source_key !== fact.source_key && orderOf(existing) < orderOf(fact));
    if (!newer) return 'superseded';
    this.facts.set(id, structuredClone(fact));
    return 'written';
  }

  async retractFact(
    ref: { pk: string; sk: string },
    key: string,
    sequencer: string,
    successor?: FactItem,
  ): Promise<boolean> {
    const id = `${ref.pk}|${ref.sk}`;
    const existing = this.facts.get(id);
    if (
      existing?.source_key !== key ||
      sortableSequencer(existing.source_sequencer) >= sortableSequencer(sequencer)
    ) {
      return false;
    }
    if (successor === undefined) this.facts.delete(id);
    else this.facts.set(id, structuredClone(successor));
    return true;
  }

  async getFacts(park: string, at: readonly { period: string; uscc: string }[]): Promise<FactItem[]> {
    return at.flatMap(({ period, uscc }) => {
      const fact = this.facts.get(`FACT#${park}#${period.slice(0, 4)}|${period}#${uscc}`);
      return fact === undefined ? [] : [structuredClone(fact)];
    });
  }

  async queryFacts(park: string, year: number, fromKey?: string): Promise<FactItem[]> {
    return [...this.facts.values()]
      .filter((f) => f.pk === `FACT#${park}#${year}` && (fromKey === undefined || f.source_key === fromKey))
      .map((f) => structuredClone(f));
  }

  async claimContribution(park: string, source: UploadSource, state: ContributionState, years: number[]) {
    const upload = this.uploads.get(`${park}|${source.key}`) ?? { years: new Set<number>() };
    const before = upload.contribution;
    if (before && isNewer(before.source, source)) return 'stale' as const;
    for (const year of years) upload.years.add(year);
    this.uploads.set(`${park}|${source.key}`, { ...upload, contribution: { state, source: { ...source } } });
    return { factYears: [...upload.years].sort((a, b) => a - b), firstContribution: before === undefined };
  }

  async claimLatestEvent(park: string, source: UploadSource, state: UploadState) {
    const upload = this.uploads.get(`${park}|${source.key}`) ?? { years: new Set<number>() };
    if (upload.latest && isNewer(upload.latest.source, source)) return 'stale' as const;
    this.uploads.set(`${park}|${source.key}`, { ...upload, latest: { state, source: { ...source } } });
    return { contribution: upload.contribution ?? null };
  }

  async contributingSequencer(park: string, key: string): Promise<string | undefined> {
    return this.uploads.get(`${park}|${key}`)?.contribution?.source.sequencer;
  }

  async acceptedUploads(park: string, keyPrefix: string): Promise<UploadSource[]> {
    return [...this.uploads.entries()]
      .filter(
        ([id, upload]) => id.startsWith(`${park}|${keyPrefix}`) && upload.contribution?.state === 'accepted',
      )
      .flatMap(([, upload]) => (upload.contribution ? [{ ...upload.contribution.source }] : []));
  }

  async uploadYears(park: string): Promise<number[]> {
    const years = new Set<number>();
    for (const [id, upload] of this.uploads)
      if (id.startsWith(`${park}|`)) for (const y of upload.years) years.add(y);
    return [...years].sort((a, b) => a - b);
  }

  async putReference(): Promise<'written' | 'superseded'> {
    throw new Error('reference files are not part of these scenarios');
  }

  async retractReference(): Promise<boolean> {
    throw new Error('reference files are not part of these scenarios');
  }
}

const isNewer = (recorded: UploadSource, incoming: UploadSource) =>
  sortableSequencer(recorded.sequencer) > sortableSequencer(incoming.sequencer);
const orderOf = (item: FactItem) => sortableEventOrder(item.source_event_time, item.source_sequencer);
