import type { CountyTotalsItem, RegisterEntry } from '../../schemas/facts.js';
import type { Finding } from '../../schemas/finding.js';
import { compareCanonicalYuan, parseAmount, parseUnit, UNIT_SCALES, type UnitName } from './amounts.js';
import { type ColumnSpec, type HeaderMapping, mapHeader } from './columns.js';
import { CsvFileError, type CsvReadOptions, type CsvRecord, readCsvRecords } from './csv.js';
import type { TextEncodingName } from './decode.js';
import { currentPeriod, formulaPrefix, parseAboveScale, parseIndustryCode, parsePeriod } from './fields.js';
import { FindingList } from './findings.js';
import { type FindingParams, finding, type RuleId } from './rules.js';
import { USCC_PATTERN, usccCheckChar } from './uscc.js';

/**
 * Parsers for the park office's reference files, on the same reader, column mapping,
 * amount parsing and rule catalogue as the enterprise monthly file, so they accept the same
 * encodings, header spellings and units and report problems the same way. A reference file
 * is stored whole or not at all: any hard error rejects it. Neither throws for bad input.
 */

export const REGISTER_COLUMNS = [
  { field: 'uscc', zh: '统一社会信用代码', alias: 'uscc', required: true, amount: false },
  { field: 'name', zh: '企业名称', alias: 'name', required: true, amount: false },
  { field: 'industry_code', zh: '行业代码', alias: 'industry_code', required: false, amount: false },
  { field: 'above_scale', zh: '是否规上', alias: 'above_scale', required: false, amount: false },
] as const satisfies readonly ColumnSpec[];

export const COUNTY_TOTALS_COLUMNS = [
  { field: 'period', zh: '统计期', alias: 'period', required: true, amount: false },
  { field: 'output_ytd', zh: '全县规模工业总产值', alias: 'county_output_ytd', required: true, amount: true },
  {
    field: 'value_added_ytd',
    zh: '全县规模工业增加值',
    alias: 'county_value_added_ytd',
    required: true,
    amount: true,
  },
  { field: 'unit', zh: '单位', alias: 'unit', required: false, amount: false },
] as const satisfies readonly ColumnSpec[];

export type CountyPeriods = CountyTotalsItem['periods'];

interface ReferenceResultBase<K extends string> {
  kind: K;
  rows: number;
  errors: Finding[];
  warnings: Finding[];
  encoding: TextEncodingName | null;
  /** Periods the file covers (county totals); empty for the register. */
  periods: string[];
  /** The amount unit(s) used, e.g. "万元" (county totals); null for the register. */
  unit: string | null;
}
type Judged<K extends string, T> = ReferenceResultBase<K> &
  ({ accepted: true; data: T } | { accepted: false; data: null });

export type RegisterFileResult = Judged<'register', RegisterEntry[]>;
export type CountyTotalsFileResult = Judged<'county-totals', CountyPeriods>;

/** Collects findings (capped like the enterprise reader's) and the shared per-record checks. */
class FileCheck<F extends string> {
  readonly #findings = new FindingList();
  /** Errors found so far, listed or not: a row is kept only when it added none. */
  count = 0;

  error(rule: RuleId, row: number | null, column: string | null, params: FindingParams = {}) {
    this.add([finding(rule, row, column, params)]);
  }

  add(findings: readonly Finding[]) {
    this.count += findings.length;
    this.#findings.addAll(findings);
  }

  errors(): Finding[] {
    return this.#findings.errors();
  }

  /** False when the record cannot be read column by column. */
  recordFits(record: CsvRecord, header: HeaderMapping<F>, width: number): boolean {
    if (record.fields.length !== width) {
      this.error('csv.field_count', record.row, null, { actual: record.fields.length, expected: width });
      return false;
    }
    for (const index of header.unnamed) {
      const value = record.fields[index]?.trim() ?? '';
      if (value !== '') this.error('column.unnamed_value', record.row, null, { index: index + 1, value });
    }
    return true;
  }

  text(record: CsvRecord, column: { index: number; header: string } | undefined): string {
    const value = column === undefined ? '' : (record.fields[column.index]?.trim() ?? '');
    const first = formulaPrefix(value);
    if (column !== undefined && first !== null)
      this.error('text.formula', record.row, column.header, { first });
    return value;
  }
}

