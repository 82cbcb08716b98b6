import { createCipheriv } from 'node:crypto';

/**
 * s3rver encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 (Node ≥ 17)
 * only offers with `--openssl-legacy-provider`; without it every paged listing
 * (`aws s3 ls` past a page, a paginator with MaxKeys) answers 500.
 */
export const OPENSSL_LEGACY_FLAG = '--openssl-legacy-provider';

export function legacyCiphersAvailable(): boolean {
  try {
    createCipheriv('des', Buffer.alloc(8), Buffer.alloc(8));
    return true;
  } catch {
    return false;
  }
}
