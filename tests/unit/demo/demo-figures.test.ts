import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { recomputeParkYear } from '../../../core/indicators/recompute-park-year.js';
import { readEnterpriseFile } from '../../../core/ingest/read-enterprise-file.js';
import { parseCountyTotalsFile, parseRegisterFile } from '../../../core/ingest/reference-files.js';
import { findPark } from '../../../core/parks.js';
import { DEMO_ENTERPRISES } from '../../../demo/shuangpai/enterprises.js';
import { expectedFigures } from '../../../demo/shuangpai/expected.js';
import { DEMO_DATA_DIR, type ManifestEntry, readManifest } from '../../../demo/shuangpai/manifest.js';
import { publishedView } from '../../../demo/shuangpai/present-report.js';
import type { EnterpriseRow } from '../../../schemas/enterprise-row.js';
import {
  type CountyTotalsItem,
  type FactItem,
  factKey,
  type RegisterItem,
  referenceKey,
} from '../../../schemas/facts.js';
import type { Finding } from '../../../schemas/finding.js';
import type { ParkReport } from '../../../schemas/report.js';

/**
 * The demo end to end without AWS: every committed file goes through the same pure
 * modules the Lambdas run (ingest core, reference-file parsers, recomputeParkYear), in
 * manifest order with later uploads of an enterprise-period winning, and the 2017-11
 * report must show the park's published figures in the bureau's presentation.
 */

/** The demo happens in December 2017: nothing it reports lies in the future. */
const NOW = new Date('2017-12-08T09:00:00+08:00');

interface UploadOutcome {
  entry: ManifestEntry;
  accepted: boolean;
  errors: Finding[];
}

function source(entry: ManifestEntry, index: number) {
  return {
    source_key: entry.key,
    source_sequencer: index.toString(16).padStart(16, '0').toUpperCase(),
    source_version: null,
    source_event_time: new Date(NOW.getTime() + index * 1000).toISOString(),
    ingested_at: NOW.toISOString(),
  };
}

function toFact(row: EnterpriseRow, park: string, from: ReturnType<typeof source>): FactItem {
  const { row: _line, ...fields } = row;
  return { ...fields, ...from, ...factKey(park, row.period, row.uscc), park };
}

async function ingestDemo() {
  const manifest = await readManifest();
  const facts = new Map<string, FactItem>();
  let register: RegisterItem | null = null;
  let countyTotals: CountyTotalsItem | null = null;
  const outcomes: UploadOutcome[] = [];

  for (const [index, entry] of manifest.uploads.entries()) {
    const stream = () => createReadStream(join(DEMO_DATA_DIR, entry.key));
    const from = source(entry, index);
    if (entry.kind === 'register') {
      const result = await parseRegisterFile(stream());
      if (result.accepted) {
        register = {
          ...from,
          ...referenceKey(manifest.park, 'enterprises'),
          sk: 'enterprises',
          park: manifest.park,
          entries: result.data,
        };
      }
      outcomes.push({ entry, accepted: result.accepted, errors: result.errors });
    } else if (entry.kind === 'county-totals') {
      const result = await parseCountyTotalsFile(stream(), { now: NOW });
      if (result.accepted) {
        countyTotals = {
          ...from,
          ...referenceKey(manifest.park, 'county-totals'),
          sk: 'county-totals',
          park: manifest.park,
          periods: result.data,
        };
      }
      outcomes.push({ entry, accepted: result.accepted, errors: result.errors });
    } else {
      const rows: EnterpriseRow[] = [];
      const result = await readEnterpriseFile(stream(), {
        key: entry.key,
        now: NOW,
        onRow: (row) => rows.push(row),
      });
      // A rejected file writes nothing; an accepted one replaces what earlier uploads said.
      if (result.accepted)
        for (const row of rows) facts.set(`${row.uscc}#${row.period}`, toFact(row, manifest.park, from));
      outcomes.push({ entry, accepted: result.accepted, errors: result.errors });
    }
  }
  return { manifest, facts: [...facts.values()], register, countyTotals, outcomes };
}

let demo: Awaited<ReturnType<typeof ingestDemo>>;
let november: Omit<ParkReport, 'revision'>;

beforeAll(async () => {
  demo = await ingestDemo();
  const park = findPark(demo.manifest.park);
  if (!park) throw new Error(`park ${demo.manifest.park} is not configured`);
  const reports = recomputeParkYear({
    park,
    year: 2017,
    facts: demo.facts.filter((f) => f.period.startsWith('2017-')),
    priorFacts: demo.facts.filter((f) => f.period.startsWith('2016-')),
    register: demo.register,
    countyTotals: demo.countyTotals,
    computedAt: NOW.toISOString(),
  });
  const found = reports.find((r) => r.period === demo.manifest.period);
  if (!found) throw new Error(`no report for ${demo.manifest.period}`);
  november = found;
});

describe('双牌 demo through the pure pipeline', () => {
  it('accepts every upload the manifest expects accepted, and rejects the wrong one for its rule', () => {
    const surprises = demo.outcomes
      .filter((o) => o.accepted !== (o.entry.expect === 'accepted'))
      .map((o) => ({ key: o.entry.key, errors: o.errors.map((e) => `${e.row}:${e.column}:${e.rule}`) }));
    expect(surprises).toEqual([]);
    for (const outcome of demo.outcomes.filter((o) => o.entry.expect === 'rejected')) {
      expect(outcome.errors.map((e) => e.rule)).toContain(outcome.entry.rule);
    }
  });

  it('shows the published 1–11月 2017 figures', () => {
    expect(publishedView(november)).toEqual(expectedFigures().figures);
  });

  it('sits at the centres of the rounding intervals: the JSON percentages (2 decimals) equal the published ones', () => {
    const { figures } = expectedFigures();
    expect({
      output: november.output.ytd_yoy_pct,
      value_added: november.value_added.ytd_yoy_pct,
      tax_paid: november.tax_paid.ytd_yoy_pct,
      concentration: november.concentration_pct,
      leading: november.leading_industry_share_pct,
    }).toEqual({
      output: Number(figures.output_ytd_yoy_pct),
      value_added: Number(figures.value_added_ytd_yoy_pct),
      tax_paid: Number(figures.tax_paid_ytd_yoy_pct),
      concentration: Number(figures.concentration_pct),
      leading: Number(figures.leading_industry_share_pct),
    });
    expect(november.targets).toMatchObject({
      output_yuan: '5500000000',
      output_growth_pct: 21,
      value_added_growth_pct: 8,
      tax_growth_pct: 20,
      concentration_pct: 80,
    });
  });

  it('handles the 2017 entrants by the same-caliber rule', () => {
    const byId = new Map(DEMO_ENTERPRISES.map((e) => [e.id, e.uscc]));
    // 双牌水务建设 has no comparable base: left out of growth, and said so.
    expect(november.output.growth_coverage.ytd.excluded).toEqual([byId.get('shuiwu')]);
    // 乐福地's explicit 0 base counts: 11 规上 enterprises with a base, 12 规上 in all.
    expect(november.output.growth_coverage.ytd.counted).toBe(11);
    // 19 registered, all of them reporting in November (规下 and zero reports included).
    expect(november.enterprises).toEqual({ reporting: 19, expected: 19, missing: [] });
  });
});
