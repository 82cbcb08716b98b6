import type { EnterpriseRow } from '../../schemas/enterprise-row.js';
import { parseIndustryCode, sectionOfDivision } from './fields.js';
import type { RecordFields } from './record-fields.js';
import type { RowKeySet } from './row-key-set.js';
import { readUsccAt, UsccKey } from './uscc.js';

/** Where the columns of a file are (-1 when it has none) and what its amount columns hold. */
export interface PlainRowLayout {
  readonly width: number;
  readonly uscc: number;
  readonly name: number;
  readonly period: number;
  readonly aboveScale: number;
  readonly industryCode: number;
  readonly note: number;
  /** Each amount column: its index, its slot in AMOUNT_FIELDS, the power of ten of its header unit. */
  readonly amounts: readonly { readonly index: number; readonly slot: number; readonly scale: number }[];
  readonly unnamed: readonly number[];
  readonly boundUscc: string | undefined;
  /** "YYYY-MM" of now, China time. */
  readonly currentPeriod: string;
}

/**
 * Below this a whole number of 元 times the factors of the soft rules (≤ 20) stays exact in a
 * double (2^53 ≈ 9·10^15), so amounts are compared as numbers.
 */
const MAX_PLAIN_YUAN = 1e14;
const POWERS_OF_TEN = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8];
/** `plainYuan`: an empty cell. */
const EMPTY = -1;
/** `plainYuan`: anything the plain path does not read; the full check decides. */
const UNUSUAL = -2;
const REQUIRED_SLOTS = 3;
/** 是 and 否 of 是否规上. */
const YES = 0x662f;
const NO = 0x5426;

/**
 * An amount cell "1234", "1234.5" or "1,234.56" (groups of three, as Excel writes "#,##0.00")
 * as a whole number of 元 below MAX_PLAIN_YUAN; EMPTY, or UNUSUAL for anything else (spaces,
 * full-width digits, signs, more decimals than the unit has places, a huge value).
 */
function plainYuan(text: string, from: number, to: number, scale: number): number {
  if (from === to) return EMPTY;
  // Most cells are digits, maybe a point and more digits: read those in two tight loops, and
  // leave anything else (a separator, a stray character) to the general reading below.
  let mantissa = 0;
  let at = from;
  let code = 0;
  for (; at < to; at += 1) {
    code = text.charCodeAt(at);
    if (code < 48 || code > 57) break;
    mantissa = mantissa * 10 + code - 48;
  }
  let decimals = 0;
  let digits = at - from;
  if (at < to && code === 46 && at !== from) {
    const point = at;
    for (at += 1; at < to; at += 1) {
      code = text.charCodeAt(at);
      if (code < 48 || code > 57) break;
      mantissa = mantissa * 10 + code - 48;
    }
    decimals = at - point - 1;
    digits += decimals;
  }
  if (at === to) {
    if (decimals > scale || digits > 15) return UNUSUAL;
    const yuan = mantissa * (POWERS_OF_TEN[scale - decimals] ?? 0);
    return yuan < MAX_PLAIN_YUAN ? yuan : UNUSUAL;
  }
  return groupedYuan(text, from, to, scale);
}

/** `plainYuan` for a cell its fast loops do not cover, read character by character. */
function groupedYuan(text: string, from: number, to: number, scale: number): number {
  let mantissa = 0;
  let digits = 0;
  let point = -1;
  let group = 0;
  let grouped = false;
  for (let at = from; at < to; at += 1) {
    const code = text.charCodeAt(at);
    if (code >= 48 && code <= 57) {
      mantissa = mantissa * 10 + code - 48;
      digits += 1;
      group += 1;
    } else if (code === 46 && point === -1 && at !== from && (!grouped || group === 3)) {
      point = digits;
    } else if (code === 44 && point === -1 && at !== from && (grouped ? group === 3 : group <= 3)) {
      grouped = true;
      group = 0;
    } else {
      return UNUSUAL;
    }
  }
  if (grouped && point === -1 && group !== 3) return UNUSUAL;
  const decimals = point === -1 ? 0 : digits - point;
  if (decimals > scale || digits > 15) return UNUSUAL;
  const yuan = mantissa * (POWERS_OF_TEN[scale - decimals] ?? 0);
  return yuan < MAX_PLAIN_YUAN ? yuan : UNUSUAL;
}