const isBlank = (record: CsvRecord) => record.fields.every((field) => field.trim() === '');

/**
 * Reads the header and hands every non-blank data record to `onRecord`; file-level
 * problems (encoding, quotes, size, no header, no rows) become findings, never exceptions.
 */
async function readTable<F extends string>(
  source: AsyncIterable<Uint8Array>,
  specs: readonly ColumnSpec<F>[],
  check: FileCheck<F>,
  options: CsvReadOptions,
  onRecord: (record: CsvRecord, header: HeaderMapping<F>, width: number) => void,
): Promise<{ rows: number; encoding: TextEncodingName | null; header: HeaderMapping<F> | null }> {
  const reader = readCsvRecords(source, options);
  let header: HeaderMapping<F> | null = null;
  let width = 0;
  let rows = 0;
  try {
    for await (const record of reader) {
      if (isBlank(record)) continue;
      if (header === null) {
        header = mapHeader(record.fields, specs, record.row);
        width = record.fields.length;
        check.add(header.findings);
        continue;
      }
      rows += 1;
      // Rows under a broken header would only repeat its problem, once per row.
      if (header.findings.length === 0 && check.recordFits(record, header, width))
        onRecord(record, header, width);
    }
    if (header === null) check.error('file.empty', null, null);
    else if (rows === 0) check.error('file.no_rows', null, null);
  } catch (caught) {
    if (!(caught instanceof CsvFileError)) throw caught;
    check.add([caught.finding]);
  }
  return { rows, encoding: reader.encoding, header };
}

/** reference/{park}/enterprises.csv: who is expected to report, their industry and 规上 flag. */
export async function parseRegisterFile(
  source: AsyncIterable<Uint8Array>,
  options: CsvReadOptions = {},
): Promise<RegisterFileResult> {
  const check = new FileCheck<(typeof REGISTER_COLUMNS)[number]['field']>();
  const entries: RegisterEntry[] = [];
  const firstRowOf = new Map<string, number>();
  const table = await readTable(source, REGISTER_COLUMNS, check, options, (record, header) => {
    const column = (field: 'uscc' | 'name' | 'industry_code' | 'above_scale') => header.columns.get(field);
    const uscc = check.text(record, column('uscc')).toUpperCase();
    const usccHeader = column('uscc')?.header ?? null;
    const before = check.count;
    if (!USCC_PATTERN.test(uscc)) {
      check.error('uscc.format', record.row, usccHeader, { value: uscc });
    } else {
      const expected = usccCheckChar(uscc.slice(0, 17)) ?? '';
      if (expected !== uscc.charAt(17))
        check.error('uscc.check_char', record.row, usccHeader, { value: uscc, expected });
      const first = firstRowOf.get(uscc);
      if (first !== undefined) check.error('row.duplicate', record.row, usccHeader, { first });
      else firstRowOf.set(uscc, record.row);
    }
    const name = check.text(record, column('name'));
    if (name === '') check.error('name.required', record.row, column('name')?.header ?? null);
    const industryText = check.text(record, column('industry_code'));
    const industry = parseIndustryCode(industryText);
    if (industry === null) {
      check.error('industry_code.invalid', record.row, column('industry_code')?.header ?? null, {
        value: industryText,
      });
    }
    const scaleText = check.text(record, column('above_scale'));
    const aboveScale = parseAboveScale(scaleText);
    if (aboveScale === null) {
      check.error('above_scale.invalid', record.row, column('above_scale')?.header ?? null, {
        value: scaleText,
      });
    }
    if (check.count === before && aboveScale !== null && industry !== null) {
      entries.push({ uscc, name, industry_code: industry ?? null, above_scale: aboveScale });
    }
  });
  const errors = check.errors();
  const base = {
    kind: 'register' as const,
    rows: table.rows,
    errors,
    warnings: [],
    encoding: table.encoding,
    periods: [],
    unit: null,
  };
  return errors.length === 0
    ? { ...base, accepted: true, data: entries }
    : { ...base, accepted: false, data: null };
}

