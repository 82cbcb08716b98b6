import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { receiptKeys } from '../../core/receipts/receipt-keys.js';
import { type Receipt, ReceiptSchema } from '../../schemas/receipt.js';
import { StoredItemInvalidError } from './park-data-reader.js';

/** Reads the receipts the ingest function writes next to the uploads (receipts/{key}.json and .txt). */
export interface ReceiptReader {
  /** The receipt JSON of an upload, or null while there is none. */
  receipt(uploadKey: string): Promise<Receipt | null>;
  /** The Chinese receipt text of an upload, or null when there is none. */
  text(uploadKey: string): Promise<string | null>;
}

const ABSENT = new Set(['NoSuchKey', 'NotFound']);

export function createReceiptReader(client: S3Client, bucket: string): ReceiptReader {
  const readText = async (key: string): Promise<string | null> => {
    try {
      const result = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return await utf8(result.Body as AsyncIterable<Uint8Array> | undefined);
    } catch (error) {
      if (error instanceof Error && ABSENT.has(error.name)) return null;
      throw error;
    }
  };

  return {
    async receipt(uploadKey) {
      const key = receiptKeys(uploadKey).json;
      const text = await readText(key);
      if (text === null) return null;
      const parsed = ReceiptSchema.safeParse(parseJson(text));
      if (parsed.success) return parsed.data;
      throw new StoredItemInvalidError(`receipt ${key} does not match the receipt contract`);
    },
    text: (uploadKey) => readText(receiptKeys(uploadKey).text),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The body as text: in Node the SDK's body is an IncomingMessage, an AsyncIterable of Buffers. */
async function utf8(body: AsyncIterable<Uint8Array> | undefined): Promise<string> {
  if (body === undefined) return '';
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}
