import { DeleteObjectsCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { receiptKeys } from '../../core/receipts/receipt-keys.js';
import type { Receipt } from '../../schemas/receipt.js';

/** Writes and removes the receipts next to the uploads: receipts/{key}.json and its Chinese .txt. */
export interface ReceiptStore {
  put(receipt: Receipt, text: string): Promise<void>;
  remove(uploadKey: string): Promise<void>;
}

export function createReceiptStore(client: S3Client, bucket: string): ReceiptStore {
  return {
    async put(receipt, text) {
      const keys = receiptKeys(receipt.key);
      // The .txt first: a reader that polls for the .json (the CLI) then finds both.
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: keys.text,
          Body: text,
          ContentType: 'text/plain; charset=utf-8',
        }),
      );
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: keys.json,
          Body: `${JSON.stringify(receipt, null, 2)}\n`,
          ContentType: 'application/json; charset=utf-8',
        }),
      );
    },
    async remove(uploadKey) {
      const keys = receiptKeys(uploadKey);
      await client.send(
        new DeleteObjectsCommand({
          Bucket: bucket,
          Delete: { Objects: [{ Key: keys.json }, { Key: keys.text }], Quiet: true },
        }),
      );
    },
  };
}
