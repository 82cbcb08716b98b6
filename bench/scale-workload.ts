import { Decimal, toYuan } from '../core/money.js';
import type { Yuan } from '../schemas/money.js';
import { type MonthlyRow, monthlyCsv } from '../tests/support/scenario-csv.js';
import { makeUscc } from '../tests/support/uscc.js';

/**
 * The files of the load and scale benches, in 2011, a year no demo, test or other bench uses
 * (ingest takes periods from 2000 to the current month). Amounts are deterministic per (enterprise, month), written in 万元
 * with six decimals (to the 分), and each row carries its 上年同期 bases so that no row
 * raises the "no base" warning. The exact sums the totals must show are computed here with
 * big.js from the same integers the cells were written from.
 */

export const BENCH_YEAR = 2011;

export interface UploadFile {
  key: string;
  body: string;
}

export interface AmountSums {
  output: Decimal;
  valueAdded: Decimal;
  taxPaid: Decimal;
}

export const period = (month: number) => `${BENCH_YEAR}-${String(month).padStart(2, '0')}`;

/** An enterprise's amounts in 分 (0.01 元): output 50–5,000 万元, value added ≈ 30 %, tax ≈ 3 %, bases ≈ 92 %. */
function amountsInFen(seed: number, month: number) {
  const output = 50_000_000 + ((seed * 7_919 + month * 104_729) % 4_950_000) * 1_013;
  const valueAdded = Math.floor((output * 3) / 10);
  const taxPaid = Math.floor(output / 33);
  const base = (fen: number) => Math.floor((fen * 92) / 100);
  return {
    output,
    valueAdded,
    taxPaid,
    outputPrev: base(output),
    valueAddedPrev: base(valueAdded),
    taxPaidPrev: base(taxPaid),
  };
}

/** 分 as the 万元 text of a cell: 1 万元 = 1,000,000 分. */
function wanText(fen: number): string {
  return `${Math.floor(fen / 1_000_000)}.${String(fen % 1_000_000).padStart(6, '0')}`;
}

const yuanOfFen = (fen: number): Yuan => toYuan(new Decimal(fen).div(100));

/** USCC seeds: enterprise `index` of the bench (0-based), away from the seeds the tests use. */
const usccOf = (index: number) => makeUscc(5_000_000 + index);

export class BenchWorkload {
  readonly files: UploadFile[] = [];
  /** Exact expected sums of each (park, period) in 元. */
  readonly sums = new Map<string, AmountSums>();
  /** Enterprises reporting each (park, period). */
  readonly reporting = new Map<string, number>();
  rows = 0;

  /** One file of `enterprises` (indices), each one row of `month`: an enterprise's own key when it is one, else the office's. */
  add(park: string, enterprises: readonly number[], month: number, fileName: string): UploadFile {
    const rows = enterprises.map((index) => this.#row(park, index, month));
    const first = rows[0];
    const key =
      rows.length === 1 && first !== undefined
        ? `uploads/${park}/${first.uscc}/${fileName}.csv`
        : `uploads/${park}/_office/${fileName}.csv`;
    const file = { key, body: monthlyCsv(rows, { withBase: true }) };
    this.files.push(file);
    return file;
  }

  #row(park: string, index: number, month: number): MonthlyRow {
    const fen = amountsInFen(index, month);
    const slot = `${park}/${period(month)}`;
    const sums = this.sums.get(slot) ?? {
      output: new Decimal(0),
      valueAdded: new Decimal(0),
      taxPaid: new Decimal(0),
    };
    this.sums.set(slot, {
      output: sums.output.plus(yuanOfFen(fen.output)),
      valueAdded: sums.valueAdded.plus(yuanOfFen(fen.valueAdded)),
      taxPaid: sums.taxPaid.plus(yuanOfFen(fen.taxPaid)),
    });
    this.reporting.set(slot, (this.reporting.get(slot) ?? 0) + 1);
    this.rows += 1;
    return {
      uscc: usccOf(index),
      period: period(month),
      output: wanText(fen.output),
      valueAdded: wanText(fen.valueAdded),
      taxPaid: wanText(fen.taxPaid),
      outputPrev: wanText(fen.outputPrev),
      valueAddedPrev: wanText(fen.valueAddedPrev),
      taxPaidPrev: wanText(fen.taxPaidPrev),
    };
  }
}

/** `count` consecutive enterprise indices from `first`. */
export const enterpriseRange = (first: number, count: number) =>
  Array.from({ length: count }, (_, i) => first + i);
