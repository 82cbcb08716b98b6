import type { EnterpriseRow } from '../../schemas/enterprise-row.js';
import {
  compareCanonicalYuan,
  parseAmount,
  parseUnit,
  plainAmountToYuan,
  UNIT_SCALES,
  type UnitName,
} from './amounts.js';
import { type MappedColumn, mapHeader } from './columns.js';
import {
  AMOUNT_FIELDS,
  type AmountField,
  ENTERPRISE_COLUMNS,
  type EnterpriseField,
} from './enterprise-columns.js';
import { currentPeriod, formulaPrefix, parseAboveScale, parseIndustryCode, parsePeriod } from './fields.js';
import type { FindingList } from './findings.js';
import { PlainRowCheck } from './plain-row.js';
import type { RecordFields } from './record-fields.js';
import { RowKeySet } from './row-key-set.js';
import { finding, type RuleId } from './rules.js';
import { type ColumnHeaders, type RowHistory, rowHistoryWarnings, rowWarnings } from './soft-checks.js';
import { USCC_PATTERN, usccCheckChar } from './uscc.js';

export interface EnterpriseFileCheckOptions {
  /** The USCC every row must carry (the enterprise of an uploads/{park}/{uscc}/… key). */
  boundUscc?: string;
  now: Date;
  history?: RowHistory;
  onRow?: (row: EnterpriseRow) => void;
}

const AMOUNT_PROBLEM_RULE: Readonly<Record<string, RuleId>> = {
  empty: 'amount.required',
  unparsable: 'amount.unparsable',
  scientific: 'amount.scientific',
  negative: 'amount.negative',
  too_large: 'amount.too_large',
};

interface AmountColumn {
  readonly field: AmountField;
  /** Position in AMOUNT_FIELDS and in the per-row value array. */
  readonly slot: number;
  readonly index: number;
  readonly header: string;
  readonly headerUnit: UnitName | null;
  readonly required: boolean;
}

/** The columns read as text, whose positions are looked up for every row. */
const TEXT_FIELDS = ['uscc', 'name', 'period', 'above_scale', 'industry_code', 'note'] as const;
type TextField = (typeof TEXT_FIELDS)[number];

function isTextField(field: EnterpriseField): field is TextField {
  return (TEXT_FIELDS as readonly string[]).includes(field);
}

function isBlank(fields: readonly string[]): boolean {
  for (const field of fields) if (field.trim() !== '') return false;
  return true;
}

/**
 * Validates an enterprise monthly file record by record, hand-written for speed (a zod parse
 * per row would cost several times the whole parse; tests check every emitted row against
 * `EnterpriseRowSchema`). The first non-blank record is the header; later blank records are
 * skipped and not counted. Findings go to the shared list; rows that pass every hard check
 * go to `onRow` with their soft warnings recorded.
 *
 * A row in canonical form is first tried on the plain path (plain-row.ts), which reads it by
 * character code and builds no row object unless `onRow`, a history or a soft warning needs
 * one; any other row, and every row with a problem, is read here cell by cell.
 */
export class EnterpriseFileCheck {
  /** Data rows read (blank lines not counted). */
  rows = 0;
  /** Set when the header leaves nothing to check in the rows: the caller stops reading. */
  stopped = false;
  readonly periods = new Set<string>();
  readonly units = new Set<UnitName>();
  readonly headers: ColumnHeaders = {};

