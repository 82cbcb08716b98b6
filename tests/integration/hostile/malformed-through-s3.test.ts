import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiptKeys } from '../../../core/receipts/receipt-keys.js';
import type { FactItem } from '../../../schemas/facts.js';
import type { Receipt } from '../../../schemas/receipt.js';
import {
  type FailureCounters,
  failureCounters,
  periodsOf,
  readText,
  totalsSnapshot,
  validMonthlyCsv,
} from '../../support/hostile-pipeline.js';
import { generateMalformedFile } from '../../support/malformed-generators.js';
import {
  leakIn,
  loadMalformedManifest,
  MALFORMED_DIR,
  type MalformedCase,
} from '../../support/malformed-manifest.js';
import { enterpriseKey, officeKey, ScenarioDriver, type UploadFile } from '../../support/scenario-driver.js';
import { globalScenarioStack } from '../../support/scenario-global-stack.js';
import { makeUscc } from '../../support/uscc.js';

/**
 * The whole malformed corpus (tests/fixtures/malformed, generated cases included) uploaded
 * through S3, as an enterprise would: every file must come back as a rejected receipt with
 * the errors the manifest names, and none may write a fact, change a total, fail a record
 * or block the queue for the next, valid upload.
 *
 * The corpus rows carry the periods 2017-11 (and 2099-01 for "a period in the future"):
 * the facts and totals of 2017 and 2099 are snapshotted before and compared after.
 *
 * A file without a key of its own goes up twice: under the park office's key, where the
 * manifest's errors are exactly what it must produce, and under the enterprise key of the
 * USCC most corpus rows carry, where it must be rejected too (the other enterprises' rows
 * of the generated files may then fill the findings cap before the manifest's error is
 * reached, so only the rejection is asserted there).
 */
const CORPUS_YEARS = [2017, 2099] as const;
/** The year of the valid upload that follows the corpus; no other test file uses it. */
const FOLLOW_UP_YEAR = 2011;
const CORPUS_ENTERPRISE = '9143112300000098N6';

const manifest = loadMalformedManifest();
const keyOf = (c: MalformedCase) => c.key ?? officeKey(`corpus-${c.id}`);
const keyless = manifest.cases.filter((c) => c.key === undefined);
const enterpriseKeyOf = (c: MalformedCase) => enterpriseKey(CORPUS_ENTERPRISE, `corpus-${c.id}`);

const driver = new ScenarioDriver(globalScenarioStack());
const workDir = mkdtempSync(join(tmpdir(), 'parkstats-hostile-corpus-'));
const receipts = new Map<string, Receipt | null>();
const enterpriseReceipts = new Map<string, Receipt | null>();
let countersBefore: FailureCounters;
let countersAfter: FailureCounters;
let factsBefore: FactItem[][];
let totalsBefore: Awaited<ReturnType<typeof totalsSnapshot>>;

async function bytesOf(c: MalformedCase): Promise<Uint8Array> {
  if (c.file !== undefined) return readFileSync(join(MALFORMED_DIR, c.file));
  if (c.generate === undefined) throw new Error(`case ${c.id} has neither file nor generator`);
  return readFileSync(await generateMalformedFile(c.generate, workDir));
}

const corpusPeriods = () => CORPUS_YEARS.flatMap((year) => periodsOf(year));

beforeAll(async () => {
  const files: UploadFile[] = [];
  for (const c of manifest.cases) {
    const body = await bytesOf(c);
    files.push({ key: keyOf(c), body });
    if (c.key === undefined) files.push({ key: enterpriseKeyOf(c), body });
  }
  await driver.settle();
  countersBefore = await failureCounters();
  factsBefore = await Promise.all(CORPUS_YEARS.map((year) => driver.facts(year)));
  totalsBefore = await totalsSnapshot(driver, corpusPeriods());

  await driver.uploadAll(files, 4, 90_000);

  for (const c of manifest.cases) receipts.set(c.id, await driver.receipt(keyOf(c)));
  for (const c of keyless) enterpriseReceipts.set(c.id, await driver.receipt(enterpriseKeyOf(c)));
  countersAfter = await failureCounters();
}, 150_000);

afterAll(() => {
  driver.destroy();
  rmSync(workDir, { recursive: true, force: true });
});

describe('the malformed corpus uploaded through S3', () => {
  it.each(manifest.cases)('$id → a rejected receipt with the expected errors', (c) => {
    // Arrange
    const receipt = receipts.get(c.id);

    // Assess
    expect(receipt?.key).toBe(keyOf(c));
    expect(receipt?.accepted).toBe(false);
    expect(receipt?.facts_written).toBe(0);
    const rules = receipt?.errors.map((error) => error.rule) ?? [];
    for (const expected of c.expect) {
      const alternatives = Array.isArray(expected.rule) ? expected.rule : [expected.rule];
      expect(
        rules.some((rule) => alternatives.includes(rule)),
        `${alternatives.join(' | ')} in ${rules}`,
      ).toBe(true);
    }
    expect((receipt?.errors.length ?? 0) + (receipt?.warnings.length ?? 0)).toBeLessThanOrEqual(
      manifest.max_findings,
    );
  });

  it.each(manifest.cases)('$id → messages in Chinese and English, no stack trace', async (c) => {
    // Arrange
    const receipt = receipts.get(c.id);
    const text = await readText(receiptKeys(keyOf(c)).text);

    // Assess
    expect(receipt?.errors.length).toBeGreaterThan(0);
    for (const error of receipt?.errors ?? []) {
      expect(error.message).toMatch(/\p{Script=Han}/u);
      expect(error.message_en).toMatch(/[A-Za-z]{3}/);
      expect(leakIn(error.message)).toBeNull();
      expect(leakIn(error.message_en)).toBeNull();
    }
    expect(text).not.toBeNull();
    expect(leakIn(text ?? '')).toBeNull();
  });

  it.each(keyless)('$id under an enterprise key → rejected, messages without a stack trace', (c) => {
    // Arrange
    const receipt = enterpriseReceipts.get(c.id);

    // Assess
    expect(receipt?.key).toBe(enterpriseKeyOf(c));
    expect(receipt?.accepted).toBe(false);
    expect(receipt?.facts_written).toBe(0);
    expect(receipt?.errors.length).toBeGreaterThan(0);
    for (const error of receipt?.errors ?? [])
      expect(leakIn(`${error.message}\n${error.message_en}`)).toBeNull();
  });

  it('writes no fact and changes no total of the years the corpus names', async () => {
    expect(await Promise.all(CORPUS_YEARS.map((year) => driver.facts(year)))).toEqual(factsBefore);
    expect(await totalsSnapshot(driver, corpusPeriods())).toEqual(totalsBefore);
  });

  it('fails no record and dead-letters nothing', () => {
    expect(countersAfter).toEqual(countersBefore);
  });

  it('still processes a valid upload afterwards: the queue is not blocked', async () => {
    // Arrange
    const uscc = makeUscc(950_001);
    const key = enterpriseKey(uscc, `${FOLLOW_UP_YEAR}-06`);

    // Act
    await driver.upload(key, validMonthlyCsv([uscc], `${FOLLOW_UP_YEAR}-06`));

    // Assess
    const receipt = await driver.receipt(key);
    expect(receipt?.accepted).toBe(true);
    expect(receipt?.facts_written).toBe(1);
    expect((await driver.facts(FOLLOW_UP_YEAR)).map((fact) => fact.sk)).toEqual([
      `${FOLLOW_UP_YEAR}-06#${uscc}`,
    ]);
    expect(await driver.totals(`${FOLLOW_UP_YEAR}-06`)).not.toBeNull();
  });
});
