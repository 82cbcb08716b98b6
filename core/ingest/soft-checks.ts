import type { EnterpriseRow } from '../../schemas/enterprise-row.js';
import type { Finding } from '../../schemas/finding.js';
import type { Yuan } from '../../schemas/money.js';
import { Decimal, growthPercent, percent, roundHalfUp } from '../money.js';
import { compareCanonicalYuan } from './amounts.js';
import { type EnterpriseField, MEASURES } from './enterprise-columns.js';
import { FindingList } from './findings.js';
import { type FindingParams, finding, type RuleId } from './rules.js';

/** The headers as written in the file, by field; a warning names the column the statistician sees. */
export type ColumnHeaders = Partial<Record<EnterpriseField, string>>;

/** The three amounts of one enterprise and period, from stored facts. */
export interface StoredAmounts {
  output: string;
  value_added: string;
  tax_paid: string;
}

/** Stored facts the soft rules compare against (the ingest Lambda builds it from the facts table). */
export interface RowHistory {
  priorYear(uscc: string, period: string): StoredAmounts | undefined;
  previousMonth(uscc: string, period: string): StoredAmounts | undefined;
}

type Measure = (typeof MEASURES)[number];

/**
 * Two canonical 元 strings as digit strings of one scale ("12.5", "3" → "125", "30"), so that
 * a threshold test is an integer comparison like 2·current > 3·base.
 */
function sameScale(a: Yuan, b: Yuan): [string, string] {
  const pointA = a.indexOf('.');
  const pointB = b.indexOf('.');
  const decimalsA = pointA === -1 ? 0 : a.length - pointA - 1;
  const decimalsB = pointB === -1 ? 0 : b.length - pointB - 1;
  const decimals = Math.max(decimalsA, decimalsB);
  const digitsA = pointA === -1 ? a : a.slice(0, pointA) + a.slice(pointA + 1);
  const digitsB = pointB === -1 ? b : b.slice(0, pointB) + b.slice(pointB + 1);
  return [digitsA + '0'.repeat(decimals - decimalsA), digitsB + '0'.repeat(decimals - decimalsB)];
}

/**
 * Whole numbers of up to 14 digits times the factors used here (≤ 20) stay below 2^53, where a
 * double holds every integer exactly: the common case (万元 with two decimals is a whole number
 * of 元) is compared as such, anything else as BigInt. Either way the answer is exact — integer
 * arithmetic, never a fraction in binary floating point.
 */
const EXACT_IN_DOUBLE_DIGITS = 14;

/** The amount as a number when it is a whole number of 元 with at most 14 digits (exact), else null. */
function wholeYuan(amount: Yuan): number | null {
  if (amount.length > EXACT_IN_DOUBLE_DIGITS) return null;
  // Digit by digit: cheaper than Number(string) for the millions of amounts a file may hold.
  let value = 0;
  for (let i = 0; i < amount.length; i += 1) {
    const digit = amount.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return null;
    value = value * 10 + digit;
  }
  return value;
}

/** factorA·a > factorB·b for two canonical 元 amounts, exactly; `wholeA`/`wholeB` from `wholeYuan`. */
function timesExceeds(
  factorA: number,
  a: Yuan,
  wholeA: number | null,
  factorB: number,
  b: Yuan,
  wholeB: number | null,
): boolean {
  if (wholeA !== null && wholeB !== null) return factorA * wholeA > factorB * wholeB;
  const [digitsA, digitsB] = sameScale(a, b);
  return BigInt(factorA) * BigInt(digitsA) > BigInt(factorB) * BigInt(digitsB);
}

/** |current / base − 1| > 50 %  ⇔  2·current > 3·base or base > 2·current. */
function yoyBeyondHalf(current: Yuan, base: Yuan): boolean {
  const c = wholeYuan(current);
  const b = wholeYuan(base);
  return timesExceeds(2, current, c, 3, base, b) || timesExceeds(1, base, b, 2, current, c);
}

function warn(rule: RuleId, row: EnterpriseRow, column: string | null, params: FindingParams = {}): Finding {
  const item = finding(rule, row.row, column, params);
  // A warning the row already explains stays listed, marked as explained (DESIGN: until a 情况说明 answers it).
  return row.note === null ? item : { ...item, note: row.note };
}

