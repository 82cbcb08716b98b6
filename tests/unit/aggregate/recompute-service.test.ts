import { describe, expect, it, vi } from 'vitest';
import type { ComputedParkReport } from '../../../core/indicators/recompute-park-year.js';
import type { ParkDataReader } from '../../../functions/adapters/park-data-reader.js';
import type { TotalsRepository } from '../../../functions/adapters/totals-repository.js';
import { createRecomputeService, UnknownParkError } from '../../../functions/aggregate/recompute-service.js';
import type { FactItem } from '../../../schemas/facts.js';
import { A, fact, testPark } from '../indicators/builders.js';

/** In-memory facts by year and a totals repository that records what it was given. */
function arrange(factsByYear: Record<number, FactItem[]>) {
  const reader: ParkDataReader = {
    factsOfYear: vi.fn(async (_park: string, year: number) => factsByYear[year] ?? []),
    register: vi.fn(async () => null),
    countyTotals: vi.fn(async () => null),
  };
  const replaced: { year: number; periods: string[]; computedAt: string[] }[] = [];
  const totals: TotalsRepository = {
    get: vi.fn(),
    replaceYear: vi.fn(async (_park: string, year: number, reports: ComputedParkReport[]) => {
      replaced.push({
        year,
        periods: reports.map((r) => r.period),
        computedAt: reports.map((r) => r.computed_at),
      });
      return { written: reports.map((r) => r.period), unchanged: [], deleted: [] };
    }),
  };
  const metrics = { addMetric: vi.fn() };
  const service = createRecomputeService({
    reader,
    totals,
    parks: { parks: [testPark] },
    logger: { info: vi.fn(), debug: vi.fn() },
    metrics,
    now: () => new Date('2017-12-05T02:00:00.000Z'),
  });
  return { service, reader, replaced, metrics };
}

const request = (year: number, park = 'testpark') => ({
  park,
  year,
  cause: 'uploads/testpark/_office/x.csv',
});

describe('recompute service', () => {
  it('replaces the year’s totals, stamped with the clock, and emits the recompute duration', async () => {
    const { service, replaced, metrics } = arrange({ 2017: [fact({ uscc: A, period: '2017-02' })] });

    const results = await service.startBatch().handle(request(2017));

    expect(replaced).toEqual([
      { year: 2017, periods: ['2017-01', '2017-02'], computedAt: Array(2).fill('2017-12-05T02:00:00.000Z') },
    ]);
    expect(results).toEqual([
      { park: 'testpark', year: 2017, written: ['2017-01', '2017-02'], unchanged: [], deleted: [] },
    ]);
    expect(metrics.addMetric).toHaveBeenCalledWith('RecomputeDuration', 'Milliseconds', expect.any(Number));
    expect(metrics.addMetric).toHaveBeenCalledWith('TotalsWritten', 'Count', 2);
  });

  it('replaces a year whose facts were all retracted with nothing, so its totals are deleted', async () => {
    const { service, replaced } = arrange({});

    await service.startBatch().handle(request(2017));

    expect(replaced).toEqual([{ year: 2017, periods: [], computedAt: [] }]);
  });

  it('coalesces only within a batch: a new batch recomputes again', async () => {
    const { service, replaced } = arrange({ 2017: [fact({ uscc: A, period: '2017-01' })] });
    const first = service.startBatch();

    await first.handle(request(2017));
    await first.handle(request(2017));
    await service.startBatch().handle(request(2017));

    expect(replaced.map((r) => r.year)).toEqual([2017, 2017]);
  });

  it('recomputes y after y+1 was covered, without recomputing y+1 again', async () => {
    const { service, replaced } = arrange({
      2016: [fact({ uscc: A, period: '2016-01' })],
      2017: [fact({ uscc: A, period: '2017-01' })],
    });
    const batch = service.startBatch();

    await batch.handle(request(2017));
    await batch.handle(request(2016));

    expect(replaced.map((r) => r.year)).toEqual([2017, 2016]);
  });

  it('rejects a request for a park this build does not know', async () => {
    const { service } = arrange({});

    await expect(service.startBatch().handle(request(2017, 'nowhere'))).rejects.toBeInstanceOf(
      UnknownParkError,
    );
  });
});
