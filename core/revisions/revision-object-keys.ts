export interface RevisionObjectKeys {
  prefix: string;
  json: string;
  csv: string;
  xlsx: string;
  html: string;
}

/**
 * Where one revision of a period's report lives in the reports bucket:
 * `reports/{parkId}/{period}/rev-002/report.csv`. Each revision has its own keys, so publishing
 * never overwrites an earlier one; the number is zero-padded so a listing sorts by revision.
 */
export function revisionObjectKeys(parkId: string, period: string, revision: number): RevisionObjectKeys {
  const prefix = `reports/${parkId}/${period}/rev-${String(revision).padStart(3, '0')}/`;
  return {
    prefix,
    json: `${prefix}report.json`,
    csv: `${prefix}report.csv`,
    xlsx: `${prefix}report.xlsx`,
    html: `${prefix}report.html`,
  };
}