/** The YoY warning when |current / base − 1| > 50 %. */
function yoyWarning(
  row: EnterpriseRow,
  measure: Measure,
  base: string,
  headers: ColumnHeaders,
): Finding | null {
  if (base === '0') return null; // an explicit 0 base is a new plant: growth is not defined, nothing to verify
  if (!yoyBeyondHalf(row[measure.field], base)) return null;
  const pct = growthPercent(new Decimal(row[measure.field]), new Decimal(base), 1) ?? 0;
  return warn('growth.yoy', row, headers[measure.field] ?? measure.zh, {
    measure: measure.zh,
    measure_en: measure.en,
    direction: pct >= 0 ? '增长' : '下降',
    pct: Math.abs(pct).toFixed(1),
    pct_signed: `${pct >= 0 ? '+' : ''}${pct.toFixed(1)}`,
  });
}

/**
 * The soft rules that need nothing but the row (核实性审核): value-added ratio outside 5–60 %,
 * tax above value added, and |YoY| > 50 % against the 上年同期 figures the row reports.
 */
export function rowWarnings(row: EnterpriseRow, headers: ColumnHeaders): Finding[] {
  const found: Finding[] = [];
  if (row.output !== '0') {
    const output = wholeYuan(row.output);
    const valueAdded = wholeYuan(row.value_added);
    // 5 % ≤ va/output ≤ 60 %  ⇔  output ≤ 20·va and 5·va ≤ 3·output.
    if (
      timesExceeds(1, row.output, output, 20, row.value_added, valueAdded) ||
      timesExceeds(5, row.value_added, valueAdded, 3, row.output, output)
    ) {
      const pct = percent(new Decimal(row.value_added), new Decimal(row.output), 1) ?? 0;
      found.push(warn('ratio.value_added', row, headers.value_added ?? null, { pct: pct.toFixed(1) }));
    }
  }
  if (compareCanonicalYuan(row.tax_paid, row.value_added) > 0) {
    found.push(warn('tax.exceeds_value_added', row, headers.tax_paid ?? null));
  }
  for (const measure of MEASURES) {
    const base = row[measure.prev];
    if (base === null) continue;
    const item = yoyWarning(row, measure, base, headers);
    if (item !== null) found.push(item);
  }
  return found;
}

/**
 * The soft rules that need stored facts, for one row: no prior-year base (neither reported
 * nor stored), |YoY| > 50 % against the stored prior-year fact (when the row reports none),
 * and a month-on-month swing beyond 3× against the previous month's fact.
 */
export function rowHistoryWarnings(
  row: EnterpriseRow,
  history: RowHistory,
  headers: ColumnHeaders = {},
): Finding[] {
  const found: Finding[] = [];
  const prior = history.priorYear(row.uscc, row.period);
  const missing: Measure[] = [];
  for (const measure of MEASURES) {
    if (row[measure.prev] !== null) continue;
    if (prior === undefined) {
      missing.push(measure);
      continue;
    }
    const item = yoyWarning(row, measure, prior[measure.field], headers);
    if (item !== null) found.push(item);
  }
  if (missing.length > 0) {
    found.push(
      warn('growth.no_base', row, null, {
        measures: missing.map((m) => m.zh).join('、'),
        measures_en: missing.map((m) => m.en.toLowerCase()).join(', '),
      }),
    );
  }
  const previous = history.previousMonth(row.uscc, row.period);
  if (previous !== undefined) {
    for (const measure of MEASURES) {
      if (row[measure.field] === '0' || previous[measure.field] === '0') continue;
      const current = row[measure.field];
      const before = previous[measure.field];
      const c = wholeYuan(current);
      const b = wholeYuan(before);
      if (!timesExceeds(1, current, c, 3, before, b) && !timesExceeds(1, before, b, 3, current, c)) continue;
      const ratio = new Decimal(row[measure.field]).div(new Decimal(previous[measure.field]));
      found.push(
        warn('growth.mom', row, headers[measure.field] ?? measure.zh, {
          measure: measure.zh,
          measure_en: measure.en,
          ratio: roundHalfUp(ratio, 2),
        }),
      );
    }
  }
  return found;
}

/**
 * The history warnings of rows read earlier, for a caller that reads the file first and
 * queries stored facts afterwards (the ingest Lambda). Capped like the reader's findings.
 */
export function historyWarnings(
  rows: readonly EnterpriseRow[],
  history: RowHistory,
  headers: ColumnHeaders = {},
): Finding[] {
  const list = new FindingList();
  for (const row of rows) list.addAll(rowHistoryWarnings(row, history, headers));
  return list.warnings();
}
