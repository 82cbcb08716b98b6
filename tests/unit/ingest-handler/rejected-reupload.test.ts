import { describe, expect, it, vi } from 'vitest';
import { ingestObjectEvent } from '../../../functions/ingest/ingest-service.js';
import { makeUscc } from '../../support/uscc.js';
import { ingestWorld, version } from './ingest-world.js';

/**
 * Rule 5: a rejected file changes no total. Users correct a month by re-uploading under the
 * same name, so a rejected re-upload must leave the key's last accepted figures in place,
 * while accepted versions and removals keep replacing and retracting them.
 */
const PARK = 'shuangpai';
const USCC = makeUscc(5151);
const KEY = `uploads/${PARK}/${USCC}/monthly.csv`;
const HEADER = '统一社会信用代码,企业名称,统计期,工业总产值(元),工业增加值(元),实缴税金(元)';
const file = (...rows: [string, number][]) =>
  [
    HEADER,
    ...rows.map(([period, output]) => `${USCC},双牌测试企业,${period},${output},${output / 4},1`),
  ].join('\n');

const v1 = version(KEY, '0010', 1, file(['2017-09', 100], ['2017-10', 100]));
const v2Rejected = version(KEY, '0020', 2, `${HEADER}\n${USCC},双牌测试企业,2017-10,abc,1,1`);
const v3 = version(KEY, '0030', 3, file(['2017-10', 300], ['2017-11', 300]));
const removal = version(KEY, '0030', 3, null);

function factsOf(world: ReturnType<typeof ingestWorld>) {
  return [...world.facts.facts.values()]
    .map((fact) => `${fact.period} ${fact.output} ${fact.source_sequencer}`)
    .sort();
}

describe('a rejected re-upload of an accepted key', () => {
  it('keeps the accepted facts, retracts nothing, recomputes nothing, and says so in its receipt', async () => {
    const world = ingestWorld([v1, v2Rejected]);
    await ingestObjectEvent(v1.event, world.deps);
    const before = factsOf(world);
    world.recomputes.length = 0;
    const retract = vi.spyOn(world.facts, 'retractFact');

    const outcome = await ingestObjectEvent(v2Rejected.event, world.deps);

    expect(outcome).toMatchObject({ status: 'rejected', retracted: 0 });
    expect(factsOf(world)).toEqual(before);
    expect(before).toEqual(['2017-09 100 0010', '2017-10 100 0010']);
    expect(retract).not.toHaveBeenCalled();
    expect(world.recomputes).toEqual([]);
    const stored = world.receipts.get(KEY);
    expect(stored?.receipt).toMatchObject({
      accepted: false,
      sequencer: '0020',
      facts_written: 0,
      kept_version: { sequencer: '0010', version_id: v1.event.versionId, event_time: v1.event.eventTime },
    });
    expect(stored?.receipt.errors.map((e) => e.rule)).toEqual(['amount.unparsable']);
    expect(stored?.text).toContain('已拒收');
    expect(stored?.text).toContain('没有改动任何数据，园区汇总不变');
    // v1's event time 02:01 UTC is 10:01 in Beijing.
    expect(stored?.text).toContain(
      '此前已接收的同名文件（北京时间 2017-12-05 10:01:00 上传的版本）的数据继续有效',
    );
  });

  it('writes a late accepted older version but keeps the newer rejected receipt (versioned reads)', async () => {
    const world = ingestWorld([v1, v2Rejected]);
    await ingestObjectEvent(v2Rejected.event, world.deps);
    expect(world.receipts.get(KEY)?.text).not.toContain('继续有效');
    expect(world.receipts.get(KEY)?.receipt.kept_version).toBeNull();

    const outcome = await ingestObjectEvent(v1.event, world.deps);

    expect(outcome).toEqual({ status: 'counted', factsWritten: 2, retracted: 0 });
    expect(factsOf(world)).toEqual(['2017-09 100 0010', '2017-10 100 0010']);
    expect(world.recomputes).toEqual([{ park: PARK, year: 2017, cause: KEY }]);
    expect(world.receipts.get(KEY)?.receipt).toMatchObject({ accepted: false, sequencer: '0020' });
  });

  it('lets a later accepted version define the key: rows it drops are retracted', async () => {
    const world = ingestWorld([v1, v2Rejected, v3]);
    for (const v of [v1, v2Rejected, v3]) await ingestObjectEvent(v.event, world.deps);

    expect(factsOf(world)).toEqual(['2017-10 300 0030', '2017-11 300 0030']);
    expect(world.receipts.get(KEY)?.receipt).toMatchObject({ accepted: true, sequencer: '0030' });
  });

  it('lets a removal after the rejection retract the accepted facts and the receipts', async () => {
    const world = ingestWorld([v1, v2Rejected, removal]);
    for (const v of [v1, v2Rejected]) await ingestObjectEvent(v.event, world.deps);
    world.recomputes.length = 0;

    const outcome = await ingestObjectEvent(removal.event, world.deps);

    expect(outcome).toEqual({ status: 'removed', retracted: 2 });
    expect(factsOf(world)).toEqual([]);
    expect(world.recomputes).toEqual([{ park: PARK, year: 2017, cause: KEY }]);
    expect(world.receipts.has(KEY)).toBe(false);
  });

  it('does not let an older removal take the receipt of a newer rejected version', async () => {
    const world = ingestWorld([v1, removal, version(KEY, '0040', 4, v2Rejected.text)]);
    const rejectedLater = version(KEY, '0040', 4, v2Rejected.text);
    for (const v of [v1, rejectedLater, removal]) await ingestObjectEvent(v.event, world.deps);

    expect(factsOf(world)).toEqual([]);
    expect(world.receipts.get(KEY)?.receipt).toMatchObject({ accepted: false, sequencer: '0040' });
  });
});
