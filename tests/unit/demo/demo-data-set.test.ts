import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isValidUscc } from '../../../core/ingest/uscc.js';
import { Decimal } from '../../../core/money.js';
import { allocate } from '../../../demo/shuangpai/calibration.js';
import { buildDemoDataSet } from '../../../demo/shuangpai/data-set.js';
import { DEMO_ENTERPRISES } from '../../../demo/shuangpai/enterprises.js';
import { expectedFigures } from '../../../demo/shuangpai/expected.js';
import { presentFigures, ytdSums } from '../../../demo/shuangpai/figures.js';
import { encodeGbk } from '../../../demo/shuangpai/gbk.js';
import { DEMO_DATA_DIR, readManifest } from '../../../demo/shuangpai/manifest.js';
import { unexplainedWarnings } from '../../../demo/shuangpai/soft-checks.js';
import { enterpriseUscc, orgCodeCheckChar } from '../../../demo/shuangpai/uscc.js';

const dataSet = buildDemoDataSet();

async function committedManifest() {
  return readManifest();
}

describe('demo USCCs', () => {
  it('builds the design document example from its organization code', () => {
    // Arrange / Act / Assess: 91350100M000100Y43 is DESIGN.md's valid example.
    expect(orgCodeCheckChar('M000100Y')).toBe('4');
    expect(enterpriseUscc('350100', 'M000100Y')).toBe('91350100M000100Y43');
  });

  it('gives every enterprise a distinct code that passes the GB 32100 check', () => {
    const codes = DEMO_ENTERPRISES.map((e) => e.uscc);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(isValidUscc(code), code).toBe(true);
  });
});

describe('GBK encoder', () => {
  it('round-trips through the GBK decoder, ASCII unchanged', () => {
    const text = '统一社会信用代码,工业总产值(万元),"12,345.6789"，情况说明\r\n';
    const bytes = encodeGbk(text);
    expect(new TextDecoder('gbk').decode(bytes)).toBe(text);
    expect(bytes.length).toBeLessThan(new TextEncoder().encode(text).length);
  });

  it('refuses a character GBK cannot hold instead of writing a question mark', () => {
    expect(() => encodeGbk('😀')).toThrow(/GBK/);
  });
});

describe('allocate', () => {
  it('splits a total into whole parts that add up to it exactly', () => {
    const parts = allocate(new Decimal(1000), [1, 1, 1]);
    expect(parts.map((p) => p.toFixed())).toEqual(['334', '333', '333']);
    expect(allocate(new Decimal(0), [0, 0]).map((p) => p.toFixed())).toEqual(['0', '0']);
  });
});

describe('the generated data set', () => {
  it('reaches the published figures by the design formulas', () => {
    const expected = expectedFigures();
    const sums = ytdSums(dataSet.park, dataSet.rows, 2017, 11);
    const county = dataSet.county.find((c) => c.period === expected.period);
    expect(county).toBeDefined();
    expect(presentFigures(dataSet.park, sums, county?.valueAdded ?? new Decimal(1), 2017)).toEqual(
      expected.figures,
    );
  });

  it('raises no soft warning that a 情况说明 does not answer', () => {
    expect(unexplainedWarnings(dataSet.rows)).toEqual([]);
  });

  it('is committed exactly as the generator makes it', async () => {
    const manifest = await committedManifest();
    expect(manifest.uploads.map((u) => u.key)).toEqual(dataSet.uploads.map((u) => u.key));
    for (const upload of dataSet.uploads) {
      const committed = await readFile(join(DEMO_DATA_DIR, upload.key));
      expect(Buffer.compare(committed, Buffer.from(upload.bytes)), upload.key).toBe(0);
    }
  });

  it('orders uploads: reference files, 2016, then 2017 by month, a rejected file right before its correction', async () => {
    const { uploads } = await committedManifest();
    expect(uploads.slice(0, 2).map((u) => u.kind)).toEqual(['register', 'county-totals']);
    const months = uploads.slice(2).map((u) => u.periods.at(-1) ?? '');
    expect([...months].sort()).toEqual(months);
    const rejected = uploads.filter((u) => u.expect === 'rejected');
    expect(rejected).toHaveLength(1);
    const at = uploads.findIndex((u) => u.expect === 'rejected');
    expect(uploads[at + 1]?.periods).toEqual(uploads[at]?.periods);
    expect(uploads[at + 1]?.key.split('/')[2]).toBe(uploads[at]?.key.split('/')[2]);
    expect(uploads.length).toBeGreaterThanOrEqual(60);
    expect(uploads.length).toBeLessThanOrEqual(150);
  });

  it('sends the formats real senders use', () => {
    const encodings = new Set(dataSet.uploads.map((u) => u.encoding));
    expect(encodings).toEqual(new Set(['gb18030', 'utf-8-bom', 'utf-8']));
    const gbk = dataSet.uploads.find((u) => u.encoding === 'gb18030');
    const text = new TextDecoder('gbk').decode(gbk?.bytes);
    expect(text).toContain('工业总产值(万元)');
    expect(text).toMatch(/"\d{1,3}(,\d{3})+\.\d{4}"/);
    expect(text.endsWith('\r\n')).toBe(true);
    const qian = dataSet.uploads.find(
      (u) => u.key.endsWith('.csv') && new TextDecoder().decode(u.bytes).includes('（千元）'),
    );
    expect(qian?.bytes.slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });
});
