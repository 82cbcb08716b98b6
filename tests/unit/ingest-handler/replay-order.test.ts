import { describe, expect, it } from 'vitest';
import { ingestObjectEvent } from '../../../functions/ingest/ingest-service.js';
import { makeUscc } from '../../support/uscc.js';
import { ingestWorld, type Version, version } from './ingest-world.js';

/**
 * DESIGN "Ordering and idempotency": S3 delivers at least once and out of order; replaying
 * any event, in any order, any number of times, leaves the same facts. These scenarios run
 * the real ingest service over every order of a set of events, against a repository that
 * evaluates the adapter's conditions, and compare the final facts with the rule they must
 * follow: a key contributes the rows of its newest accepted version, unless a removal newer
 * than that exists; a rejected version contributes nothing and takes nothing away. The
 * receipt of a key is that of its newest event (none after a removal).
 */
const PARK = 'shuangpai';
const USCC = makeUscc(4242);
const OWN = `uploads/${PARK}/${USCC}/monthly.csv`;
const OFFICE = `uploads/${PARK}/_office/consolidated.csv`;
const HEADER = '统一社会信用代码,企业名称,统计期,工业总产值(元),工业增加值(元),实缴税金(元)';
const file = (...rows: [string, number][]) =>
  [
    HEADER,
    ...rows.map(([period, output]) => `${USCC},双牌测试企业,${period},${output},${output / 4},1`),
  ].join('\n');

async function replay(versions: Version[], order: number[]) {
  const { deps, facts, receipts } = ingestWorld(versions);
  for (const i of order) await ingestObjectEvent((versions[i] as Version).event, deps);
  const state = [...facts.facts.values()]
    .map((f) => `${f.period} ${f.output} ${f.source_key === OWN ? 'own' : 'office'}`)
    .sort();
  return {
    state,
    // Sorted, so an enterprise's own folder (its USCC) comes before _office.
    receipts: [...receipts.values()].map(({ receipt: r }) => `${r.key} ${r.sequencer} ${r.accepted}`).sort(),
  };
}

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((rest) =>
    Array.from({ length: n }, (_, at) => [...rest.slice(0, at), n - 1, ...rest.slice(at)]),
  );
}

/** Replays the versions in every order and expects the in-order outcome each time. */
async function expectSameInEveryOrder(versions: Version[]) {
  const inOrder = await replay(
    versions,
    versions.map((_, i) => i),
  );
  for (const order of permutations(versions.length)) {
    expect({ order, ...(await replay(versions, order)) }).toEqual({ order, ...inOrder });
  }
  return inOrder;
}

const REJECTED = `${HEADER}\n${USCC},双牌测试企业,2017-11,abc,1,1`;

// Each case replays every permutation through the real service (hundreds of full ingests):
// on a busy 2-core machine that takes longer than vitest's default 5 s.
describe('replaying events in any order', { timeout: 60_000 }, () => {
  const versions = [
    version(OWN, '0010', 1, file(['2017-09', 100], ['2017-10', 100])),
    version(OWN, '0020', 2, file(['2017-10', 200])),
    version(OFFICE, '0005', 3, file(['2017-10', 300], ['2017-11', 300])),
    version(OWN, '0030', 4, REJECTED),
    version(OWN, '0040', 5, file(['2017-11', 500])),
  ];

  it('ends with the same facts and receipts in all 120 orders', async () => {
    const inOrder = await expectSameInEveryOrder(versions);

    expect(inOrder.state).toEqual(['2017-10 300 office', '2017-11 500 own']);
    expect(inOrder.receipts).toEqual([`${OWN} 0040 true`, `${OFFICE} 0005 true`]);
  });

  it('ends the same when every event is delivered twice', async () => {
    const inOrder = await replay(versions, [0, 1, 2, 3, 4]);
    const twice = await replay(versions, [4, 0, 2, 4, 1, 3, 0, 1, 2, 3]);
    expect(twice).toEqual(inOrder);
  });

  it('a removal retracts what still comes from the key and gives back what it had displaced, in all 720 orders', async () => {
    // The own key's last version took 2017-11 over from the office file; once it is removed,
    // the office's figure is the one that counts again, whether or not it was ever displaced.
    const inOrder = await expectSameInEveryOrder([...versions, version(OWN, '0050', 6, null)]);

    expect(inOrder.state).toEqual(['2017-10 300 office', '2017-11 300 office']);
    expect(inOrder.receipts).toEqual([`${OFFICE} 0005 true`]);
  });
});

describe('a rejected newest version, in any order', { timeout: 60_000 }, () => {
  // The own key's accepted 0020 displaced the office figures; its rejected re-upload 0030
  // must leave them displaced, and its receipt must be the key's.
  const versions = [
    version(OWN, '0010', 1, file(['2017-09', 100], ['2017-10', 100])),
    version(OFFICE, '0005', 3, file(['2017-10', 300], ['2017-11', 300])),
    version(OWN, '0020', 4, file(['2017-10', 200], ['2017-11', 200])),
    version(OWN, '0030', 5, REJECTED),
  ];

  it('keeps the last accepted version of the key in all 24 orders', async () => {
    const inOrder = await expectSameInEveryOrder(versions);

    expect(inOrder.state).toEqual(['2017-10 200 own', '2017-11 200 own']);
    expect(inOrder.receipts).toEqual([`${OWN} 0030 false`, `${OFFICE} 0005 true`]);
  });

  it('lets a later accepted version define the key again in all 120 orders', async () => {
    const inOrder = await expectSameInEveryOrder([
      ...versions,
      version(OWN, '0040', 6, file(['2017-11', 600])),
    ]);

    expect(inOrder.state).toEqual(['2017-10 300 office', '2017-11 600 own']);
    expect(inOrder.receipts).toEqual([`${OWN} 0040 true`, `${OFFICE} 0005 true`]);
  });

  it('lets a removal after the rejection retract the accepted version in all 120 orders', async () => {
    const inOrder = await expectSameInEveryOrder([...versions, version(OWN, '0040', 6, null)]);

    expect(inOrder.state).toEqual(['2017-10 300 office', '2017-11 300 office']);
    expect(inOrder.receipts).toEqual([`${OFFICE} 0005 true`]);
  });
});
