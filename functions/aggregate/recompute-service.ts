import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { recomputeParkYear } from '../../core/indicators/recompute-park-year.js';
import { findPark } from '../../core/parks.js';
import type { CountyTotalsItem, FactItem, RecomputeRequest, RegisterItem } from '../../schemas/facts.js';
import type { Park, ParksConfig } from '../../schemas/park-config.js';
import type { ParkDataReader } from '../adapters/park-data-reader.js';
import type { ReplaceYearResult, TotalsRepository } from '../adapters/totals-repository.js';

export interface RecomputeServiceDeps {
  reader: ParkDataReader;
  totals: TotalsRepository;
  parks: ParksConfig;
  logger: Pick<Logger, 'info' | 'debug'>;
  metrics: Pick<Metrics, 'addMetric'>;
  /** Stamps `computed_at`. */
  now: () => Date;
}

export interface YearRecomputed extends ReplaceYearResult {
  park: string;
  year: number;
}

/** One SQS batch: requests for a (park, year) already recomputed in the batch are coalesced. */
export interface RecomputeBatch {
  handle(request: RecomputeRequest): Promise<YearRecomputed[]>;
}

/** A request names a park this build does not know: a configuration mismatch, never fixed by a retry. */
export class UnknownParkError extends Error {}

/**
 * Recomputes a park's totals from its facts. A request for year y recomputes y and then
 * y+1 when y+1 has facts, because y's facts are y+1's growth base.
 *
 * Coalescing is safe because every message of a batch was enqueued before the batch was
 * received, and ingest enqueues only after its facts are written: the first recompute of
 * a (park, year) in the batch reads (strongly consistent) every fact any later message of
 * the batch refers to. The same argument lets a y+1 already recomputed in this batch be
 * skipped when a later request for y arrives.
 */
export function createRecomputeService(deps: RecomputeServiceDeps) {
  const { reader, totals, logger, metrics } = deps;

  const recomputeYear = async (
    park: Park,
    year: number,
    facts: FactItem[],
    priorFacts: FactItem[],
    register: RegisterItem | null,
    countyTotals: CountyTotalsItem | null,
  ): Promise<YearRecomputed> => {
    const reports = recomputeParkYear({
      park,
      year,
      facts,
      priorFacts,
      register,
      countyTotals,
      computedAt: deps.now().toISOString(),
    });
    const result = await totals.replaceYear(park.id, year, reports);
    metrics.addMetric('TotalsWritten', MetricUnit.Count, result.written.length);
    return { park: park.id, year, ...result };
  };

  return {
    startBatch(): RecomputeBatch {
      const done = new Set<string>();
      const key = (park: string, year: number) => `${park}#${year}`;

      return {
        async handle(request) {
          const park = findPark(request.park, deps.parks);
          if (park === undefined)
            throw new UnknownParkError(`unknown park "${request.park}" in recompute request`);
          const { year } = request;
          if (done.has(key(park.id, year))) {
            logger.debug('recompute coalesced', { park: park.id, year, cause: request.cause });
            return [];
          }
          const started = performance.now();
          const nextYearPending = !done.has(key(park.id, year + 1));
          const [facts, priorFacts, nextFacts, register, countyTotals] = await Promise.all([
            reader.factsOfYear(park.id, year),
            reader.factsOfYear(park.id, year - 1),
            nextYearPending ? reader.factsOfYear(park.id, year + 1) : Promise.resolve([]),
            reader.register(park.id),
            reader.countyTotals(park.id),
          ]);

          const results = [await recomputeYear(park, year, facts, priorFacts, register, countyTotals)];
          done.add(key(park.id, year));
          if (nextFacts.length > 0) {
            results.push(await recomputeYear(park, year + 1, nextFacts, facts, register, countyTotals));
            done.add(key(park.id, year + 1));
          }

          const durationMs = performance.now() - started;
          metrics.addMetric('RecomputeDuration', MetricUnit.Milliseconds, durationMs);
          logger.info('recomputed', { cause: request.cause, facts: facts.length, durationMs, results });
          return results;
        },
      };
    },
  };
}

export type RecomputeService = ReturnType<typeof createRecomputeService>;
