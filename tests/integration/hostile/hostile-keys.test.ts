import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiptKeys } from '../../../core/receipts/receipt-keys.js';
import type { Receipt } from '../../../schemas/receipt.js';
import {
  type FailureCounters,
  failureCounters,
  HOSTILE_HEADER,
  listKeys,
  periodsOf,
  totalsSnapshot,
  validMonthlyCsv,
} from '../../support/hostile-pipeline.js';
import { generateMalformedFile } from '../../support/malformed-generators.js';
import { leakIn } from '../../support/malformed-manifest.js';
import { PARK, ScenarioDriver, type UploadFile } from '../../support/scenario-driver.js';
import { globalScenarioStack } from '../../support/scenario-global-stack.js';
import { makeUscc } from '../../support/uscc.js';

/**
 * Upload keys an attacker or a confused script would try, each carrying a file that every
 * rule accepts (unless the case is about the file), so that a rejection can only come from
 * the key. Rejected cases use periods of 2004 and accepted ones 2007: no other test file
 * uses these years, so "no totals change" is exact.
 */
const REJECTED_YEAR = 2004;
const ACCEPTED_YEAR = 2007;
const MiB = 1024 * 1024;

const OWNER = makeUscc(940_001);
const OTHER = makeUscc(940_002);
const valid = (uscc = OWNER, period = `${REJECTED_YEAR}-03`) => validMonthlyCsv([uscc], period);

/** OWNER with its first Latin '0' replaced by Cyrillic 'О' (U+041E): looks the same, is not a USCC. */
const CYRILLIC_O_USCC = OWNER.replace('0', '\u041e');
/** OWNER in full-width digits and letters (U+FF10…), as an IME might type it. */
const FULL_WIDTH_USCC = [...OWNER]
  .map((c) => String.fromCodePoint((c.codePointAt(0) ?? 0) + 0xfee0))
  .join('');

type Expected = { rule: string; kind?: Receipt['kind'] } | 'ignored' | 'accepted';

interface HostileCase {
  name: string;
  key: string;
  body: () => string | Uint8Array;
  expected: Expected;
}

/**
 * A 1000-character key: many short folders, since s3rver keeps each key segment as a file
 * name (255 bytes at most). Its receipt key, 1014 characters, still fits S3's 1024 bytes.
 */
const LONG_KEY = `uploads/${PARK}/${OWNER}/${'folder/'.repeat(136)}`.padEnd(996, 'a').concat('.csv');
/** A file name as long as s3rver can store together with its receipt (`.csv.json._S3rver_object`). */
const LONG_NAME = `${'长'.repeat(70)}.csv`;

