import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** Reads an uploaded object as a byte stream, so a large file is never held in memory whole. */
export interface ObjectSource {
  /** The object's bytes, or null when it no longer exists (deleted since the event was sent). */
  open(key: string, versionId: string | null): Promise<AsyncIterable<Uint8Array> | null>;
}

const GONE = new Set(['NoSuchKey', 'NoSuchVersion', 'NotFound']);

export function createObjectSource(client: S3Client, bucket: string): ObjectSource {
  return {
    async open(key, versionId) {
      try {
        const result = await client.send(
          new GetObjectCommand({ Bucket: bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) }),
        );
        // In Node the SDK's body is an IncomingMessage, itself an AsyncIterable of Buffers.
        const body = result.Body as AsyncIterable<Uint8Array> | undefined;
        return body ?? emptyBody();
      } catch (error) {
        if (error instanceof Error && GONE.has(error.name)) return null;
        throw error;
      }
    },
  };
}

async function* emptyBody(): AsyncIterable<Uint8Array> {}
