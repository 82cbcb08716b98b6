import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3';
import * as z from 'zod';
import type { ReportFile } from '../../core/report-render/render-report-files.js';
import { type RevisionObjectKeys, revisionObjectKeys } from '../../core/revisions/revision-object-keys.js';
import { RevisionRecordSchema } from '../../core/revisions/revision-record.js';
import { type ParkReport, ParkReportSchema } from '../../schemas/report.js';

/**
 * What the report function keeps next to each revision's four files, in
 * `reports/{park}/{period}/rev-NNN/revision.json`: the revision log up to and including this
 * revision, the content hash it was decided on, and the uploads behind it (for the causes
 * of the next revision). Written last, so its presence marks a complete publication; a
 * `notice.json` beside it records that the bureau was notified.
 */
export const RevisionMetadataSchema = z.object({
  revision: z.number().int().min(1),
  contentHash: z.string().min(1),
  /** Every revision of the period so far, oldest first; the last is this one. */
  log: z.array(RevisionRecordSchema).min(1),
  /** `{item → source_key@sequencer}`, see functions/report/revision-sources.ts. */
  sources: z.record(z.string(), z.string()),
});
export type RevisionMetadata = z.infer<typeof RevisionMetadataSchema>;

export interface PublishedState {
  metadata: RevisionMetadata;
  report: ParkReport;
  /** Whether the bureau was notified of this revision (its notice.json exists). */
  noticeSent: boolean;
}

/** The reports bucket: published revisions are only ever added, never overwritten. */
export interface ReportStore {
  /** The latest complete revision of a period, or null when none was published. */
  latest(park: string, period: string): Promise<PublishedState | null>;
  /** Writes a new revision's files, then its revision.json; fails if any of its keys exists. */
  publish(
    park: string,
    period: string,
    files: ReportFile[],
    metadata: RevisionMetadata,
  ): Promise<RevisionObjectKeys>;
  /** Records that the bureau was notified of a revision, so that a run after a failed notice sends it again. */
  recordNotice(park: string, period: string, revision: number, notice: SentNotice): Promise<void>;
}

export interface SentNotice {
  subject: string;
  sentAt: string;
}

/** A key of the revision being published already exists: a concurrent run, or an earlier one interrupted. */
export class RevisionExistsError extends Error {
  override name = 'RevisionExistsError';
}

/** A stored revision.json or report.json that does not match the contract. */
export class PublishedObjectInvalidError extends Error {
  override name = 'PublishedObjectInvalidError';
}

const METADATA_FILE = 'revision.json';
const NOTICE_FILE = 'notice.json';
const REVISION_OBJECT_KEY = /\/rev-(\d{3,})\/(revision|notice)\.json$/;
const NOT_FOUND = new Set(['NotFound', 'NoSuchKey']);
/** PreconditionFailed: the key exists; ConditionalRequestConflict: another conditional write is in flight. */
const EXISTS = new Set(['PreconditionFailed', 'ConditionalRequestConflict']);

export function createReportStore(client: S3Client, bucket: string): ReportStore {
  const readJson = async <T>(key: string, schema: z.ZodType<T>): Promise<T> => {
    const result = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const text = (await result.Body?.transformToString('utf-8')) ?? '';
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new PublishedObjectInvalidError(`${key} is not JSON`, { cause: error });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new PublishedObjectInvalidError(`${key} is invalid: ${parsed.error.message}`);
    return parsed.data;
  };

  const exists = async (key: string): Promise<boolean> => {
    try {
      await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return true;
    } catch (error) {
      if (error instanceof Error && NOT_FOUND.has(error.name)) return false;
      throw error;
    }
  };

  // S3 itself refuses an existing key with If-None-Match: * (atomic on AWS). s3rver ignores
  // that header on PUT, so the HeadObject before it is what protects a local publication.
  const putNew = async (key: string, body: Uint8Array | string, contentType: string) => {
    if (await exists(key))
      throw new RevisionExistsError(`${key} already exists; published files are never overwritten`);
    try {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentType: contentType,
          IfNoneMatch: '*',
        }),
      );
    } catch (error) {
      if (error instanceof Error && EXISTS.has(error.name)) {
        throw new RevisionExistsError(`${key} was written by another publication`, { cause: error });
      }
      throw error;
    }
  };

  return {
    async latest(park, period) {
      let latest = 0;
      const notified = new Set<number>();
      const pages = paginateListObjectsV2(
        { client },
        { Bucket: bucket, Prefix: `reports/${park}/${period}/` },
      );
      for await (const page of pages) {
        for (const object of page.Contents ?? []) {
          const match = REVISION_OBJECT_KEY.exec(object.Key ?? '');
          if (match?.[2] === 'revision') latest = Math.max(latest, Number(match[1]));
          if (match?.[2] === 'notice') notified.add(Number(match[1]));
        }
      }
      if (latest === 0) return null;
      const keys = revisionObjectKeys(park, period, latest);
      const [metadata, report] = await Promise.all([
        readJson(`${keys.prefix}${METADATA_FILE}`, RevisionMetadataSchema),
        readJson(keys.json, ParkReportSchema),
      ]);
      return { metadata, report, noticeSent: notified.has(latest) };
    },

    async publish(park, period, files, metadata) {
      const keys = revisionObjectKeys(park, period, metadata.revision);
      await Promise.all(
        files.map((file) => putNew(`${keys.prefix}${file.name}`, file.body, file.contentType)),
      );
      await putNew(
        `${keys.prefix}${METADATA_FILE}`,
        `${JSON.stringify(metadata, null, 2)}\n`,
        'application/json; charset=utf-8',
      );
      return keys;
    },

    async recordNotice(park, period, revision, notice) {
      // Not a publication: written once per notice sent, a resend may overwrite it.
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: `${revisionObjectKeys(park, period, revision).prefix}${NOTICE_FILE}`,
          Body: `${JSON.stringify(notice, null, 2)}\n`,
          ContentType: 'application/json; charset=utf-8',
        }),
      );
    },
  };
}
