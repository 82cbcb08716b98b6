import { type MonthlyRow, monthlyCsv } from '../tests/support/scenario-csv.js';
import { enterpriseKey, officeKey, type UploadFile } from '../tests/support/scenario-driver.js';
import { makeUscc } from '../tests/support/uscc.js';

/**
 * The files the pipeline bench uploads, in past years that no demo or test uses (ingest
 * rejects future periods), so that every upload changes the totals it is waited on.
 */

export const LATENCY_YEAR = 2004;
export const THROUGHPUT_YEAR = 2006;
export const SINGLE_FILE_YEAR = 2008;

/** Deterministic amounts in 万元 with two decimals, different per enterprise and month. */
function row(seed: number, period: string): MonthlyRow {
  const cents = 50_000 + ((seed * 7919 + Number(period.slice(5)) * 104_729) % 450_000);
  const wan = (value: number) => `${Math.floor(value / 100)}.${String(value % 100).padStart(2, '0')}`;
  return {
    uscc: makeUscc(seed),
    period,
    output: wan(cents),
    valueAdded: wan(Math.floor(cents / 3)),
    taxPaid: wan(Math.floor(cents / 30)),
  };
}

const month = (year: number, m: number) => `${year}-${String(m).padStart(2, '0')}`;

/** One enterprise, one month (January of LATENCY_YEAR): each seed is a new enterprise. */
export function latencyFile(seed: number): UploadFile {
  const line = row(seed, month(LATENCY_YEAR, 1));
  return { key: enterpriseKey(line.uscc, `bench-${LATENCY_YEAR}-01`), body: monthlyCsv([line]) };
}

export const LATENCY_PERIOD = month(LATENCY_YEAR, 1);

export interface OfficeWorkload {
  files: UploadFile[];
  rows: number;
  /** Each period of the workload with the number of enterprises reporting it. */
  enterprisesPerPeriod: Map<string, number>;
}

/**
 * `files` office files of `rowsPerFile` rows: enterprises in blocks of `rowsPerFile`, the
 * files of one month cover consecutive blocks, so every (enterprise, period) occurs once.
 */
export function officeWorkload(files: number, rowsPerFile: number, filesPerMonth: number): OfficeWorkload {
  const enterprisesPerPeriod = new Map<string, number>();
  const uploads = Array.from({ length: files }, (_, index) => {
    const period = month(THROUGHPUT_YEAR, Math.floor(index / filesPerMonth) + 1);
    const firstSeed = 100_000 + (index % filesPerMonth) * rowsPerFile;
    const rows = Array.from({ length: rowsPerFile }, (_, r) => row(firstSeed + r, period));
    enterprisesPerPeriod.set(period, (enterprisesPerPeriod.get(period) ?? 0) + rowsPerFile);
    return { key: officeKey(`bench-${period}-part-${index % filesPerMonth}`), body: monthlyCsv(rows) };
  });
  return { files: uploads, rows: files * rowsPerFile, enterprisesPerPeriod };
}

/** `count` files of one row each, each its own enterprise, January of SINGLE_FILE_YEAR. */
export function singleRowFiles(count: number): UploadFile[] {
  const period = month(SINGLE_FILE_YEAR, 1);
  return Array.from({ length: count }, (_, index) => {
    const line = row(200_000 + index, period);
    return { key: enterpriseKey(line.uscc, `bench-${period}`), body: monthlyCsv([line]) };
  });
}
