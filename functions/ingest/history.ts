import type { RowHistory, StoredAmounts } from '../../core/ingest/read-enterprise-file.js';
import type { EnterpriseRow } from '../../schemas/enterprise-row.js';
import type { FactItem } from '../../schemas/facts.js';

/** The period `months` before `period` ("2017-01", 1 → "2016-12"). */
export function shiftPeriod(period: string, months: number): string {
  const index = Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7)) - 1 - months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * The stored enterprise-periods the history rules need for these rows: the same month a
 * year earlier and the month before, unless the file itself carries them.
 */
export function historyKeys(fileRows: readonly EnterpriseRow[]): { period: string; uscc: string }[] {
  const inFile = new Set(fileRows.map((row) => `${row.period}#${row.uscc}`));
  const wanted = new Map<string, { period: string; uscc: string }>();
  for (const row of fileRows) {
    for (const period of [shiftPeriod(row.period, 12), shiftPeriod(row.period, 1)]) {
      const id = `${period}#${row.uscc}`;
      if (!inFile.has(id)) wanted.set(id, { period, uscc: row.uscc });
    }
  }
  return [...wanted.values()];
}

/**
 * What the soft rules that need history compare a row with: the enterprise's figures a
 * year and a month earlier. Rows of the file being ingested win over stored facts, since
 * the file replaces them (an office file can carry both 2016-11 and 2017-11).
 */
export function factHistory(stored: Iterable<FactItem>, fileRows: readonly EnterpriseRow[]): RowHistory {
  const byKey = new Map<string, StoredAmounts>();
  for (const fact of stored) byKey.set(`${fact.period}#${fact.uscc}`, fact);
  for (const row of fileRows) byKey.set(`${row.period}#${row.uscc}`, row);
  const at = (uscc: string, period: string) => {
    const found = byKey.get(`${period}#${uscc}`);
    return found && { output: found.output, value_added: found.value_added, tax_paid: found.tax_paid };
  };
  return {
    priorYear: (uscc, period) => at(uscc, shiftPeriod(period, 12)),
    previousMonth: (uscc, period) => at(uscc, shiftPeriod(period, 1)),
  };
}
