/**
 * Walks the malformed-input corpus (tests/fixtures/malformed/manifest.json) through the file
 * reader, and a few of its files through the CLI: every bad file must be rejected with the
 * findings its case expects, clear messages in Chinese and English, and never a crash, a
 * hang or a stack trace.
 */
import { createReadStream, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEnterpriseFile } from '../../core/ingest/read-enterprise-file.js';
import { type Finding, FindingSchema } from '../../schemas/finding.js';
import { ValidationResultSchema } from '../../schemas/validation-result.js';
import { countPhysicalLines, generateMalformedFile } from '../support/malformed-generators.js';
import {
  type ExpectedError,
  leakIn,
  loadMalformedManifest,
  MALFORMED_DIR,
  type MalformedCase,
} from '../support/malformed-manifest.js';
import { runCli } from '../support/run-cli.js';

const manifest = loadMalformedManifest();
const now = new Date(manifest.now);
const committed = manifest.cases.filter((c) => c.file !== undefined);
const generated = manifest.cases.filter((c) => c.generate !== undefined);

function committedPath(testCase: MalformedCase): string {
  if (testCase.file === undefined) throw new Error(`case ${testCase.id} has no committed file`);
  return join(MALFORMED_DIR, testCase.file);
}

/** The expected error as a partial finding: only the fields the case pins down are compared. */
function expectedFinding(expected: ExpectedError) {
  return expect.objectContaining({
    rule: typeof expected.rule === 'string' ? expected.rule : expect.toBeOneOf(expected.rule),
    severity: 'error',
    ...(expected.row === undefined ? {} : { row: expected.row }),
    ...(expected.column === undefined ? {} : { column: expected.column }),
  });
}

function assertClearFinding(finding: Finding, lines: number): void {
  expect(FindingSchema.safeParse(finding).success, JSON.stringify(finding)).toBe(true);
  expect(finding.message, finding.rule).toMatch(/\p{Script=Han}/u);
  expect(finding.message_en, finding.rule).toMatch(/[A-Za-z]{2}/);
  expect(leakIn(finding.message), finding.message).toBeNull();
  expect(leakIn(finding.message_en), finding.message_en).toBeNull();
  if (finding.row !== null) expect(finding.row, finding.rule).toBeLessThanOrEqual(lines);
}

async function assertRejectedAsExpected(testCase: MalformedCase, path: string): Promise<void> {
  // Arrange
  const lines = await countPhysicalLines(path);

  // Act: a throw or a hang fails the test by itself.
  const result = await readEnterpriseFile(createReadStream(path), { key: testCase.key, now });

  // Assess
  expect(ValidationResultSchema.safeParse(result).success).toBe(true);
  expect(result.accepted).toBe(false);
  expect(result.rows).toBeLessThanOrEqual(lines);
  expect(result.errors.length).toBeGreaterThan(0);
  expect(result.errors.length + result.warnings.length).toBeLessThanOrEqual(manifest.max_findings);
  for (const error of result.errors) expect(error.severity).toBe('error');
  for (const warning of result.warnings) expect(warning.severity).toBe('warning');
  for (const finding of [...result.errors, ...result.warnings]) assertClearFinding(finding, lines);
  for (const expected of testCase.expect) expect(result.errors).toContainEqual(expectedFinding(expected));
}

describe('the malformed corpus manifest', () => {
  it('names each committed file exactly once, and only files that exist', () => {
    const onDisk = readdirSync(MALFORMED_DIR).filter((name) => name.endsWith('.csv'));
    const listed = committed.map((c) => c.file);

    expect([...listed].sort()).toEqual([...onDisk].sort());
  });

  it('gives every case a distinct id', () => {
    const ids = manifest.cases.map((c) => c.id);

    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('readEnterpriseFile on committed malformed files', () => {
  it.each(committed.map((c) => [c.id, c] as const))('rejects %s clearly', async (_id, testCase) => {
    await assertRejectedAsExpected(testCase, committedPath(testCase));
  });
});

describe('readEnterpriseFile on generated malformed files', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parkstats-malformed-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each(generated.map((c) => [c.id, c] as const))(
    'rejects %s clearly',
    async (_id, testCase) => {
      if (testCase.generate === undefined) throw new Error(`case ${testCase.id} is not generated`);
      const path = await generateMalformedFile(testCase.generate, dir);
      try {
        await assertRejectedAsExpected(testCase, path);
      } finally {
        await rm(path, { force: true });
      }
    },
    120_000,
  );
});

describe('parkstats validate on malformed files', () => {
  const viaCli = [
    'empty',
    'random-binary',
    'unmatched-quote',
    'uscc-bad-check',
    'other-enterprise-under-key',
  ];

  it.each(manifest.cases.filter((c) => viaCli.includes(c.id)).map((c) => [c.id, c] as const))(
    'exits 1 with parsable --json and no stack trace for %s',
    async (_id, testCase) => {
      // Arrange
      const args = ['validate', committedPath(testCase), '--json'];
      if (testCase.key !== undefined) args.push('--key', testCase.key);

      // Act
      const run = await runCli(args);

      // Assess
      expect(run.code, run.stderr).toBe(1);
      expect(leakIn(run.stdout), run.stdout).toBeNull();
      expect(leakIn(run.stderr), run.stderr).toBeNull();
      const result = ValidationResultSchema.parse(JSON.parse(run.stdout));
      expect(result.accepted).toBe(false);
      for (const expected of testCase.expect) expect(result.errors).toContainEqual(expectedFinding(expected));
    },
    30_000,
  );

  it('prints a readable Chinese result with no stack trace without --json', async () => {
    const run = await runCli(['validate', join(MALFORMED_DIR, 'mixed-encodings.csv')]);

    expect(run.code, run.stderr).toBe(1);
    expect(`${run.stdout}${run.stderr}`).toMatch(/\p{Script=Han}/u);
    expect(leakIn(run.stdout), run.stdout).toBeNull();
    expect(leakIn(run.stderr), run.stderr).toBeNull();
  }, 30_000);

  it('exits 2 with usage and no stack trace when the file is missing from the command', async () => {
    const run = await runCli(['validate', '--json']);

    expect(run.code).toBe(2);
    expect(`${run.stdout}${run.stderr}`).toMatch(/validate/);
    expect(leakIn(run.stdout), run.stdout).toBeNull();
    expect(leakIn(run.stderr), run.stderr).toBeNull();
  }, 30_000);

  it('exits 2 naming the file, with no stack trace, when the file does not exist', async () => {
    const run = await runCli(['validate', join(MALFORMED_DIR, 'no-such-file.csv'), '--json']);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no-such-file.csv');
    expect(leakIn(run.stdout), run.stdout).toBeNull();
    expect(leakIn(run.stderr), run.stderr).toBeNull();
  }, 30_000);
});
