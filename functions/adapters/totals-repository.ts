import { createHash } from 'node:crypto';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
} from '@aws-sdk/lib-dynamodb';
import type { ComputedParkReport } from '../../core/indicators/recompute-park-year.js';
import { type ParkReport, ParkReportSchema } from '../../schemas/report.js';
import { StoredItemInvalidError } from './park-data-reader.js';

/**
 * The totals table: one item per park and period (pk = park id, sk = "YYYY-MM"), holding
 * the ParkReport fields plus `content_hash`. Only the aggregate function writes it.
 */
export interface TotalsRepository {
  /** One period's totals, strongly consistent; null when none were computed. */
  get(park: string, period: string): Promise<ParkReport | null>;
  /**
   * Makes the stored totals of a park-year equal `reports`: a period whose content is
   * unchanged is not written; a changed one gets revision + 1; a stored period missing
   * from `reports` (its facts were retracted) is deleted.
   */
  replaceYear(park: string, year: number, reports: ComputedParkReport[]): Promise<ReplaceYearResult>;
}

export interface ReplaceYearResult {
  written: string[];
  unchanged: string[];
  deleted: string[];
}

/** Another writer changed a period's totals between our read and our write. */
export class TotalsConflictError extends Error {}

interface StoredVersion {
  revision: number;
  content_hash: string;
}

export function createTotalsRepository(client: DynamoDBDocumentClient, table: string): TotalsRepository {
  const storedVersions = async (park: string, year: number): Promise<Map<string, StoredVersion>> => {
    const versions = new Map<string, StoredVersion>();
    const pages = paginateQuery(
      { client },
      {
        TableName: table,
        KeyConditionExpression: 'pk = :park AND begins_with(sk, :year)',
        ExpressionAttributeValues: { ':park': park, ':year': `${year}-` },
        ProjectionExpression: 'sk, #revision, content_hash',
        ExpressionAttributeNames: { '#revision': 'revision' },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        versions.set(String(item.sk), {
          revision: Number(item.revision),
          content_hash: String(item.content_hash),
        });
      }
    }
    return versions;
  };

  // The condition on the revision read a moment ago makes a lost update impossible even
  // if two recomputes of a park ever ran at once; the FIFO group should prevent that.
  const conditional = async (park: string, period: string, send: () => Promise<unknown>) => {
    try {
      await send();
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') {
        throw new TotalsConflictError(`totals of ${park} ${period} changed during recompute; retry`, {
          cause: error,
        });
      }
      throw error;
    }
  };

  return {
    async get(park, period) {
      const result = await client.send(
        new GetCommand({ TableName: table, Key: { pk: park, sk: period }, ConsistentRead: true }),
      );
      if (result.Item === undefined) return null;
      const { pk: _pk, sk: _sk, content_hash: _hash, ...fields } = result.Item;
      const parsed = ParkReportSchema.safeParse(fields);
      if (!parsed.success) {
        throw new StoredItemInvalidError(`totals ${park} / ${period} are invalid: ${parsed.error.message}`);
      }
      return parsed.data;
    },

    async replaceYear(park, year, reports) {
      const stored = await storedVersions(park, year);
      const result: ReplaceYearResult = { written: [], unchanged: [], deleted: [] };
      const writes = reports.map(async (report) => {
        const hash = contentHash(report);
        const previous = stored.get(report.period);
        if (previous?.content_hash === hash) {
          result.unchanged.push(report.period);
          return;
        }
        await conditional(park, report.period, () =>
          client.send(
            new PutCommand({
              TableName: table,
              Item: {
                pk: park,
                sk: report.period,
                ...report,
                revision: (previous?.revision ?? 0) + 1,
                content_hash: hash,
              },
              ...(previous === undefined
                ? { ConditionExpression: 'attribute_not_exists(pk)' }
                : {
                    ConditionExpression: '#revision = :previous',
                    ExpressionAttributeNames: { '#revision': 'revision' },
                    ExpressionAttributeValues: { ':previous': previous.revision },
                  }),
            }),
          ),
        );
        result.written.push(report.period);
      });
      const computed = new Set(reports.map((report) => report.period));
      const gone = [...stored].filter(([period]) => !computed.has(period));
      const deletes = gone.map(async ([period, previous]) => {
        await conditional(park, period, () =>
          client.send(
            new DeleteCommand({
              TableName: table,
              Key: { pk: park, sk: period },
              ConditionExpression: '#revision = :previous',
              ExpressionAttributeNames: { '#revision': 'revision' },
              ExpressionAttributeValues: { ':previous': previous.revision },
            }),
          ),
        );
        result.deleted.push(period);
      });
      await Promise.all([...writes, ...deletes]);
      for (const list of Object.values(result)) list.sort();
      return result;
    },
  };
}

/**
 * Hash of what a report says, leaving out when it was computed: a recompute that finds
 * the same figures must not bump the revision the bureau sees. Keys are sorted so the
 * hash does not depend on property order.
 */
export function contentHash(report: ComputedParkReport): string {
  const { computed_at: _computedAt, ...content } = report;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
