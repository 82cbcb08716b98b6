import type { Finding } from '../../schemas/finding.js';
import { parseUnit, type UnitName } from './amounts.js';
import { finding } from './rules.js';

/** One column a file may have: its canonical Chinese header and its English alias. */
export interface ColumnSpec<F extends string = string> {
  readonly field: F;
  readonly zh: string;
  readonly alias: string;
  readonly required: boolean;
  /** An amount column takes a unit from its header or from the 单位 column. */
  readonly amount: boolean;
}

/** A column found in the header row. */
export interface MappedColumn<F extends string = string> {
  readonly field: F;
  readonly index: number;
  /** The header as written in the file (trimmed), for findings. */
  readonly header: string;
  /** The unit written in the header, if any. */
  readonly unit: UnitName | null;
}

export interface HeaderMapping<F extends string = string> {
  readonly columns: ReadonlyMap<F, MappedColumn<F>>;
  /** Positions of header cells left blank (Excel's trailing commas); their cells must stay empty. */
  readonly unnamed: readonly number[];
  readonly findings: readonly Finding[];
}

const BRACKETS: Readonly<Record<string, string>> = { '（': '(', '）': ')', '【': '[', '】': ']' };
const UNIT_SUFFIX = /^(.*?)\s*[([]\s*([^()[\]]*?)\s*[)\]]$/;

/**
 * Splits "工业总产值（万元）", "output [万元]", " 工业总产值 (万元) " into the column name and the
 * unit text. Full-width brackets and surrounding spaces are tolerated; the unit text is
 * returned as written so that an unknown unit can be named in the finding.
 */
export function splitHeaderUnit(header: string): { name: string; unit: string | null } {
  const text = header.trim().replace(/[（）【】]/g, (bracket) => BRACKETS[bracket] ?? bracket);
  const match = UNIT_SUFFIX.exec(text);
  if (match === null) return { name: text.replace(/\s+/g, ''), unit: null };
  return { name: (match[1] ?? '').replace(/\s+/g, ''), unit: match[2] ?? '' };
}

/**
 * Maps a header row onto column specs: canonical Chinese names and English aliases (case
 * insensitive), units from the header. Unknown, duplicate and missing required columns and
 * unknown units are hard errors (header = row `row`). Reusable by the reference-file parsers
 * with their own specs.
 */
export function mapHeader<F extends string>(
  cells: readonly string[],
  specs: readonly ColumnSpec<F>[],
  row = 1,
): HeaderMapping<F> {
  const byName = new Map<string, ColumnSpec<F>>();
  for (const spec of specs) {
    byName.set(spec.zh, spec);
    byName.set(spec.alias.toLowerCase(), spec);
  }
  const columns = new Map<F, MappedColumn<F>>();
  const unnamed: number[] = [];
  const findings: Finding[] = [];
  cells.forEach((cell, index) => {
    const header = cell.trim();
    if (header === '') {
      unnamed.push(index);
      return;
    }
    const { name, unit: unitText } = splitHeaderUnit(header);
    const spec = byName.get(name) ?? byName.get(name.toLowerCase());
    if (spec === undefined) {
      findings.push(finding('column.unknown', row, header, { column: header }));
      return;
    }
    if (columns.has(spec.field)) {
      findings.push(finding('column.duplicate', row, header, { column: header }));
      return;
    }
    let unit: UnitName | null = null;
    if (unitText !== null) {
      unit = parseUnit(unitText);
      if (!spec.amount) findings.push(finding('column.unit_not_amount', row, header, { column: header }));
      else if (unit === null)
        findings.push(finding('column.unit_unknown', row, header, { column: header, unit: unitText }));
    }
    columns.set(spec.field, { field: spec.field, index, header, unit });
  });
  for (const spec of specs) {
    if (spec.required && !columns.has(spec.field)) {
      findings.push(
        finding('column.missing', row, null, { column: spec.zh, column_en: `${spec.zh} / ${spec.alias}` }),
      );
    }
  }
  return { columns, unnamed, findings };
}