/** The digit at `at`, or -100 for any other character (so that a number made with it goes negative). */
function digitAt(text: string, at: number): number {
  const value = text.charCodeAt(at) - 48;
  return value >= 0 && value <= 9 ? value : -100;
}

/** A character `trim()` never removes and no formula starts with: the text needs neither trimming nor a closer look. */
function isSolid(code: number): boolean {
  return (code > 32 && code < 127) || (code > 0x3000 && code !== 0xfeff);
}

function isFormulaStart(code: number): boolean {
  return code === 61 || code === 43 || code === 45 || code === 64;
}

/**
 * The check of an enterprise row in its common form, read by character code from the record
 * with no string per cell: every cell in canonical form (USCC, "YYYY-MM", plain amounts in the
 * header's unit, 是/否, "C2021"), no hard error, not a duplicate. `check` says whether the
 * row is such a row; when it is not, nothing has changed and the full check (which names
 * every problem) reads it instead. So this path decides only what the full check would
 * accept, and never words a finding.
 */
export class PlainRowCheck {
  /** The amounts of the last row `check` accepted, in 元, indexed like AMOUNT_FIELDS; NaN = not given. */
  readonly yuan = new Float64Array(6).fill(Number.NaN);
  /** The period of the last row `check` accepted, as months since January 2000. */
  month = 0;
  readonly #layout: PlainRowLayout;
  readonly #seen: RowKeySet;
  readonly #currentMonth: number;
  readonly #periods: string[] = [];
  readonly #key = new UsccKey();

  constructor(layout: PlainRowLayout, seen: RowKeySet) {
    this.#layout = layout;
    this.#seen = seen;
    const current = layout.currentPeriod;
    this.#currentMonth = (Number(current.slice(0, 4)) - 2000) * 12 + Number(current.slice(5, 7)) - 1;
  }

