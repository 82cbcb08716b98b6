import type { Finding } from '../../schemas/finding.js';
import { finding } from './rules.js';
import { isValidUscc } from './uscc.js';

/** What an object key of the uploads bucket holds (DESIGN.md "Object keys"). */
export type UploadKey =
  | { kind: 'enterprise-monthly'; park: string; enterprise: string; key: string }
  | { kind: 'register' | 'county-totals'; park: string; key: string };

export type KeyClassification =
  | UploadKey
  | { kind: 'ignored'; reason: string }
  | { kind: 'invalid'; finding: Finding };

/** The park id pattern of schemas/park-config.ts (key-safe: lower-case letters, digits, dashes). */
const PARK_ID = /^[a-z][a-z0-9-]{1,40}$/;
const REFERENCE_FILES: Readonly<Record<string, 'register' | 'county-totals'>> = {
  'enterprises.csv': 'register',
  'county-totals.csv': 'county-totals',
};

function invalid(key: string, rule: 'key.shape' | 'key.uscc' = 'key.shape', value = ''): KeyClassification {
  return { kind: 'invalid', finding: finding(rule, null, null, { key, value }) };
}

/**
 * Classifies a decoded S3 key. Keys outside uploads/ and reference/ (receipts/ included) and
 * keys not ending in .csv (any case; folder markers too) are ignored, not errors. An uploads/
 * or reference/ CSV key of the wrong shape is invalid: it gets a receipt saying why.
 */
export function classifyKey(key: string): KeyClassification {
  const segments = key.split('/');
  const top = segments[0];
  if (top !== 'uploads' && top !== 'reference')
    return { kind: 'ignored', reason: `outside uploads/ and reference/` };
  if (!key.toLowerCase().endsWith('.csv')) return { kind: 'ignored', reason: 'not a .csv file' };
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) return invalid(key);
  const park = segments[1] ?? '';
  if (!PARK_ID.test(park)) return invalid(key);
  if (top === 'reference') {
    const kind = segments.length === 3 ? REFERENCE_FILES[segments[2] ?? ''] : undefined;
    return kind === undefined ? invalid(key) : { kind, park, key };
  }
  if (segments.length !== 4) return invalid(key);
  const enterprise = segments[2] ?? '';
  if (enterprise !== '_office' && !isValidUscc(enterprise)) return invalid(key, 'key.uscc', enterprise);
  return { kind: 'enterprise-monthly', park, enterprise, key };
}

/**
 * Orders two S3 event sequencers of the same key: -1, 0 or 1. Sequencers are hexadecimal
 * strings of varying length; AWS documents comparing them by right-padding the shorter with
 * zeros and then comparing lexicographically (case-insensitively, as hex digits).
 */
export function compareSequencers(a: string, b: string): number {
  const width = Math.max(a.length, b.length);
  const left = a.toUpperCase().padEnd(width, '0');
  const right = b.toUpperCase().padEnd(width, '0');
  return left === right ? 0 : left < right ? -1 : 1;
}
