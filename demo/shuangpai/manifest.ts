import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import { PeriodSchema } from '../../schemas/money.js';

/**
 * demo/shuangpai/data/manifest.json: the upload order (reference files, then 2016, then
 * 2017 month by month, a rejected file before its correction) and what each upload should
 * do. `key` is both the S3 key and the file's path under data/.
 */
export const ManifestEntrySchema = z.object({
  key: z.string().min(1),
  kind: z.enum(['register', 'county-totals', 'enterprise-monthly']),
  encoding: z.enum(['utf-8', 'utf-8-bom', 'gb18030']),
  periods: z.array(PeriodSchema),
  expect: z.enum(['accepted', 'rejected']),
  /** The hard rule a rejected upload breaks (core/ingest/rules.ts). */
  rule: z.string().optional(),
});
export type ManifestEntry = z.infer<typeof ManifestEntrySchema>;

export const ManifestSchema = z.object({
  park: z.string(),
  period: PeriodSchema,
  uploads: z.array(ManifestEntrySchema).min(1),
});
export type Manifest = z.infer<typeof ManifestSchema>;

export const MANIFEST_FILE = 'manifest.json';

/** The committed data set: demo/shuangpai/data/, laid out like the bucket. */
export const DEMO_DATA_DIR = join(import.meta.dirname, 'data');

export async function readManifest(dataDir: string = DEMO_DATA_DIR): Promise<Manifest> {
  return ManifestSchema.parse(JSON.parse(await readFile(join(dataDir, MANIFEST_FILE), 'utf8')));
}
