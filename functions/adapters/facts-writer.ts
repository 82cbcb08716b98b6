import {
  BatchGetCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type CountyTotalsItem,
  type FactItem,
  FactItemSchema,
  factKey,
  type RegisterItem,
  referenceKey,
} from '../../schemas/facts.js';
import { sortableEventOrder, sortableSequencer } from '../ingest/event-order.js';

/**
 * Ingest's access to the facts table: facts, the upload index and the reference items.
 *
 * Every write carries two extra sortable attributes next to the schema's source fields:
 * `source_seq_sort` (the sequencer, fixed width) and `source_order` (event time, then
 * sequencer). Conditions compare them so that only a newer upload replaces an item and a
 * redelivery of the same event may rewrite it (see functions/ingest/event-order.ts).
 *
 * The upload index item of a key keeps two sequencers, each only ever moving forward:
 * `facts_*` for the contribution (the newest accepted or removal event: what the key's
 * facts are) and `source_*` for the latest event of any kind (whose receipt stands). A
 * rejected version moves only the second, so it changes no fact and no total.
 */

/** The S3 object version an item comes from. */
export interface UploadSource {
  key: string;
  sequencer: string;
  versionId: string | null;
  eventTime: string;
}

export type UploadState = 'accepted' | 'rejected' | 'removed';

/** The events that decide what a key contributes to the facts; a rejected version never does. */
export type ContributionState = Exclude<UploadState, 'rejected'>;

/** What a key contributes: the rows of an accepted version, or nothing after a removal. */
export interface Contribution {
  state: ContributionState;
  source: UploadSource;
}

export interface FactRef {
  pk: string;
  sk: string;
}

export interface FactsRepository {
  /** Writes a fact unless a newer upload holds it. */
  putFact(fact: FactItem): Promise<'written' | 'superseded'>;
  /**
   * Takes a fact back from `key`, only while it still comes from that key at a sequencer
   * older than `sequencer`: replaced by `successor` (the same enterprise-period from another
   * upload) or deleted when there is none, in one conditional write.
   */
  retractFact(ref: FactRef, key: string, sequencer: string, successor?: FactItem): Promise<boolean>;
  /**
   * The stored facts at these enterprise-periods, read by key (strongly consistent, 100 keys
   * a request): what the history rules compare a file with, at a cost that grows with the
   * file's rows, not with the park.
   */
  getFacts(park: string, at: readonly { period: string; uscc: string }[]): Promise<FactItem[]>;
  /** All facts of a park and year; with `fromKey`, only those whose source is that key. */
  queryFacts(park: string, year: number, fromKey?: string): Promise<FactItem[]>;
  /**
   * Records `source` as what its key contributes (accepted rows, or nothing once removed),
   * unless a newer accepted or removal event of the key was recorded already ('stale').
   * `years` are added to the set of fact partitions the key may have written to; the whole
   * set is returned, and whether this is the first contribution recorded for the key (then
   * no older version left facts).
   */
  claimContribution(
    park: string,
    source: UploadSource,
    state: ContributionState,
    years: number[],
  ): Promise<{ factYears: number[]; firstContribution: boolean } | 'stale'>;
  /**
   * Records `source` as the latest event of its key, the one whose receipt stands, unless a
   * newer event of any kind was recorded already ('stale'). Returns the contribution the
   * index held before, so a rejected version's receipt can say which figures remain.
   */
  claimLatestEvent(
    park: string,
    source: UploadSource,
    state: UploadState,
  ): Promise<{ contribution: Contribution | null } | 'stale'>;
  /** The sequencer of the key's contribution now (strongly consistent). */
  contributingSequencer(park: string, key: string): Promise<string | undefined>;
  /** The accepted versions that define what their keys contribute, among the keys starting with `keyPrefix`. */
  acceptedUploads(park: string, keyPrefix: string): Promise<UploadSource[]>;
  /** Every year any upload of the park has written facts to. */
  uploadYears(park: string): Promise<number[]>;
  putReference(item: RegisterItem | CountyTotalsItem): Promise<'written' | 'superseded'>;
  /** Deletes a reference item while it still comes from `key` at an older sequencer. */
  retractReference(
    park: string,
    what: 'enterprises' | 'county-totals',
    key: string,
    sequencer: string,
  ): Promise<boolean>;
}

