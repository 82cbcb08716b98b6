import { readEnterpriseFile } from './read-enterprise-file.js';

/** Whose row each spreadsheet row number of an enterprise file is. */
export type RowOwners = ReadonlyMap<number, { uscc: string; period: string }>;

/**
 * Reads an uploaded file again with the same reader ingest used, so the row numbers in its
 * receipt's findings can be tied to an enterprise and a period (findings name rows only).
 */
export async function readRowOwners(
  source: AsyncIterable<Uint8Array>,
  options: { key: string; now?: Date },
): Promise<RowOwners> {
  const owners = new Map<number, { uscc: string; period: string }>();
  await readEnterpriseFile(source, {
    ...options,
    onRow: (row) => owners.set(row.row, { uscc: row.uscc, period: row.period }),
  });
  return owners;
}
