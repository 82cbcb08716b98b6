import type { ParkReport } from '../../schemas/report.js';
import {
  type BureauRow,
  buildBureauTable,
  type ConcentrationBasis,
  rowLabel,
  targetText,
} from '../report-render/bureau-table.js';
import type { RevisionChange } from './revision-record.js';

/** One comparable figure: as the bureau reads it, and exact, to tell changes hidden by rounding. */
interface Figure {
  field: string;
  label: string;
  presented: string | null;
  /** The exact value behind the presented one; null when the presented value is already exact. */
  exact: string | null;
  exactLabel: string;
}

interface Exact {
  value: string | null;
  label: string;
}

/** The exact inputs behind a row's 累计 and 同比 cells, labelled for the revision notes. */
function exactOf(row: BureauRow, report: ParkReport, span: string): { ytd: Exact; growth: Exact } {
  const none: Exact = { value: null, label: '' };
  switch (row.key) {
    case 'output':
    case 'value_added':
    case 'tax_paid': {
      const coverage = report[row.key].growth_coverage.ytd;
      return {
        ytd: { value: report[row.key].ytd, label: `${row.name} ${span}累计(精确值,元)` },
        growth: {
          value: `${coverage.current} / ${coverage.base}`,
          label: `${row.name} 同比增长(同口径 本期/上年同期,元)`,
        },
      };
    }
    case 'concentration':
      return { ytd: { value: report.county_ytd, label: `全县规上 ${span}累计(精确值,元)` }, growth: none };
    case 'leading_industry_share':
      return {
        ytd: {
          value: `${report.leading_industry_output_ytd} / ${report.output.ytd}`,
          label: `主导产业 / 园区 总产值 ${span}累计(精确值,元)`,
        },
        growth: none,
      };
  }
}

function figures(report: ParkReport, basis: ConcentrationBasis): Figure[] {
  const table = buildBureauTable(report, report.park_name, basis);
  const out: Figure[] = [];
  for (const row of table.rows) {
    const label = rowLabel(row);
    const exact = exactOf(row, report, table.span);
    if (row.key === 'output' || row.key === 'value_added' || row.key === 'tax_paid') {
      out.push({
        field: `${row.key}.month`,
        label: `${row.name} 本月(万元)`,
        presented: row.month,
        exact: report[row.key].month,
        exactLabel: `${row.name} 本月(精确值,元)`,
      });
    }
    out.push(
      {
        field: `${row.key}.ytd`,
        label: `${label} ${table.span}累计`,
        presented: row.ytd,
        exact: exact.ytd.value,
        exactLabel: exact.ytd.label,
      },
      {
        field: `${row.key}.growth`,
        label: `${row.name} 同比增长(%)`,
        presented: row.growthPct,
        exact: exact.growth.value,
        exactLabel: exact.growth.label,
      },
      {
        field: `${row.key}.target`,
        label: `${row.name} 指标值`,
        presented: targetText(row),
        exact: null,
        exactLabel: '',
      },
      {
        field: `${row.key}.completion`,
        label: `${row.name} 完成率(%)`,
        presented: row.completionPct,
        exact: null,
        exactLabel: '',
      },
    );
  }
  const { enterprises } = report;
  out.push(
    {
      field: 'enterprises.reporting',
      label: '已报企业(家)',
      presented: String(enterprises.reporting),
      exact: null,
      exactLabel: '',
    },
    {
      field: 'enterprises.expected',
      label: '应报企业(家)',
      presented: enterprises.expected === null ? null : String(enterprises.expected),
      exact: null,
      exactLabel: '',
    },
    {
      field: 'enterprises.missing',
      label: '缺报企业(家)',
      presented: String(enterprises.missing.length),
      exact: [...enterprises.missing].sort().join(' '),
      exactLabel: '缺报企业(统一社会信用代码)',
    },
  );
  return out;
}

/**
 * The headline figures that differ between two publications of the same period, in table order.
 * A figure is listed as presented (亿元, 1-decimal growth …) when that changed; when only the
 * exact value behind it changed (a correction too small to move the rounded figure), it is
 * listed exactly, so that a new revision never comes with an empty list of what changed.
 */
export function diffReports(
  previous: ParkReport,
  next: ParkReport,
  concentrationBasis: ConcentrationBasis,
): RevisionChange[] {
  const before = new Map(figures(previous, concentrationBasis).map((f) => [f.field, f]));
  const changes: RevisionChange[] = [];
  for (const after of figures(next, concentrationBasis)) {
    const prior = before.get(after.field);
    const presentedBefore = prior?.presented ?? null;
    const exactBefore = prior?.exact ?? null;
    if (presentedBefore !== after.presented) {
      changes.push({
        field: after.field,
        label: after.label,
        before: presentedBefore,
        after: after.presented,
      });
    } else if (exactBefore !== after.exact) {
      changes.push({
        field: `${after.field}.exact`,
        label: after.exactLabel,
        before: exactBefore,
        after: after.exact,
      });
    }
  }
  return changes;
}
