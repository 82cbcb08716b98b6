import type { ParkReport } from '../../schemas/report.js';
import { formatWan, roundHalfUp } from '../money.js';
import { type AmountKey, type ConcentrationBasis, exactConcentration, periodParts } from './bureau-table.js';

export interface YearTrend {
  thisYear: (number | null)[];
  lastYear: (number | null)[];
}

/** The reports of year y and y−1 by period, the current report winning over a history entry of its period. */
function reportsByPeriod(report: ParkReport, history: ParkReport[]): Map<string, ParkReport> {
  const byPeriod = new Map(history.map((r) => [r.period, r]));
  byPeriod.set(report.period, report);
  return byPeriod;
}

function monthly(
  byPeriod: Map<string, ParkReport>,
  year: number,
  value: (r: ParkReport) => number | null,
): (number | null)[] {
  return Array.from({ length: 12 }, (_, i) => {
    const r = byPeriod.get(`${year}-${String(i + 1).padStart(2, '0')}`);
    return r === undefined ? null : value(r);
  });
}

/** This year's line stops at the report's month, even if the history holds a later (stale) month. */
function upTo(month: number, values: (number | null)[]): (number | null)[] {
  return values.map((v, i) => (i < month ? v : null));
}

/** This month's amount of an indicator per month, this year and last year, in 万元 (1 decimal). */
export function amountTrend(report: ParkReport, history: ParkReport[], key: AmountKey): YearTrend {
  const { year, month } = periodParts(report.period);
  const byPeriod = reportsByPeriod(report, history);
  const wan = (r: ParkReport) => Number(formatWan(r[key].month, 1));
  return {
    thisYear: upTo(month, monthly(byPeriod, year, wan)),
    lastYear: monthly(byPeriod, year - 1, wan),
  };
}

/** 工业集中度 (year to date, %, 2 decimals) per month of this year and last year; null without a county figure. */
export function concentrationTrend(
  report: ParkReport,
  history: ParkReport[],
  basis: ConcentrationBasis,
): YearTrend {
  const { year, month } = periodParts(report.period);
  const byPeriod = reportsByPeriod(report, history);
  const pct = (r: ParkReport) => {
    const exact = exactConcentration(r, basis);
    return exact === null ? null : Number(roundHalfUp(exact, 2));
  };
  return {
    thisYear: upTo(month, monthly(byPeriod, year, pct)),
    lastYear: monthly(byPeriod, year - 1, pct),
  };
}
