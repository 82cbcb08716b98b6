import { createHash } from 'node:crypto';
import type { ParkReport } from '../../schemas/report.js';
import type { ConcentrationBasis } from '../report-render/bureau-table.js';
import { diffReports } from './diff-reports.js';
import type { RevisionRecord } from './revision-record.js';

/** What the report handler keeps of the latest publication of a period. */
export interface PublishedRevision {
  revision: number;
  contentHash: string;
  report: ParkReport;
}

export type RevisionDecision =
  | { kind: 'publish'; record: RevisionRecord; contentHash: string }
  | { kind: 'unchanged'; revision: number };

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/**
 * SHA-256 of the report's content: every field but the bookkeeping ones (`revision`, the
 * totals' own counter, and `computed_at`), with keys sorted, so a recompute that reproduces
 * the same facts hashes the same and a change of any exact sum does not.
 */
export function reportContentHash(report: ParkReport): string {
  const { revision: _revision, computed_at: _computedAt, ...content } = report;
  return createHash('sha256')
    .update(JSON.stringify(canonical(content)))
    .digest('hex');
}

export interface RevisionContext {
  /** Upload keys whose facts changed the period since the last publication (the "why"), from the caller. */
  causes: string[];
  publishedAt: string;
  concentrationBasis: ConcentrationBasis;
}

/**
 * Freeze and revise: the first publication of a period is revision 1; a later run publishes
 * revision n+1 only if the content changed, listing what changed and which uploads caused it;
 * otherwise nothing is published and revision n stands. Nothing published is overwritten:
 * each revision gets its own keys (see `revisionObjectKeys`).
 */
export function decideRevision(
  previous: PublishedRevision | null,
  next: ParkReport,
  context: RevisionContext,
): RevisionDecision {
  const contentHash = reportContentHash(next);
  if (previous === null) {
    return {
      kind: 'publish',
      contentHash,
      record: { number: 1, publishedAt: context.publishedAt, changes: [], causes: context.causes },
    };
  }
  if (previous.contentHash === contentHash) return { kind: 'unchanged', revision: previous.revision };
  return {
    kind: 'publish',
    contentHash,
    record: {
      number: previous.revision + 1,
      publishedAt: context.publishedAt,
      changes: diffReports(previous.report, next, context.concentrationBasis),
      causes: context.causes,
    },
  };
}