/**
 * reference/{park}/county-totals.csv: the county's 规上 output and value added, year to
 * date, per period, with the unit in the amount headers or a 单位 column (no unit → rejected,
 * as for enterprise files: a silent 10,000× error in 集中度 is worse than a rejection).
 */
export async function parseCountyTotalsFile(
  source: AsyncIterable<Uint8Array>,
  options: CsvReadOptions & { now?: Date } = {},
): Promise<CountyTotalsFileResult> {
  type Field = (typeof COUNTY_TOTALS_COLUMNS)[number]['field'];
  const check = new FileCheck<Field>();
  const current = currentPeriod(options.now ?? new Date());
  const periods: CountyPeriods = {};
  const firstRowOf = new Map<string, number>();
  const units = new Set<UnitName>();
  let unitChecked = false;
  let headerUnits: (UnitName | null)[] = [];

  const table = await readTable(source, COUNTY_TOTALS_COLUMNS, check, options, (record, header) => {
    const column = (field: Field) => header.columns.get(field);
    if (!unitChecked) {
      unitChecked = true;
      headerUnits = [column('output_ytd')?.unit ?? null, column('value_added_ytd')?.unit ?? null];
      if (column('unit') === undefined && headerUnits.some((unit) => unit === null)) {
        check.error('file.no_unit', null, null);
      }
    }
    const periodText = check.text(record, column('period'));
    const period = parsePeriod(periodText);
    const periodHeader = column('period')?.header ?? null;
    const before = check.count;
    if (period === null) check.error('period.malformed', record.row, periodHeader, { value: periodText });
    else if (period > current)
      check.error('period.future', record.row, periodHeader, { value: period, current });
    else if (firstRowOf.has(period)) {
      check.error('row.duplicate', record.row, periodHeader, { first: firstRowOf.get(period) ?? 0 });
    } else firstRowOf.set(period, record.row);

    const unitColumn = column('unit');
    const unitText = unitColumn === undefined ? '' : (record.fields[unitColumn.index]?.trim() ?? '');
    const cellUnit = unitText === '' ? null : parseUnit(unitText);
    if (unitText !== '' && cellUnit === null)
      check.error('unit.invalid', record.row, unitColumn?.header ?? null, { value: unitText });

    const amounts = (['output_ytd', 'value_added_ytd'] as const).map((field, i) => {
      const spec = column(field);
      const headerUnit = headerUnits[i] ?? null;
      if (spec === undefined) return null;
      if (headerUnit !== null && cellUnit !== null && headerUnit !== cellUnit) {
        check.error('unit.conflict', record.row, spec.header, { header_unit: headerUnit, value: unitText });
        return null;
      }
      const unit = headerUnit ?? cellUnit;
      if (unit === null) {
        if (unitColumn !== undefined && unitText === '') check.error('file.no_unit', record.row, spec.header);
        return null;
      }
      units.add(unit);
      const text = record.fields[spec.index] ?? '';
      const parsed = parseAmount(text, UNIT_SCALES[unit]);
      if (!parsed.ok) {
        const rule = parsed.problem === 'empty' ? 'amount.required' : (`amount.${parsed.problem}` as const);
        check.error(rule, record.row, spec.header, { value: text.trim() });
        return null;
      }
      return parsed.yuan;
    });
    const [output, valueAdded] = amounts;
    if (output == null || valueAdded == null || period === null || check.count !== before) return;
    if (compareCanonicalYuan(valueAdded, output) > 0) {
      check.error('value_added.exceeds_output', record.row, column('value_added_ytd')?.header ?? null, {
        value_added: valueAdded,
        output,
      });
      return;
    }
    periods[period] = { output_ytd: output, value_added_ytd: valueAdded };
  });
  const errors = check.errors();
  const base = {
    kind: 'county-totals' as const,
    rows: table.rows,
    errors,
    warnings: [],
    encoding: table.encoding,
    periods: errors.length === 0 ? Object.keys(periods).sort() : [],
    unit: units.size === 0 ? null : [...units].join('、'),
  };
  return errors.length === 0
    ? { ...base, accepted: true, data: periods }
    : { ...base, accepted: false, data: null };
}
