/**
 * The manifest of the malformed-input corpus (tests/fixtures/malformed/manifest.json): each
 * case names its bytes (a committed file or a generator), the upload key to validate it
 * under, and the errors it must produce. The expectations are what make the corpus test
 * able to fail: "rejected" alone would pass for a reader that rejects everything for the
 * wrong reason.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { GENERATED_CASE_IDS } from './malformed-generators.js';

export const MALFORMED_DIR = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/malformed');

/** One error the case must produce: a finding with this rule id and, when given, this row and column. */
const ExpectedErrorSchema = z.strictObject({
  /** A rule id, or the ids that would each be a right answer (e.g. two equally true encoding findings). */
  rule: z.union([z.string().min(1), z.array(z.string().min(1)).min(2)]),
  /** Spreadsheet row (header = 1); null = a file-level finding; absent = any row. */
  row: z.number().int().positive().nullable().optional(),
  /** Column header as written in the file; null = not about one column; absent = any column. */
  column: z.string().nullable().optional(),
});
export type ExpectedError = z.infer<typeof ExpectedErrorSchema>;

const CaseSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9-]+$/),
    /** What the case is about, in one line. */
    covers: z.string().min(1),
    /** A committed file in this folder … */
    file: z.string().endsWith('.csv').optional(),
    /** … or a generated one (tests/support/malformed-generators.ts). */
    generate: z.enum(GENERATED_CASE_IDS).optional(),
    /** Upload key passed as `options.key`; absent = validated without a key. */
    key: z.string().optional(),
    expect: z.array(ExpectedErrorSchema).min(1),
  })
  .refine((c) => (c.file === undefined) !== (c.generate === undefined), 'exactly one of file and generate');
export type MalformedCase = z.infer<typeof CaseSchema>;

const ManifestSchema = z.strictObject({
  /** The clock every case is validated at, so that "a period in the future" stays in the future. */
  now: z.iso.datetime({ offset: true }),
  /** No file may produce more findings than this: a million bad rows must not give a million findings. */
  max_findings: z.number().int().positive(),
  cases: z.array(CaseSchema).min(40),
});
export type MalformedManifest = z.infer<typeof ManifestSchema>;

export function loadMalformedManifest(): MalformedManifest {
  return ManifestSchema.parse(JSON.parse(readFileSync(join(MALFORMED_DIR, 'manifest.json'), 'utf8')));
}

/**
 * What a stack trace or a leaked JavaScript error looks like in a user-facing message:
 * a frame ("at fn (/path/file.ts:12:3)"), a module path, an "Error:" prefix, or a value
 * that was never meant to be printed.
 */
const LEAK_PATTERNS: readonly RegExp[] = [
  /\bat\s+\S*\s*\(?(?:file:\/\/|\/|[A-Za-z]:\\)\S*:\d+(?::\d+)?\)?/,
  /node_modules/,
  /node:internal/,
  /\b[A-Z]?[A-Za-z]*Error: /,
  /\bundefined\b/,
  /\bNaN\b/,
  /\[object Object\]/,
];

/** The pattern a text leaks, or null when it is clean. */
export function leakIn(text: string): RegExp | null {
  return LEAK_PATTERNS.find((pattern) => pattern.test(text)) ?? null;
}