/** DynamoDB's most keys in one BatchGetItem. */
const BATCH_GET_LIMIT = 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const uploadIndexKey = (park: string, key: string) => ({ pk: `UPLOAD#${park}`, sk: key });

/** Same key: sequencer decides, equal allowed (redelivery). Different key: (event time, sequencer) must be newer. */
const NEWER_UPLOAD_WINS =
  'attribute_not_exists(pk) OR (source_key = :key AND source_seq_sort <= :seq) OR (source_key <> :key AND source_order < :order)';
const SAME_KEY_OLDER = 'source_key = :key AND source_seq_sort < :seq';

export function createFactsRepository(client: DynamoDBDocumentClient, table: string): FactsRepository {
  const stamped = <T extends { source_key: string; source_sequencer: string; source_event_time: string }>(
    item: T,
  ) => ({
    ...item,
    source_seq_sort: sortableSequencer(item.source_sequencer),
    source_order: sortableEventOrder(item.source_event_time, item.source_sequencer),
  });

  const conditionalPut = async (item: ReturnType<typeof stamped>): Promise<'written' | 'superseded'> => {
    try {
      await client.send(
        new PutCommand({
          TableName: table,
          Item: item,
          ConditionExpression: NEWER_UPLOAD_WINS,
          ExpressionAttributeValues: {
            ':key': item.source_key,
            ':seq': item.source_seq_sort,
            ':order': item.source_order,
          },
        }),
      );
      return 'written';
    } catch (error) {
      if (isConditionFailed(error)) return 'superseded';
      throw error;
    }
  };

  const conditionalRetract = async (
    ref: FactRef,
    key: string,
    sequencer: string,
    successor?: FactItem,
  ): Promise<boolean> => {
    const condition = {
      TableName: table,
      ConditionExpression: SAME_KEY_OLDER,
      ExpressionAttributeValues: { ':key': key, ':seq': sortableSequencer(sequencer) },
    };
    try {
      if (successor === undefined) {
        await client.send(new DeleteCommand({ ...condition, Key: { pk: ref.pk, sk: ref.sk } }));
      } else {
        await client.send(new PutCommand({ ...condition, Item: stamped(successor) }));
      }
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  };

  /** An UpdateItem on the key's index item; 'stale' when the condition fails, else the item as it was. */
  const conditionalUpdate = async (
    park: string,
    key: string,
    update: string,
    condition: string,
    values: Record<string, unknown>,
  ): Promise<Record<string, unknown> | undefined | 'stale'> => {
    try {
      const result = await client.send(
        new UpdateCommand({
          TableName: table,
          Key: uploadIndexKey(park, key),
          UpdateExpression: update,
          ConditionExpression: condition,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_OLD',
        }),
      );
      return result.Attributes;
    } catch (error) {
      if (isConditionFailed(error)) return 'stale';
      throw error;
    }
  };

  return {
    putFact: (fact) => conditionalPut(stamped(fact)),

    retractFact: conditionalRetract,

    async getFacts(park, at) {
      const facts: FactItem[] = [];
      for (let start = 0; start < at.length; start += BATCH_GET_LIMIT) {
        let keys: Record<string, unknown>[] = at
          .slice(start, start + BATCH_GET_LIMIT)
          .map(({ period, uscc }) => factKey(park, period, uscc));
        for (let attempt = 0; keys.length > 0; attempt++) {
          if (attempt > 0) await sleep(Math.min(1000, 25 * 2 ** attempt));
          const output = await client.send(
            new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } }),
          );
          for (const item of output.Responses?.[table] ?? []) facts.push(FactItemSchema.parse(item));
          keys = output.UnprocessedKeys?.[table]?.Keys ?? [];
        }
      }
      return facts;
    },

    async queryFacts(park, year, fromKey) {
      const facts: FactItem[] = [];
      const pages = paginateQuery(
        { client },
        {
          TableName: table,
          KeyConditionExpression: 'pk = :pk',
          ...(fromKey === undefined
            ? { ExpressionAttributeValues: { ':pk': `FACT#${park}#${year}` } }
            : {
                FilterExpression: 'source_key = :key',
                ExpressionAttributeValues: { ':pk': `FACT#${park}#${year}`, ':key': fromKey },
              }),
          ConsistentRead: true,
        },
      );
      for await (const page of pages) {
        for (const item of page.Items ?? []) facts.push(FactItemSchema.parse(item));
      }
      return facts;
    },

    async claimContribution(park, source, state, years) {
      const values: Record<string, unknown> = {
        ':sequencer': source.sequencer,
        ':seq': sortableSequencer(source.sequencer),
        ':version': source.versionId,
        ':time': source.eventTime,
        ':state': state,
      };
      if (years.length > 0) values[':years'] = new Set(years);
      const result = await conditionalUpdate(
        park,
        source.key,
        `SET facts_sequencer = :sequencer, facts_seq_sort = :seq, facts_version = :version, facts_event_time = :time, facts_state = :state${years.length > 0 ? ' ADD fact_years :years' : ''}`,
        'attribute_not_exists(facts_seq_sort) OR facts_seq_sort <= :seq',
        values,
      );
      if (result === 'stale') return result;
      const before = result?.fact_years;
      const all = new Set([...(before instanceof Set ? [...before].map(Number) : []), ...years]);
      return {
        factYears: [...all].sort((a, b) => a - b),
        firstContribution: typeof result?.facts_seq_sort !== 'string',
      };
    },

    async claimLatestEvent(park, source, state) {
      const result = await conditionalUpdate(
        park,
        source.key,
        'SET source_key = :key, source_sequencer = :sequencer, source_seq_sort = :seq, source_version = :version, source_event_time = :time, upload_state = :state, updated_at = :at',
        'attribute_not_exists(source_seq_sort) OR source_seq_sort <= :seq',
        {
          ':key': source.key,
          ':sequencer': source.sequencer,
          ':seq': sortableSequencer(source.sequencer),
          ':version': source.versionId,
          ':time': source.eventTime,
          ':state': state,
          ':at': new Date().toISOString(),
        },
      );
      if (result === 'stale') return result;
      return { contribution: result === undefined ? null : contributionOf(source.key, result) };
    },

    async contributingSequencer(park, key) {
      const result = await client.send(
        new GetCommand({ TableName: table, Key: uploadIndexKey(park, key), ConsistentRead: true }),
      );
      const sequencer = result.Item?.facts_sequencer;
      return typeof sequencer === 'string' ? sequencer : undefined;
    },

    async acceptedUploads(park, keyPrefix) {
      const uploads: UploadSource[] = [];
      const pages = paginateQuery(
        { client },
        {
          TableName: table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          FilterExpression: 'facts_state = :accepted',
          ExpressionAttributeValues: {
            ':pk': `UPLOAD#${park}`,
            ':prefix': keyPrefix,
            ':accepted': 'accepted',
          },
          ConsistentRead: true,
        },
      );
      for await (const page of pages) {
        for (const item of page.Items ?? []) {
          const contribution = contributionOf(String(item.sk), item);
          if (contribution !== null) uploads.push(contribution.source);
        }
      }
      return uploads;
    },

    async uploadYears(park) {
      const years = new Set<number>();
      const pages = paginateQuery(
        { client },
        {
          TableName: table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `UPLOAD#${park}` },
          ProjectionExpression: 'fact_years',
        },
      );
      for await (const page of pages) {
        for (const item of page.Items ?? []) {
          if (item.fact_years instanceof Set) for (const y of item.fact_years) years.add(Number(y));
        }
      }
      return [...years].sort((a, b) => a - b);
    },

    putReference: (item) => conditionalPut(stamped(item)),

    retractReference: (park, what, key, sequencer) =>
      conditionalRetract(referenceKey(park, what), key, sequencer),
  };
}

/** The contribution an index item records, if any. */
function contributionOf(key: string, item: Record<string, unknown>): Contribution | null {
  const {
    facts_state: state,
    facts_sequencer: sequencer,
    facts_version: version,
    facts_event_time: time,
  } = item;
  if ((state !== 'accepted' && state !== 'removed') || typeof sequencer !== 'string') return null;
  return {
    state,
    source: {
      key,
      sequencer,
      versionId: typeof version === 'string' ? version : null,
      eventTime: String(time),
    },
  };
}

function isConditionFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
