import { Decimal } from '../../core/money.js';
import { findPark } from '../../core/parks.js';
import type { Park } from '../../schemas/park-config.js';
import { calibrateRows, type DemoRow } from './calibration.js';
import { DEMO_ENTERPRISES } from './enterprises.js';
import { expectedFigures } from './expected.js';
import { ytdSums } from './figures.js';
import {
  type CountyYtd,
  countyTotalsFile,
  type DemoFile,
  excelGbkFile,
  financeExportFile,
  officeMonthFile,
  officeQuarterFile,
  registerFile,
} from './files.js';

/** One upload of the demo, in manifest order, with what the pipeline should do with it. */
export interface DemoUpload extends DemoFile {
  expect: 'accepted' | 'rejected';
  /** For a rejected upload: the hard rule it breaks. */
  rule?: string;
}

export interface DemoDataSet {
  park: Park;
  rows: DemoRow[];
  uploads: DemoUpload[];
  county: CountyYtd[];
}

/** The enterprise that sends a wrong June file first and its correction after. */
const CORRECTING_ENTERPRISE = 'shicheng';
const CORRECTED_PERIOD = '2017-06';
/** The published 工业集中度 belongs to November; earlier months drift towards it as the park grew. */
const CONCENTRATION_2016 = 0.62;
/** The park's share of county 规上 output: higher than of value added, its plants add less per 元 of output. */
const COUNTY_OUTPUT_SHARE = 0.78;

export function shuangpaiPark(): Park {
  const park = findPark('shuangpai');
  if (!park) throw new Error('config/parks.json has no park "shuangpai"');
  return park;
}

/** The whole demo: calibrated rows and the ordered uploads that carry them. Deterministic. */
export function buildDemoDataSet(): DemoDataSet {
  const park = shuangpaiPark();
  const expected = expectedFigures();
  const rows = calibrateRows(park, DEMO_ENTERPRISES, expected.figures);
  const county = countyTotals(park, rows, expected.figures.concentration_pct);

  const uploads: DemoUpload[] = [
    { ...registerFile(DEMO_ENTERPRISES), expect: 'accepted' },
    { ...countyTotalsFile(county), expect: 'accepted' },
  ];
  for (let quarter = 1; quarter <= 4; quarter++) {
    const inQuarter = rows.filter((r) => {
      const m = Number(r.period.slice(5));
      return r.period.startsWith('2016-') && Math.ceil(m / 3) === quarter;
    });
    uploads.push({ ...officeQuarterFile(inQuarter, 2016, quarter), expect: 'accepted' });
  }
  const periods2017 = [
    ...new Set(rows.filter((r) => r.period.startsWith('2017-')).map((r) => r.period)),
  ].sort();
  for (const period of periods2017) {
    const ofMonth = rows.filter((r) => r.period === period);
    uploads.push({
      ...officeMonthFile(
        ofMonth.filter((r) => r.enterprise.channel === 'office'),
        period,
      ),
      expect: 'accepted',
    });
    for (const row of ofMonth) {
      if (row.enterprise.channel === 'gbk-wan') uploads.push(...gbkUploads(row));
      if (row.enterprise.channel === 'utf8-qian')
        uploads.push({ ...financeExportFile(row), expect: 'accepted' });
    }
  }
  return { park, rows, uploads, county };
}

/** Excel users name files by month; 仕诚's June file swaps two cells and is sent again corrected. */
function gbkUploads(row: DemoRow): DemoUpload[] {
  const name = `${row.period.slice(0, 4)}年${Number(row.period.slice(5))}月统计报表`;
  if (row.enterprise.id !== CORRECTING_ENTERPRISE || row.period !== CORRECTED_PERIOD) {
    return [{ ...excelGbkFile(row, `${name}.csv`), expect: 'accepted' }];
  }
  // The statistician typed 总产值 into 增加值 and 增加值 into 总产值: value added > output.
  const swapped: DemoRow = {
    ...row,
    current: { ...row.current, output: row.current.valueAdded, valueAdded: row.current.output },
  };
  return [
    { ...excelGbkFile(swapped, `${name}.csv`), expect: 'rejected', rule: 'value_added.exceeds_output' },
    { ...excelGbkFile(row, `${name}(更正).csv`), expect: 'accepted' },
  ];
}

/**
 * The county's 规上 year-to-date figures per period. November 2017 is set so that the
 * park's share is the published 工业集中度 exactly; other months follow a smooth path
 * from 2016's level, which is what a growing park's share looks like.
 */
function countyTotals(park: Park, rows: readonly DemoRow[], publishedPct: string): CountyYtd[] {
  const hundred = new Decimal(100);
  const county: CountyYtd[] = [];
  for (const year of [2016, 2017]) {
    const lastMonth = year === 2016 ? 12 : 11;
    for (let month = 1; month <= lastMonth; month++) {
      const sums = ytdSums(park, rows, year, month);
      const share =
        year === 2017 && month === 11
          ? new Decimal(publishedPct).div(hundred)
          : new Decimal(year === 2016 ? CONCENTRATION_2016 : 0.66 + (month / 11) * 0.035);
      // 万元 with 2 decimals, as the bureau publishes: whole hundreds of 元.
      const toHundreds = (yuan: Decimal) => yuan.div(100).round(0).times(100);
      county.push({
        period: `${year}-${String(month).padStart(2, '0')}`,
        valueAdded: toHundreds(sums.valueAdded.div(share)),
        output: toHundreds(sums.output.div(COUNTY_OUTPUT_SHARE)),
      });
    }
  }
  return county;
}
