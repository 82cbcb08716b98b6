import type { S3Client } from '@aws-sdk/client-s3';
import {
  createPresignedPost,
  type PresignedPost,
  type PresignedPostOptions,
} from '@aws-sdk/s3-presigned-post';
import { DEFAULT_MAX_BYTES } from '../../core/ingest/decode.js';
import { isValidUscc } from '../../core/ingest/uscc.js';

/**
 * Presigned POST forms that let one enterprise upload its monthly CSV straight into
 * `uploads/{park}/{uscc}/` with a browser form or curl, and nowhere else: S3 checks the
 * signed policy (key prefix, size, content type, expiry) before it accepts the object.
 */

/** SigV4 signatures are valid at most 7 days. */
export const MAX_EXPIRES_SECONDS = 7 * 24 * 60 * 60;
/** The ingest refuses larger files anyway (core/ingest/decode.ts); S3 refuses them first. */
export const MAX_UPLOAD_BYTES = DEFAULT_MAX_BYTES;
export const UPLOAD_CONTENT_TYPE = 'text/csv';

export class PresignInputError extends Error {}

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400 };

/** `7d`, `12h`, `30m`, `3600s` or a bare number of seconds → seconds, between 1 s and 7 days. */
export function parseExpires(text: string): number {
  const match = /^(\d{1,7})([smhd]?)$/.exec(text.trim());
  if (match === null) {
    throw new PresignInputError(
      `--expires 格式应为 7d、12h、30m 或 3600s (expected 7d, 12h, 30m or 3600s), 得到 "${text}"`,
    );
  }
  const seconds = Number(match[1]) * (UNIT_SECONDS[match[2] || 's'] ?? 1);
  if (seconds < 1 || seconds > MAX_EXPIRES_SECONDS) {
    throw new PresignInputError(
      `--expires 须在 1 秒到 7 天之间 (must be between 1 second and 7 days, the SigV4 limit)`,
    );
  }
  return seconds;
}

/** The only prefix the form can write to. */
export function enterpriseUploadPrefix(park: string, uscc: string): string {
  return `uploads/${park}/${uscc}/`;
}

export interface EnterpriseUploadRequest {
  readonly bucket: string;
  /** A configured park id (the caller checks config/parks.json). */
  readonly park: string;
  readonly uscc: string;
  readonly expiresSeconds: number;
  /** @default MAX_UPLOAD_BYTES */
  readonly maxBytes?: number;
}

/**
 * The signed policy for one enterprise. The key field uses S3's `${filename}` substitution,
 * so the browser's file name becomes the object name under the enterprise's prefix; the
 * `starts-with` condition makes S3 reject any other key the uploader might type in.
 */
export function enterpriseUploadPolicy(request: EnterpriseUploadRequest): PresignedPostOptions {
  if (!isValidUscc(request.uscc)) {
    throw new PresignInputError(
      `统一社会信用代码 "${request.uscc}" 无效: 应为 18 位且校验码正确 (invalid USCC: 18 characters with a valid check character)`,
    );
  }
  const prefix = enterpriseUploadPrefix(request.park, request.uscc);
  return {
    Bucket: request.bucket,
    Key: `${prefix}\${filename}`,
    Fields: { 'Content-Type': UPLOAD_CONTENT_TYPE },
    Conditions: [
      ['starts-with', '$key', prefix],
      ['content-length-range', 1, request.maxBytes ?? MAX_UPLOAD_BYTES],
      ['eq', '$Content-Type', UPLOAD_CONTENT_TYPE],
    ],
    Expires: request.expiresSeconds,
  };
}

export interface EnterpriseUploadForm extends PresignedPost {
  readonly prefix: string;
  readonly expiresAt: Date;
}

/** Signs the policy with the client's credentials; nothing is sent to S3. */
export async function presignEnterpriseUpload(
  client: S3Client,
  request: EnterpriseUploadRequest,
): Promise<EnterpriseUploadForm> {
  const options = enterpriseUploadPolicy(request);
  const signedAt = Date.now();
  const post = await createPresignedPost(client, options);
  return {
    ...post,
    prefix: enterpriseUploadPrefix(request.park, request.uscc),
    expiresAt: new Date(signedAt + request.expiresSeconds * 1000),
  };
}
