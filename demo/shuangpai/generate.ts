import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Decimal } from '../../core/money.js';
import { buildDemoDataSet } from './data-set.js';
import { expectedFigures } from './expected.js';
import { exactPercents, presentFigures, ytdSums } from './figures.js';
import { DEMO_DATA_DIR as DATA_DIR, MANIFEST_FILE, type Manifest } from './manifest.js';
import { unexplainedWarnings } from './soft-checks.js';

/**
 * `npm run demo:generate`: rebuilds demo/shuangpai/data/ from the specs, prints the
 * figures the data achieves, and refuses to write when they differ from the published
 * ones or when a row would raise a soft warning no 情况说明 answers.
 */
async function main(): Promise<number> {
  const expected = expectedFigures();
  const { park, rows, uploads, county } = buildDemoDataSet();
  const [year, month] = expected.period.split('-').map(Number) as [number, number];
  const sums = ytdSums(park, rows, year, month);
  const countyYtd = county.find((c) => c.period === expected.period)?.valueAdded ?? new Decimal(0);
  const achieved = presentFigures(park, sums, countyYtd, year);

  console.log(`双牌 demo: ${rows.length} enterprise-month rows, ${uploads.length} uploads`);
  console.log('figure                       achieved   published  exact');
  const exact = exactPercents(sums, countyYtd);
  const exactOf: Record<string, string | undefined> = {
    output_ytd_yi: exact.output_ytd_yuan,
    output_ytd_yoy_pct: exact.output_yoy_pct,
    value_added_ytd_yi: exact.value_added_ytd_yuan,
    value_added_ytd_yoy_pct: exact.value_added_yoy_pct,
    tax_paid_ytd_yi: exact.tax_paid_ytd_yuan,
    tax_paid_ytd_yoy_pct: exact.tax_paid_yoy_pct,
    concentration_pct: exact.concentration_pct,
    leading_industry_share_pct: exact.leading_share_pct,
  };
  let mismatches = 0;
  for (const [name, published] of Object.entries(expected.figures)) {
    const got = achieved[name as keyof typeof achieved];
    if (got !== published) mismatches++;
    const mark = got === published ? ' ' : '✗';
    console.log(
      `${mark} ${name.padEnd(27)} ${got.padEnd(10)} ${published.padEnd(10)} ${exactOf[name] ?? ''}`,
    );
  }
  const unexplained = unexplainedWarnings(rows);
  for (const w of unexplained) console.log(`unexplained soft warning: ${w.uscc} ${w.period} ${w.rule}`);
  if (mismatches > 0 || unexplained.length > 0) {
    console.error(
      `not written: ${mismatches} figure(s) differ, ${unexplained.length} unexplained warning(s)`,
    );
    return 1;
  }

  await rm(DATA_DIR, { recursive: true, force: true });
  for (const upload of uploads) {
    const path = join(DATA_DIR, upload.key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, upload.bytes);
  }
  const manifest: Manifest = {
    park: park.id,
    period: expected.period,
    uploads: uploads.map(({ key, kind, encoding, periods, expect, rule }) => ({
      key,
      kind,
      encoding,
      periods,
      expect,
      ...(rule ? { rule } : {}),
    })),
  };
  await writeFile(join(DATA_DIR, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`written: ${uploads.length} files and ${MANIFEST_FILE} under ${DATA_DIR}`);
  return 0;
}

process.exitCode = await main();
