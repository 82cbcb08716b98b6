import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { receiptKeys } from '../../core/receipts/receipt-keys.js';
import { type Receipt, ReceiptSchema } from '../../schemas/receipt.js';

/** Reads the ingest function's receipts (receipts/{upload key}.json in the uploads bucket). */
export interface ReceiptSource {
  /** The receipt of an upload; null when there is none or it is not a valid receipt. */
  receipt(uploadKey: string): Promise<Receipt | null>;
}

export function createReceiptSource(client: S3Client, bucket: string): ReceiptSource {
  return {
    async receipt(uploadKey) {
      try {
        const result = await client.send(
          new GetObjectCommand({ Bucket: bucket, Key: receiptKeys(uploadKey).json }),
        );
        const parsed = ReceiptSchema.safeParse(
          JSON.parse((await result.Body?.transformToString('utf-8')) ?? ''),
        );
        return parsed.success ? parsed.data : null;
      } catch (error) {
        // A missing or unreadable receipt only costs the report its warnings of that upload.
        if (error instanceof SyntaxError || (error instanceof Error && error.name === 'NoSuchKey'))
          return null;
        throw error;
      }
    },
  };
}
