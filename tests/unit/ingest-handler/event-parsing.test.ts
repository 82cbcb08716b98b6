import { describe, expect, it } from 'vitest';
import { compareSequencers } from '../../../core/ingest/upload-key.js';
import { sortableEventOrder, sortableSequencer } from '../../../functions/ingest/event-order.js';
import { decodeS3Key, objectEventsOf } from '../../../functions/ingest/s3-event.js';
import { isTransientError } from '../../../functions/ingest/transient-errors.js';

const record = (eventName: string, key: string, sequencer?: string) => ({
  eventVersion: '2.1',
  eventSource: 'aws:s3',
  awsRegion: 'cn-north-1',
  eventTime: '2017-12-05T02:03:04.005Z',
  eventName,
  s3: { bucket: { name: 'parkstats-uploads' }, object: { key, ...(sequencer ? { sequencer } : {}) } },
});

describe('decodeS3Key', () => {
  it('decodes form-encoded keys: + is a space, %XX is UTF-8', () => {
    expect(decodeS3Key('uploads/shuangpai/_office/2017%E5%B9%B411%E6%9C%88+%E6%8A%A5%E8%A1%A8.csv')).toBe(
      'uploads/shuangpai/_office/2017年11月 报表.csv',
    );
    expect(decodeS3Key('a%2Bb.csv')).toBe('a+b.csv');
  });

  it('returns null for broken percent-encoding', () => {
    expect(decodeS3Key('uploads/%E5%B9.csv')).toBeNull();
  });
});

describe('objectEventsOf', () => {
  it('maps created and removed records and skips other event types', () => {
    const body = JSON.stringify({
      Records: [
        record('ObjectCreated:Put', 'uploads/p/a+b.csv', '0055AED6DCD90281E5'),
        record('ObjectRemoved:Delete', 'uploads/p/c.csv', '0055AED6DCD90281E6'),
        record('ObjectTagging:Put', 'uploads/p/d.csv', '0055AED6DCD90281E7'),
      ],
    });

    expect(objectEventsOf(body)).toEqual([
      {
        action: 'created',
        key: 'uploads/p/a b.csv',
        sequencer: '0055AED6DCD90281E5',
        versionId: null,
        eventTime: '2017-12-05T02:03:04.005Z',
      },
      {
        action: 'removed',
        key: 'uploads/p/c.csv',
        sequencer: '0055AED6DCD90281E6',
        versionId: null,
        eventTime: '2017-12-05T02:03:04.005Z',
      },
    ]);
  });

  it('gives no events for the s3:TestEvent and "malformed" for anything that is not an S3 event', () => {
    const test = { Service: 'Amazon S3', Event: 's3:TestEvent', Time: '2017-12-05T02:03:04Z', Bucket: 'b' };
    expect(objectEventsOf(JSON.stringify(test))).toEqual([]);
    expect(objectEventsOf('not json')).toBe('malformed');
    expect(objectEventsOf(JSON.stringify({ Records: [{ eventName: 'ObjectCreated:Put' }] }))).toBe(
      'malformed',
    );
  });

  it('gives a record without a sequencer the oldest possible one', () => {
    const events = objectEventsOf(JSON.stringify({ Records: [record('ObjectCreated:Copy', 'k.csv')] }));
    expect(events).not.toBe('malformed');
    expect(events !== 'malformed' && events[0]?.sequencer).toBe('0');
  });
});

describe('sortable order', () => {
  it('stores sequencers so that string order is compareSequencers order', () => {
    const samples = ['0055AED6DCD90281E5', '0055AED6DCD90281E5A', '0055aed6dcd90281e6', 'FF', '0100', '0'];
    for (const a of samples) {
      for (const b of samples) {
        const [x, y] = [sortableSequencer(a), sortableSequencer(b)];
        expect(x < y ? -1 : x > y ? 1 : 0).toBe(compareSequencers(a, b));
      }
    }
  });

  it('orders different keys by event time first, then sequencer', () => {
    const earlier = sortableEventOrder('2017-12-05T02:03:04.005Z', 'FFFF');
    const later = sortableEventOrder('2017-12-05T02:03:04.006Z', '01');
    const laterHigherSequencer = sortableEventOrder('2017-12-05T02:03:04.006Z', '02');
    expect(earlier < later).toBe(true);
    expect(later < laterHigherSequencer).toBe(true);
  });

  it('refuses something that is not a hex sequencer', () => {
    expect(() => sortableSequencer('12#Z')).toThrow(/not an S3 sequencer/);
  });
});

describe('isTransientError', () => {
  it('treats throttling, 5xx, retryable and network errors as transient', () => {
    expect(
      isTransientError(Object.assign(new Error('x'), { name: 'ProvisionedThroughputExceededException' })),
    ).toBe(true);
    expect(isTransientError(Object.assign(new Error('x'), { $metadata: { httpStatusCode: 503 } }))).toBe(
      true,
    );
    expect(isTransientError(Object.assign(new Error('x'), { $retryable: { throttling: true } }))).toBe(true);
    expect(isTransientError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(true);
  });

  it('does not treat client errors or plain bugs as transient', () => {
    expect(
      isTransientError(
        Object.assign(new Error('x'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }),
      ),
    ).toBe(false);
    expect(isTransientError(new TypeError('undefined is not a function'))).toBe(false);
    expect(isTransientError('boom')).toBe(false);
  });
});
