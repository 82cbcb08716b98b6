import type { EnterpriseRow } from '../../schemas/enterprise-row.js';
import type { ValidationResult } from '../../schemas/validation-result.js';
import { CsvFileError, CsvReader } from './csv.js';
import type { TextEncodingName } from './decode.js';
import { EnterpriseFileCheck } from './enterprise-file-check.js';
import { FindingList } from './findings.js';
import type { ColumnHeaders, RowHistory } from './soft-checks.js';
import { classifyKey } from './upload-key.js';

export type { ColumnHeaders, RowHistory, StoredAmounts } from './soft-checks.js';
export { historyWarnings } from './soft-checks.js';

export interface ReadEnterpriseFileOptions {
  /** S3 key; when it is uploads/{park}/{uscc}/… every row must carry that USCC. */
  key?: string;
  /** For "period in the future"; default `new Date()`. */
  now?: Date;
  /** Default 20 MiB; a larger file is a hard error 'file.too_large' and reading stops. */
  maxBytes?: number;
  /** Stored facts for the soft warnings that need them (prior-year base, previous month). */
  history?: RowHistory;
  /** Every row that passed the hard checks, in file order; the caller decides whether to keep them. */
  onRow?: (row: EnterpriseRow) => void;
}

export interface EnterpriseFileResult extends ValidationResult {
  encoding: TextEncodingName | null;
  /** Distinct periods of the rows, sorted. */
  periods: string[];
  /** The amount unit(s) the file used, e.g. "万元" or "千元、万元"; null when it gives none. */
  unit: string | null;
  /** The headers as written in the file, by field, for findings made later (`historyWarnings`). */
  columns: ColumnHeaders;
}

/**
 * Reads and validates an enterprise monthly file from a byte stream (a Node Readable or an S3
 * GetObject Body) in one pass with bounded memory. Never throws for bad input: every problem is
 * a finding, and a file with any hard error is not accepted. An error of the stream itself
 * (network, permissions) is not the file's fault and is rethrown for the caller to retry.
 */
export async function readEnterpriseFile(
  source: AsyncIterable<Uint8Array>,
  options: ReadEnterpriseFileOptions = {},
): Promise<EnterpriseFileResult> {
  const findings = new FindingList();
  const key = options.key === undefined ? undefined : classifyKey(options.key);
  const boundUscc =
    key?.kind === 'enterprise-monthly' && key.enterprise !== '_office' ? key.enterprise : undefined;
  const check = new EnterpriseFileCheck(findings, {
    boundUscc,
    now: options.now ?? new Date(),
    history: options.history,
    onRow: options.onRow,
  });
  if (key?.kind === 'invalid') findings.add(key.finding);
  const reader = new CsvReader(source, { maxBytes: options.maxBytes });
  try {
    await reader.read(check);
    check.finish();
  } catch (caught) {
    if (!(caught instanceof CsvFileError)) throw caught;
    findings.add(caught.finding);
  }
  const errors = findings.errors();
  return {
    accepted: errors.length === 0,
    rows: check.rows,
    errors,
    warnings: findings.warnings(),
    encoding: reader.encoding,
    periods: [...check.periods].sort(),
    unit: check.units.size === 0 ? null : [...check.units].join('、'),
    columns: check.headers,
  };
}