const CASES: readonly HostileCase[] = [
  {
    name: '../ climbing out of the enterprise prefix into another enterprise',
    key: `uploads/${PARK}/${OWNER}/../${OTHER}/x.csv`,
    body: () => valid(OTHER),
    expected: { rule: 'key.shape' },
  },
  {
    name: '../ climbing out of uploads/ into reference/',
    // Not the real register: s3rver stores this object at the normalized key (see below).
    key: `uploads/${PARK}/../../reference/hostile/enterprises.csv`,
    body: () => valid(),
    expected: { rule: 'key.shape' },
  },
  {
    name: '../ right after uploads/',
    key: 'uploads/../x.csv',
    body: () => valid(),
    expected: { rule: 'key.shape' },
  },
  {
    name: './ segment',
    key: `uploads/${PARK}/./${OWNER}/x.csv`,
    body: () => valid(),
    expected: { rule: 'key.shape' },
  },
  {
    name: 'URL-encoded ../ as the enterprise segment (decoded once by ingest, never twice)',
    key: `uploads/${PARK}/%2e%2e%2f_office/x.csv`,
    body: () => valid(),
    expected: { rule: 'key.uscc' },
  },
  {
    name: 'double-encoded %252e%252e%252f as the enterprise segment',
    key: `uploads/${PARK}/%252e%252e%252f${OWNER}/x.csv`,
    body: () => valid(),
    expected: { rule: 'key.uscc' },
  },
  {
    name: 'Cyrillic ѕ in "uploads" (a look-alike top folder is no upload at all)',
    key: `upload\u0455/${PARK}/${OWNER}/x.csv`,
    body: () => valid(),
    expected: 'ignored',
  },
  {
    name: 'full-width ｕ in "uploads"',
    key: `\uff55ploads/${PARK}/${OWNER}/x.csv`,
    body: () => valid(),
    expected: 'ignored',
  },
  {
    name: 'Cyrillic ѕ in the park id',
    key: `uploads/\u0455huangpai/${OWNER}/x.csv`,
    body: () => valid(),
    expected: { rule: 'key.shape' },
  },
  {
    name: 'Cyrillic О for 0 in the USCC segment',
    key: `uploads/${PARK}/${CYRILLIC_O_USCC}/x.csv`,
    body: () => valid(),
    expected: { rule: 'key.uscc' },
  },
  {
    name: 'full-width USCC segment',
    key: `uploads/${PARK}/${FULL_WIDTH_USCC}/x.csv`,
    body: () => valid(),
    expected: { rule: 'key.uscc' },
  },
  {
    name: 'a park that does not exist',
    key: `uploads/nopark/${OWNER}/x.csv`,
    body: () => valid(),
    expected: { rule: 'key.unknown_park' },
  },
  {
    name: 'reference file of a park that does not exist',
    key: 'reference/nopark/enterprises.csv',
    body: () => `统一社会信用代码,企业名称\r\n${OWNER},双牌县测试有限公司\r\n`,
    expected: { rule: 'key.unknown_park', kind: 'register' },
  },
  {
    name: 'an enterprise key carrying another enterprise’s rows',
    key: `uploads/${PARK}/${OWNER}/others.csv`,
    body: () => validMonthlyCsv([OWNER, OTHER], `${REJECTED_YEAR}-04`),
    expected: { rule: 'uscc.key_mismatch' },
  },
  {
    name: 'a file over the 20 MiB limit, every row valid',
    key: `uploads/${PARK}/_office/over-limit.csv`,
    body: () => overLimitFile(),
    expected: { rule: 'file.too_large' },
  },
  {
    name: 'a zip bomb renamed .csv',
    key: `uploads/${PARK}/${OWNER}/bomb.csv`,
    body: () => zipBomb,
    expected: { rule: 'file.binary' },
  },
  {
    name: 'a key under receipts/ (a forged receipt location)',
    key: `receipts/uploads/${PARK}/${OWNER}/forged.csv`,
    body: () => valid(),
    expected: 'ignored',
  },
  {
    name: 'a key under reports/',
    key: `reports/${PARK}/${REJECTED_YEAR}-03/report.csv`,
    body: () => valid(),
    expected: 'ignored',
  },
  {
    name: 'upper-case .CSV extension',
    key: `uploads/${PARK}/${makeUscc(940_011)}/MONTHLY.CSV`,
    body: () => valid(makeUscc(940_011), `${ACCEPTED_YEAR}-03`),
    expected: 'accepted',
  },
  {
    name: 'a literal %2e%2e%2f in the file name (one name, no traversal)',
    key: `uploads/${PARK}/${makeUscc(940_012)}/%2e%2e%2f%2e%2e%2fx.csv`,
    body: () => valid(makeUscc(940_012), `${ACCEPTED_YEAR}-03`),
    expected: 'accepted',
  },
  {
    name: 'a space, a literal + and a literal %20 in the file name (form-encoded in the event)',
    key: `uploads/${PARK}/${makeUscc(940_014)}/2007 03+%20.csv`,
    body: () => valid(makeUscc(940_014), `${ACCEPTED_YEAR}-03`),
    expected: 'accepted',
  },
  {
    name: 'a 1000-character key',
    key: LONG_KEY,
    body: () => valid(),
    expected: { rule: 'key.shape' },
  },
  {
    name: 'a 70-character Chinese file name (214 bytes)',
    key: `uploads/${PARK}/${makeUscc(940_013)}/${LONG_NAME}`,
    body: () => valid(makeUscc(940_013), `${ACCEPTED_YEAR}-03`),
    expected: 'accepted',
  },
];

/** Valid rows for 300,000 enterprises of one period: well-formed, only too big. */
function overLimitFile(): Uint8Array {
  const rows: string[] = [];
  let bytes = 0;
  for (let seed = 1; bytes <= 21 * MiB; seed += 1) {
    const row = `${makeUscc(seed)},双牌县第${seed}测试有限公司,${REJECTED_YEAR}-05,1200.5,310.25,18\r\n`;
    rows.push(row);
    bytes += Buffer.byteLength(row);
  }
  return Buffer.from(`${HOSTILE_HEADER}\r\n${rows.join('')}`);
}