  readonly #findings: FindingList;
  readonly #options: EnterpriseFileCheckOptions;
  readonly #currentPeriod: string;
  readonly #seen = new RowKeySet();
  #headerRow = 0;
  #width = 0;
  #columns = new Map<EnterpriseField, MappedColumn<EnterpriseField>>();
  /**
   * Position of each text column in a record, -1 when the file has none: an object of fixed
   * shape read with constant names, because a lookup per cell per row must be cheap.
   */
  readonly #at: Record<TextField, number> = {
    uscc: -1,
    name: -1,
    period: -1,
    above_scale: -1,
    industry_code: -1,
    note: -1,
  };
  #amounts: AmountColumn[] = [];
  /** Null until the header is read, and for a file the plain path cannot read (units not all in the header). */
  #plain: PlainRowCheck | null = null;
  /** 1 for each month (since January 2000) already in `periods`. */
  readonly #monthsSeen = new Uint8Array(101 * 12);
  #unnamed: readonly number[] = [];
  /** The current row's amounts in 元, indexed like AMOUNT_FIELDS; reused from row to row. */
  readonly #values: (string | null)[] = AMOUNT_FIELDS.map(() => null);
  /** False when some amount column has no unit: amounts are still checked for syntax, never compared. */
  #unitsKnown = true;

  constructor(findings: FindingList, options: EnterpriseFileCheckOptions) {
    this.#findings = findings;
    this.#options = options;
    this.#currentPeriod = currentPeriod(options.now);
  }

  /** Feeds one CSV record with its spreadsheet row; false once there is nothing more to check (a `RecordSink`). */
  record(row: number, record: RecordFields): boolean {
    this.#take(row, record);
    return !this.stopped;
  }

  /** `record` for the file's first record (a `RecordSink`): the header, unless the line is blank. */
  first(row: number, record: RecordFields): boolean {
    this.#takeHeader(row, record);
    return !this.stopped;
  }

  #take(row: number, record: RecordFields): void {
    if (this.#headerRow === 0) {
      this.#takeHeader(row, record);
      return;
    }
    const plain = this.#plain;
    if (plain?.check(record, row)) {
      this.rows += 1;
      this.#plainRow(plain, record, row);
      return;
    }
    const fields = record.toArray();
    const first = fields[this.#at.uscc] ?? '';
    if (first.trim() === '' && isBlank(fields)) return;
    this.rows += 1;
    this.#row(row, fields);
  }

  #takeHeader(row: number, record: RecordFields): void {
    const cells = record.toArray();
    if (!isBlank(cells)) this.#header(row, cells);
  }

  /** The bookkeeping of a row the plain path accepted: its period, soft warnings and `onRow`. */
  #plainRow(plain: PlainRowCheck, record: RecordFields, row: number): void {
    if (this.#monthsSeen[plain.month] !== 1) {
      this.#monthsSeen[plain.month] = 1;
      this.periods.add(plain.period(plain.month));
    }
    const { history, onRow } = this.#options;
    if (onRow === undefined && history === undefined && !plain.mayWarn()) return;
    this.#accept(plain.toRow(record, row));
  }

  /** Closing checks once the input is exhausted (an empty file, a header alone). */
  finish(): void {
    if (this.stopped) return;
    if (this.#headerRow === 0) this.#findings.add(finding('file.empty', null, null));
    else if (this.rows === 0) this.#findings.add(finding('file.no_rows', null, null));
  }

  #header(row: number, fields: string[]): void {
    this.#headerRow = row;
    this.#width = fields.length;
    const mapping = mapHeader(fields, ENTERPRISE_COLUMNS, row);
    this.#findings.addAll(mapping.findings);
    this.#columns = new Map(mapping.columns);
    this.#unnamed = mapping.unnamed;
    for (const [field, column] of this.#columns) {
      this.headers[field] = column.header;
      if (isTextField(field)) this.#at[field] = column.index;
    }
    if (mapping.findings.some((f) => f.rule === 'column.missing')) {
      this.stopped = true;
      return;
    }
    const hasUnitColumn = this.#columns.has('unit');
    for (const [slot, field] of AMOUNT_FIELDS.entries()) {
      const column = this.#columns.get(field);
      if (column === undefined) continue;
      this.#amounts.push({
        field,
        slot,
        index: column.index,
        header: column.header,
        headerUnit: column.unit,
        required: field === 'output' || field === 'value_added' || field === 'tax_paid',
      });
      if (column.unit !== null) this.units.add(column.unit);
      else if (!hasUnitColumn) this.#unitsKnown = false;
    }
    if (!this.#unitsKnown) this.#findings.add(finding('file.no_unit', row, null));
    else if (!hasUnitColumn) this.#plain = this.#plainRowCheck();
  }

  /** The plain path for a file whose amount units all come from the header. */
  #plainRowCheck(): PlainRowCheck {
    const at = this.#at;
    return new PlainRowCheck(
      {
        width: this.#width,
        uscc: at.uscc,
        name: at.name,
        period: at.period,
        aboveScale: at.above_scale,
        industryCode: at.industry_code,
        note: at.note,
        amounts: this.#amounts.map((column) => ({
          index: column.index,
          slot: column.slot,
          scale: column.headerUnit === null ? 0 : UNIT_SCALES[column.headerUnit],
        })),
        unnamed: this.#unnamed,
        boundUscc: this.#options.boundUscc,
        currentPeriod: this.#currentPeriod,
      },
      this.#seen,
    );
  }

  #error(
    rule: RuleId,
    row: number,
    field: EnterpriseField | null,
    params: Record<string, string | number> = {},
  ): void {
    const column = field === null ? null : (this.#columns.get(field)?.header ?? null);
    this.#findings.add(finding(rule, row, column, params));
  }

  #cell(fields: readonly string[], index: number): string {
    return index < 0 ? '' : (fields[index] ?? '').trim();
  }

  #row(row: number, fields: string[]): void {
    if (
      fields.length !== this.#width &&
      !(fields.length > this.#width && isBlank(fields.slice(this.#width)))
    ) {
      this.#error('csv.field_count', row, null, { actual: fields.length, expected: this.#width });
      return;
    }
    let ok = true;
    for (const index of this.#unnamed) {
      const value = (fields[index] ?? '').trim();
      if (value !== '') {
        this.#findings.add(finding('column.unnamed_value', row, null, { index: index + 1, value }));
        ok = false;
      }
    }

    const at = this.#at;
    const uscc = this.#cell(fields, at.uscc);
    let usccOk = false;
    if (!USCC_PATTERN.test(uscc)) {
      this.#error('uscc.format', row, 'uscc', { value: uscc });
    } else if (usccCheckChar(uscc) !== uscc.charAt(17)) {
      this.#error('uscc.check_char', row, 'uscc', { value: uscc, expected: usccCheckChar(uscc) ?? '' });
    } else {
      usccOk = true;
      const bound = this.#options.boundUscc;
      if (bound !== undefined && uscc !== bound) {
        this.#error('uscc.key_mismatch', row, 'uscc', { value: uscc, expected: bound });
        ok = false;
      }
    }
    ok &&= usccOk;

    const name = this.#cell(fields, at.name);
    if (name === '') {
      this.#error('name.required', row, 'name');
      ok = false;
    } else {
      ok = this.#checkText(row, 'name', name) && ok;
    }

    const periodText = this.#cell(fields, at.period);
    const period = parsePeriod(periodText);
    if (period === null) {
      this.#error('period.malformed', row, 'period', { value: periodText });
      ok = false;
    } else if (period > this.#currentPeriod) {
      this.#error('period.future', row, 'period', { value: period, current: this.#currentPeriod });
      ok = false;
    }

    const amountsOk = this.#readAmounts(row, fields);
    const [output, valueAdded, taxPaid, outputPrev, valueAddedPrev, taxPaidPrev] = this.#values;
    ok &&= amountsOk;
    if (amountsOk && this.#unitsKnown && output != null && valueAdded != null) {
      if (compareCanonicalYuan(valueAdded, output) > 0) {
        this.#error('value_added.exceeds_output', row, 'value_added', { value_added: valueAdded, output });
        ok = false;
      }
    }

    const aboveScaleText = this.#cell(fields, at.above_scale);
    const aboveScale = parseAboveScale(aboveScaleText);
    if (aboveScale === null) {
      this.#error('above_scale.invalid', row, 'above_scale', { value: aboveScaleText });
      ok = false;
    }
    const industryText = this.#cell(fields, at.industry_code);
    const industryCode = parseIndustryCode(industryText);
    if (industryCode === null) {
      this.#error('industry_code.invalid', row, 'industry_code', { value: industryText });
      ok = false;
    }
    const noteText = this.#cell(fields, at.note);
    if (noteText !== '') ok = this.#checkText(row, 'note', noteText) && ok;

    if (usccOk && period !== null) {
      const first = this.#seen.addOrGet(uscc, period, row);
      if (first !== undefined) {
        this.#error('row.duplicate', row, 'uscc', { first });
        ok = false;
      }
      this.periods.add(period);
    }
    if (!ok || period === null || aboveScale === null || industryCode === null || !this.#unitsKnown) return;
    if (output == null || valueAdded == null || taxPaid == null) return;

    this.#accept({
      row,
      uscc,
      name,
      period,
      output,
      value_added: valueAdded,
      tax_paid: taxPaid,
      output_prev: outputPrev ?? null,
      value_added_prev: valueAddedPrev ?? null,
      tax_paid_prev: taxPaidPrev ?? null,
      above_scale: aboveScale,
      industry_code: industryCode ?? null,
      note: noteText === '' || noteText === '-' ? null : noteText,
    });
  }

  /** A row that passed every hard check: its soft warnings, then `onRow`. */
  #accept(parsed: EnterpriseRow): void {
    this.#findings.addAll(rowWarnings(parsed, this.headers));
    if (this.#options.history !== undefined) {
      this.#findings.addAll(rowHistoryWarnings(parsed, this.#options.history, this.headers));
    }
    this.#options.onRow?.(parsed);
  }

  #checkText(row: number, field: EnterpriseField, text: string): boolean {
    const first = formulaPrefix(text);
    if (first === null) return true;
    this.#error('text.formula', row, field, { first });
    return false;
  }

  /**
   * Reads the amounts of the row into `#values` (in 元, indexed like AMOUNT_FIELDS; null = not
   * given) and returns false when any is missing or unreadable (each problem is a finding).
   */
  #readAmounts(row: number, fields: readonly string[]): boolean {
    let rowUnit: UnitName | null = null;
    const unitColumn = this.#columns.get('unit');
    if (unitColumn !== undefined) {
      const unitText = (fields[unitColumn.index] ?? '').trim();
      if (unitText !== '') {
        rowUnit = parseUnit(unitText);
        if (rowUnit === null) {
          this.#findings.add(finding('unit.invalid', row, unitColumn.header, { value: unitText }));
          return false;
        }
        this.units.add(rowUnit);
      }
    }
    const values = this.#values;
    values.fill(null);
    let ok = true;
    for (const column of this.#amounts) {
      const text = fields[column.index] ?? '';
      if (rowUnit !== null && column.headerUnit !== null && rowUnit !== column.headerUnit) {
        this.#findings.add(
          finding('unit.conflict', row, column.header, { header_unit: column.headerUnit, value: rowUnit }),
        );
        ok = false;
        continue;
      }
      const unit = column.headerUnit ?? rowUnit;
      if (unit === null && this.#unitsKnown) {
        // A 单位 column exists but this row leaves it empty while an amount relies on it.
        this.#findings.add(finding('unit.invalid', row, unitColumn?.header ?? null, { value: '（空）' }));
        return false;
      }
      const scale = unit === null ? 0 : UNIT_SCALES[unit];
      const plain = plainAmountToYuan(text, scale);
      if (plain !== null) {
        values[column.slot] = plain;
        continue;
      }
      const result = parseAmount(text, scale);
      if (result.ok) {
        values[column.slot] = result.yuan;
      } else if (result.problem !== 'empty' || column.required) {
        const rule = AMOUNT_PROBLEM_RULE[result.problem] ?? 'amount.unparsable';
        this.#findings.add(finding(rule, row, column.header, { value: text.trim() }));
        ok = false;
      }
    }
    return ok;
  }
}
