import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportJsonSchemas, JSON_SCHEMA_DIR, schemaFileName } from '../../../schemas/export-json-schema.js';

describe('schemas/json', () => {
  it('names files after the schemas', () => {
    expect(schemaFileName('EnterpriseRowSchema')).toBe('enterprise-row.schema.json');
    expect(schemaFileName('ParksConfigSchema')).toBe('parks-config.schema.json');
  });

  it('holds exactly a fresh export of schemas/index.ts (run `npm run schemas:export` after a schema change)', () => {
    const fresh = exportJsonSchemas();
    const committed = readdirSync(JSON_SCHEMA_DIR).filter((name) => name.endsWith('.schema.json'));

    expect(committed.sort()).toEqual([...fresh.keys()].sort());
    for (const [name, content] of fresh) {
      expect(readFileSync(join(JSON_SCHEMA_DIR, name), 'utf8'), name).toBe(content);
    }
    expect(fresh.has('finding.schema.json')).toBe(true);
  });
});
