import { periodParts } from '../../core/report-render/bureau-table.js';
import { renderReportFiles } from '../../core/report-render/render-report-files.js';
import type { MissingEnterprise } from '../../core/report-render/types.js';
import { decideRevision } from '../../core/revisions/decide-revision.js';
import { type RevisionObjectKeys, revisionObjectKeys } from '../../core/revisions/revision-object-keys.js';
import type { RevisionChange, RevisionRecord } from '../../core/revisions/revision-record.js';
import type { Park } from '../../schemas/park-config.js';
import type { ParkReport } from '../../schemas/report.js';
import type { BureauNotifier } from '../adapters/bureau-notifier.js';
import type { ParkDataReader } from '../adapters/park-data-reader.js';
import type { ReportStore } from '../adapters/report-store.js';
import type { TotalsRepository } from '../adapters/totals-repository.js';
import { composeBureauNotice } from './bureau-notice.js';
import { openWarnings, type WarningSources } from './open-warnings.js';
import { revisionCauses, revisionSources } from './revision-sources.js';

export interface ReportPublisherDeps {
  totals: Pick<TotalsRepository, 'get'>;
  facts: ParkDataReader;
  store: ReportStore;
  warnings: WarningSources;
  notifier: BureauNotifier;
  now: () => Date;
}

export type PublicationResult =
  | {
      status: 'published';
      park: string;
      period: string;
      revision: number;
      keys: RevisionObjectKeys;
      changes: RevisionChange[];
      causes: string[];
      /** False when no bureau topic is configured. */
      notified: boolean;
    }
  | {
      status: 'unchanged';
      park: string;
      period: string;
      revision: number;
      keys: RevisionObjectKeys;
      /** True when this run sent the revision's notice that an earlier run failed to send. */
      notified: boolean;
    }
  | { status: 'no-totals'; park: string; period: string };

export interface ReportPublisher {
  publish(park: Park, period: string): Promise<PublicationResult>;
}

/** The other months of the period's year and all months of the year before, for the trend charts. */
function historyPeriods(period: string): string[] {
  const { year, month } = periodParts(period);
  const months = (y: number, last: number) =>
    Array.from({ length: last }, (_, i) => `${y}-${String(i + 1).padStart(2, '0')}`);
  return [...months(year - 1, 12), ...months(year, month - 1)];
}

/**
 * One publication of a park's period: read the totals, decide whether they changed since the
 * last revision, and if so render and write revision n+1 (never touching revision n) and notify
 * the bureau. Running it again with unchanged data writes nothing (but a notice an earlier run
 * failed to send), so a retry is always safe.
 */
export function createReportPublisher(deps: ReportPublisherDeps): ReportPublisher {
  const history = async (park: string, period: string): Promise<ParkReport[]> => {
    const reports = await Promise.all(historyPeriods(period).map((p) => deps.totals.get(park, p)));
    return reports.filter((r): r is ParkReport => r !== null);
  };

  /** Sends the bureau the notice of one revision and records it; false when no topic is configured. */
  const notify = async (
    park: Park,
    report: ParkReport,
    revision: RevisionRecord,
    keys: RevisionObjectKeys,
  ): Promise<boolean> => {
    const links = await deps.notifier.links([keys.json, keys.csv, keys.xlsx, keys.html], deps.now());
    const notice = composeBureauNotice({
      report,
      parkName: park.name,
      concentrationBasis: park.concentration_basis,
      revision,
      links,
    });
    if (!(await deps.notifier.notify(notice.subject, notice.message))) return false;
    await deps.store.recordNotice(park.id, report.period, revision.number, {
      subject: notice.subject,
      sentAt: deps.now().toISOString(),
    });
    return true;
  };

  return {
    async publish(park, period) {
      const report = await deps.totals.get(park.id, period);
      if (report === null) return { status: 'no-totals', park: park.id, period };

      const { year } = periodParts(period);
      const [previous, thisYear, lastYear, register, countyTotals] = await Promise.all([
        deps.store.latest(park.id, period),
        deps.facts.factsOfYear(park.id, year),
        deps.facts.factsOfYear(park.id, year - 1),
        deps.facts.register(park.id),
        deps.facts.countyTotals(park.id),
      ]);
      const sources = revisionSources(period, [...thisYear, ...lastYear], { register, countyTotals });
      const publishedAt = deps.now().toISOString();
      const decision = decideRevision(
        previous && {
          revision: previous.metadata.revision,
          contentHash: previous.metadata.contentHash,
          report: previous.report,
        },
        report,
        {
          causes: revisionCauses(previous?.metadata.sources ?? null, sources),
          publishedAt,
          concentrationBasis: park.concentration_basis,
        },
      );
      if (decision.kind === 'unchanged') {
        const keys = revisionObjectKeys(park.id, period, decision.revision);
        const latest = previous?.metadata.log.at(-1);
        // A run that published but failed to notify (SNS down) is retried; its notice goes out now.
        const notified =
          previous !== null && !previous.noticeSent && latest !== undefined
            ? await notify(park, previous.report, latest, keys)
            : false;
        return { status: 'unchanged', park: park.id, period, revision: decision.revision, keys, notified };
      }

      const periodFacts = thisYear.filter((f) => f.period === period);
      const names = new Map(register?.entries.map((e) => [e.uscc, e.name]));
      const missing: MissingEnterprise[] = report.enterprises.missing.map((uscc) => ({
        uscc,
        name: names.get(uscc) ?? '',
      }));
      const earlierRevisions = previous?.metadata.log ?? [];
      const files = await renderReportFiles({
        report,
        parkName: park.name,
        concentrationBasis: park.concentration_basis,
        history: await history(park.id, period),
        revision: decision.record,
        earlierRevisions,
        missing,
        openWarnings: await openWarnings(deps.warnings, periodFacts),
      });
      const keys = await deps.store.publish(park.id, period, files, {
        revision: decision.record.number,
        contentHash: decision.contentHash,
        log: [...earlierRevisions, decision.record],
        sources,
      });

      const notified = await notify(park, report, decision.record, keys);
      return {
        status: 'published',
        park: park.id,
        period,
        revision: decision.record.number,
        keys,
        changes: decision.record.changes,
        causes: decision.record.causes,
        notified,
      };
    },
  };
}
