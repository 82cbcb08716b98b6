import type { IngestDeps } from '../../../functions/ingest/context.js';
import type { ObjectEvent } from '../../../functions/ingest/s3-event.js';
import type { RecomputeRequest } from '../../../schemas/facts.js';
import type { Receipt } from '../../../schemas/receipt.js';
import { InMemoryFactsRepository } from './in-memory-repository.js';

/** One S3 event and the bytes of the version it names (null: a removal). */
export interface Version {
  event: ObjectEvent;
  text: string | null;
}

/** An event at `2017-12-05T02:{minute}`; its versionId names the version, as on a versioned bucket. */
export const version = (key: string, sequencer: string, minute: number, text: string | null): Version => ({
  event: {
    action: text === null ? 'removed' : 'created',
    key,
    sequencer,
    versionId: `${key}@${sequencer}`,
    eventTime: `2017-12-05T02:${String(minute).padStart(2, '0')}:00.000Z`,
  },
  text,
});

/**
 * Ingest's dependencies in memory: objects read by versionId (AWS with bucket versioning),
 * the in-memory facts repository, and the receipts (with their text) and recompute
 * requests kept for the test to inspect.
 */
export function ingestWorld(versions: readonly Version[]) {
  const facts = new InMemoryFactsRepository();
  const receipts = new Map<string, { receipt: Receipt; text: string }>();
  const recomputes: RecomputeRequest[] = [];
  const byVersion = new Map(versions.map((v) => [v.event.versionId, v.text]));
  const deps: IngestDeps = {
    objects: {
      async open(_key, versionId) {
        const text = byVersion.get(versionId);
        if (text === undefined || text === null) return null;
        return (async function* () {
          yield new TextEncoder().encode(text);
        })();
      },
    },
    facts,
    receipts: {
      async put(receipt, text) {
        receipts.set(receipt.key, { receipt, text });
      },
      async remove(key) {
        receipts.delete(key);
      },
    },
    recompute: {
      async request(request) {
        recomputes.push(request);
      },
    },
    now: () => new Date('2018-01-10T00:00:00Z'),
  };
  return { deps, facts, receipts, recomputes };
}
