import type { FactItem, RegisterItem } from '../../schemas/facts.js';

/**
 * The uploads behind a publication: one entry per stored item the report's figures depend on
 * (each fact of months 1..m of the period's year and of the year before, the register, the
 * county totals), valued `{source_key}@{sequencer}`. Kept with each revision, so that the next
 * revision can name the uploads that changed its figures.
 */
export type RevisionSources = Record<string, string>;

interface Sourced {
  source_key: string;
  source_sequencer: string;
}

const stamp = (item: Sourced) => `${item.source_key}@${item.source_sequencer}`;
const keyOf = (value: string) => value.slice(0, value.lastIndexOf('@'));

/** Months 1..m of the period's year and of the previous year feed the year-to-date figures and their growth base. */
function feedsPeriod(factPeriod: string, period: string): boolean {
  const year = Number(period.slice(0, 4));
  const factYear = Number(factPeriod.slice(0, 4));
  return (factYear === year || factYear === year - 1) && factPeriod.slice(5) <= period.slice(5);
}

export function revisionSources(
  period: string,
  facts: readonly FactItem[],
  references: { register: RegisterItem | null; countyTotals: Sourced | null },
): RevisionSources {
  const sources: RevisionSources = {};
  for (const fact of facts) {
    if (feedsPeriod(fact.period, period)) sources[`${fact.period}#${fact.uscc}`] = stamp(fact);
  }
  if (references.register !== null) sources['reference#enterprises'] = stamp(references.register);
  if (references.countyTotals !== null) sources['reference#county-totals'] = stamp(references.countyTotals);
  return sources;
}

/**
 * The upload keys that explain the difference between two publications: the source of every
 * item that is new or came from another upload (a late upload, a correction), and the former
 * source of every item that is gone (a deleted upload retracts its facts). Sorted, distinct.
 * A first publication (`previous` null) revises nothing, so it has no causes: its uploads are
 * all of them, kept in the sources rather than listed in the bureau's revision log.
 */
export function revisionCauses(previous: RevisionSources | null, next: RevisionSources): string[] {
  if (previous === null) return [];
  const causes = new Set<string>();
  const before = previous;
  for (const [item, source] of Object.entries(next)) {
    if (before[item] !== source) causes.add(keyOf(source));
  }
  for (const [item, source] of Object.entries(before)) {
    if (!(item in next)) causes.add(keyOf(source));
  }
  return [...causes].sort();
}
