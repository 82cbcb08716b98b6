/**
 * Writes the JSON Schema of every zod schema exported by schemas/index.ts to
 * schemas/json/<name>.schema.json (`npm run schemas:export`), e.g. EnterpriseRowSchema →
 * enterprise-row.schema.json. A unit test compares the committed files with a fresh export,
 * so the published contract cannot drift from the code.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import * as schemas from './index.js';

export const JSON_SCHEMA_DIR = join(dirname(fileURLToPath(import.meta.url)), 'json');

/** "EnterpriseRowSchema" → "enterprise-row.schema.json". */
export function schemaFileName(exportName: string): string {
  const base = exportName.replace(/Schema$/, '');
  return `${base.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}.schema.json`;
}

/** File name → file content, for every exported zod schema, in a stable order. */
export function exportJsonSchemas(): Map<string, string> {
  const files = new Map<string, string>();
  for (const [name, value] of Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b))) {
    if (!(value instanceof z.ZodType) || !name.endsWith('Schema')) continue;
    const schema = z.toJSONSchema(value, { target: 'draft-2020-12' });
    const title = name.replace(/Schema$/, '');
    files.set(schemaFileName(name), `${JSON.stringify({ title, ...schema }, null, 2)}\n`);
  }
  return files;
}

async function writeAll(): Promise<void> {
  const files = exportJsonSchemas();
  await mkdir(JSON_SCHEMA_DIR, { recursive: true });
  for (const stale of await readdir(JSON_SCHEMA_DIR)) {
    if (stale.endsWith('.schema.json') && !files.has(stale)) await rm(join(JSON_SCHEMA_DIR, stale));
  }
  for (const [file, content] of files) await writeFile(join(JSON_SCHEMA_DIR, file), content);
  process.stdout.write(`wrote ${files.size} JSON Schemas to ${JSON_SCHEMA_DIR}\n`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await writeAll();