const driver = new ScenarioDriver(globalScenarioStack());
const workDir = mkdtempSync(join(tmpdir(), 'parkstats-hostile-keys-'));
let zipBomb: Uint8Array = new Uint8Array();
let countersBefore: FailureCounters;
let countersAfter: FailureCounters;
let totalsBefore: Awaited<ReturnType<typeof totalsSnapshot>>;
let keysBefore: Set<string>;

beforeAll(async () => {
  zipBomb = readFileSync(await generateMalformedFile('deflate-bomb-zip', workDir));
  await driver.settle();
  countersBefore = await failureCounters();
  totalsBefore = await totalsSnapshot(driver, periodsOf(REJECTED_YEAR));
  keysBefore = new Set(await listKeys(''));

  const files: UploadFile[] = CASES.map((c) => ({ key: c.key, body: c.body() }));
  await driver.uploadAll(files, 4, 60_000);
  countersAfter = await failureCounters();
}, 120_000);

afterAll(() => {
  driver.destroy();
  rmSync(workDir, { recursive: true, force: true });
});

describe('hostile upload keys', () => {
  it.each(CASES.filter((c) => typeof c.expected === 'object'))(
    '$name → rejected receipt at receipts/ + the exact key',
    async ({ key, expected }) => {
      // Act
      const receipt = await driver.receipt(key);

      // Assess
      if (typeof expected !== 'object') throw new Error('filtered to rejections');
      expect(receipt).not.toBeNull();
      expect(receipt?.key).toBe(key);
      expect(receipt?.accepted).toBe(false);
      expect(receipt?.facts_written).toBe(0);
      expect(receipt?.kind).toBe(expected.kind ?? 'enterprise-monthly');
      expect(receipt?.errors.map((e) => e.rule)).toContain(expected.rule);
      for (const error of receipt?.errors ?? []) {
        expect(leakIn(error.message)).toBeNull();
        expect(leakIn(error.message_en)).toBeNull();
      }
    },
  );

  it.each(CASES.filter((c) => c.expected === 'ignored'))('$name → ignored: no receipt', async ({ key }) => {
    expect(await driver.receipt(key)).toBeNull();
  });

  it.each(CASES.filter((c) => c.expected === 'accepted'))('$name → accepted', async ({ key }) => {
    // Act
    const receipt = await driver.receipt(key);

    // Assess
    expect(receipt?.key).toBe(key);
    expect(receipt?.errors).toEqual([]);
    expect(receipt?.accepted).toBe(true);
    expect(receipt?.facts_written).toBe(1);
  });

  it('writes receipts only under receipts/, one .json and one .txt per key that is not ignored', async () => {
    // Arrange: s3rver files an object under its key's normalized path (the emulator resolves
    // "." and ".." there; S3 keeps keys literal), so a listing shows normalized keys.
    const expectedNew = CASES.flatMap((c) =>
      c.expected === 'ignored' ? [c.key] : [c.key, receiptKeys(c.key).json, receiptKeys(c.key).text],
    ).map((key) => posix.normalize(key));

    // Act
    const created = (await listKeys('')).filter((key) => !keysBefore.has(key));

    // Assess
    expect(created.sort()).toEqual([...new Set(expectedNew)].sort());
  });

  it('changes no fact and no total of the rejected cases’ year', async () => {
    expect(await driver.facts(REJECTED_YEAR)).toEqual([]);
    expect(await totalsSnapshot(driver, periodsOf(REJECTED_YEAR))).toEqual(totalsBefore);
  });

  it('stores the accepted cases’ facts and nothing else in their year', async () => {
    const facts = await driver.facts(ACCEPTED_YEAR);
    expect(facts.map((fact) => fact.uscc).sort()).toEqual(
      [makeUscc(940_011), makeUscc(940_012), makeUscc(940_013), makeUscc(940_014)].sort(),
    );
  });

  it('crashes on no record and dead-letters nothing', () => {
    expect(countersAfter).toEqual(countersBefore);
  });
});
