/**
 * Where the receipts of an upload live: `receipts/{upload key}.json` and `.txt`, in the
 * uploads bucket. The CLI and the ingest function both use this, so they cannot disagree.
 */
export function receiptKeys(uploadKey: string): { json: string; text: string } {
  return { json: `receipts/${uploadKey}.json`, text: `receipts/${uploadKey}.txt` };
}