  /** True when the row passed every hard check and its key is recorded for the duplicate rule. */
  check(record: RecordFields, row: number): boolean {
    const layout = this.#layout;
    if (record.count !== layout.width) return false;
    for (const index of layout.unnamed) if (record.start(index) !== record.end(index)) return false;
    const text = record.text;

    const usccAt = record.start(layout.uscc);
    const key = this.#key;
    if (record.end(layout.uscc) - usccAt !== 18 || !readUsccAt(text, usccAt, key)) return false;
    const bound = layout.boundUscc;
    if (bound !== undefined && !text.startsWith(bound, usccAt)) return false;

    if (!this.#isPlainText(record, layout.name, false)) return false;
    const month = this.#month(record);
    if (month < 0 || month > this.#currentMonth) return false;
    if (!this.#readAmounts(record)) return false;
    if (!this.#isPlainChoice(record)) return false;
    if (!this.#isPlainIndustryCode(record)) return false;
    if (!this.#isPlainText(record, layout.note, true)) return false;

    if (this.#seen.addOrGetKey(key.prefix, key.organization, month, row) !== undefined) return false;
    this.month = month;
    return true;
  }

  /** The "YYYY-MM" of a month index, one string per month however many rows carry it. */
  period(month: number): string {
    let period = this.#periods[month];
    if (period === undefined) {
      const year = 2000 + Math.floor(month / 12);
      period = `${year}-${String((month % 12) + 1).padStart(2, '0')}`;
      this.#periods[month] = period;
    }
    return period;
  }

  /**
   * False when none of the soft rules `rowWarnings` applies can fire for the last accepted
   * row (the same inequalities, on exact whole numbers), so it need not be built for them.
   */
  mayWarn(): boolean {
    const yuan = this.yuan;
    const output = yuan[0] ?? 0;
    const valueAdded = yuan[1] ?? 0;
    const taxPaid = yuan[2] ?? 0;
    if (output !== 0 && (output > 20 * valueAdded || 5 * valueAdded > 3 * output)) return true;
    if (taxPaid > valueAdded) return true;
    for (let slot = 0; slot < REQUIRED_SLOTS; slot += 1) {
      const current = yuan[slot] ?? 0;
      const base = yuan[slot + REQUIRED_SLOTS] ?? Number.NaN;
      if (Number.isNaN(base) || base === 0) continue;
      if (2 * current > 3 * base || base > 2 * current) return true;
    }
    return false;
  }

  /** The last accepted row as the EnterpriseRow the full check would have made of it. */
  toRow(record: RecordFields, row: number): EnterpriseRow {
    const layout = this.#layout;
    const yuan = this.yuan;
    const note = record.field(layout.note);
    return {
      row,
      uscc: record.field(layout.uscc),
      name: record.field(layout.name),
      period: this.period(this.month),
      output: String(yuan[0]),
      value_added: String(yuan[1]),
      tax_paid: String(yuan[2]),
      output_prev: yuanOrNull(yuan[3]),
      value_added_prev: yuanOrNull(yuan[4]),
      tax_paid_prev: yuanOrNull(yuan[5]),
      above_scale:
        record.start(layout.aboveScale) === record.end(layout.aboveScale) ||
        record.text.charCodeAt(record.start(layout.aboveScale)) === YES,
      industry_code: parseIndustryCode(record.field(layout.industryCode)) ?? null,
      note: note === '' ? null : note,
    };
  }

  /** A name or note with no edge to trim and no formula start; `optional` lets it be empty (or absent). */
  #isPlainText(record: RecordFields, index: number, optional: boolean): boolean {
    if (index < 0) return optional;
    const start = record.start(index);
    const end = record.end(index);
    if (start === end) return optional;
    const first = record.text.charCodeAt(start);
    return isSolid(first) && !isFormulaStart(first) && isSolid(record.text.charCodeAt(end - 1));
  }

  /** The canonical "20YY-MM" period as months since January 2000, or -1. */
  #month(record: RecordFields): number {
    const index = this.#layout.period;
    if (index < 0) return -1;
    const at = record.start(index);
    if (record.end(index) - at !== 7) return -1;
    const text = record.text;
    if (text.charCodeAt(at) !== 50 || text.charCodeAt(at + 1) !== 48 || text.charCodeAt(at + 4) !== 45)
      return -1;
    const year = digitAt(text, at + 2) * 10 + digitAt(text, at + 3);
    const month = digitAt(text, at + 5) * 10 + digitAt(text, at + 6);
    if (year < 0 || month < 1 || month > 12) return -1;
    return year * 12 + month - 1;
  }

  /** Reads the amounts into `yuan`; false when one is not plain or a required one is empty, or value added exceeds output. */
  #readAmounts(record: RecordFields): boolean {
    const yuan = this.yuan;
    const text = record.text;
    // Every slot of a column the file has is written: those of absent columns stay NaN.
    for (const column of this.#layout.amounts) {
      const value = plainYuan(text, record.start(column.index), record.end(column.index), column.scale);
      if (value === UNUSUAL || (value === EMPTY && column.slot < REQUIRED_SLOTS)) return false;
      yuan[column.slot] = value === EMPTY ? Number.NaN : value;
    }
    return !((yuan[1] ?? 0) > (yuan[0] ?? 0));
  }

  /** 是否规上 empty, 是 or 否. */
  #isPlainChoice(record: RecordFields): boolean {
    const index = this.#layout.aboveScale;
    if (index < 0) return true;
    const start = record.start(index);
    const length = record.end(index) - start;
    if (length === 0) return true;
    const code = record.text.charCodeAt(start);
    return length === 1 && (code === YES || code === NO);
  }

  /** 行业代码 empty, or a section letter and 2–4 digits whose division lies in that section. */
  #isPlainIndustryCode(record: RecordFields): boolean {
    const index = this.#layout.industryCode;
    if (index < 0) return true;
    const start = record.start(index);
    const end = record.end(index);
    if (start === end) return true;
    if (end - start < 3 || end - start > 5) return false;
    const text = record.text;
    for (let at = start + 1; at < end; at += 1) {
      const code = text.charCodeAt(at);
      if (code < 48 || code > 57) return false;
    }
    const division = (text.charCodeAt(start + 1) - 48) * 10 + text.charCodeAt(start + 2) - 48;
    return sectionOfDivision(division) === text.charAt(start);
  }
}

function yuanOrNull(value: number | undefined): string | null {
  return value === undefined || Number.isNaN(value) ? null : String(value);
}
