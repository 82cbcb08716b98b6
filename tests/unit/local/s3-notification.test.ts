import { describe, expect, it } from 'vitest';
import {
  createSequencer,
  encodeS3EventKey,
  type ObjectChange,
  s3TestEvent,
  toNotificationRecord,
} from '../../../local/s3-notification.js';

const decode = (key: string) => decodeURIComponent(key.replace(/\+/g, ' '));

describe('encodeS3EventKey', () => {
  it('encodes spaces as + and non-ASCII as percent-encoded UTF-8, keeping slashes', () => {
    expect(encodeS3EventKey('uploads/p1/企业 a.csv')).toBe('uploads/p1/%E4%BC%81%E4%B8%9A+a.csv');
  });

  it('encodes a literal + so that it does not read back as a space', () => {
    expect(encodeS3EventKey('uploads/a+b.csv')).toBe('uploads/a%2Bb.csv');
  });

  it('leaves letters, digits and . - * _ alone and encodes other reserved characters', () => {
    expect(encodeS3EventKey('a-b_c.d*e')).toBe('a-b_c.d*e');
    expect(encodeS3EventKey('r(1)=%~,@:')).toBe('r%281%29%3D%25%7E%2C%40%3A');
  });

  it.each([
    'uploads/430000/91350100M000100Y43/2017年11月 报表.csv',
    'reference/p1/enterprises.csv',
    'uploads/p1/_office/a+b (1)%20.csv',
    'uploads/p1/𠀀 emoji 😀.csv',
  ])('decodes back to the stored key: %s', (key) => {
    expect(decode(encodeS3EventKey(key))).toBe(key);
  });
});

describe('createSequencer', () => {
  it('returns 18-digit upper-case hex strings that increase strictly under a frozen clock', () => {
    const next = createSequencer(() => 1_795_000_000_000);
    const values = Array.from({ length: 5 }, next);
    for (const value of values) expect(value).toMatch(/^[0-9A-F]{18}$/);
    const sorted = [...values].sort();
    expect(sorted).toEqual(values);
    expect(new Set(values).size).toBe(values.length);
  });

  it('keeps increasing when the clock goes backwards', () => {
    let clock = 2_000_000_000_000;
    const next = createSequencer(() => clock);
    const first = next();
    clock -= 60_000;
    const second = next();
    expect(second > first).toBe(true);
  });

  it('starts above sequencers of an earlier run', () => {
    const earlier = createSequencer(() => 1_000)();
    const later = createSequencer(() => 2_000)();
    expect(later > earlier).toBe(true);
  });
});

describe('toNotificationRecord', () => {
  const context = {
    region: 'us-east-1',
    sequencer: '0000066A1B2C3D4E5F',
    eventTime: new Date('2026-11-26T04:00:00.000Z'),
    configurationId: 'parkstats-ingest',
  };
  const put: ObjectChange = {
    kind: 'ObjectCreated:Put',
    bucket: 'parkstats-uploads',
    key: 'uploads/p1/企业 a.csv',
    size: 42,
    eTag: '5d41402abc4b2a76b9719d911017c592',
    sourceIp: '127.0.0.1',
  };

  it('shapes a creation as AWS does (event version 2.1, encoded key, size, eTag, no versionId)', () => {
    const record = toNotificationRecord(put, context);

    expect(record).toMatchObject({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'us-east-1',
      eventTime: '2026-11-26T04:00:00.000Z',
      eventName: 'ObjectCreated:Put',
      requestParameters: { sourceIPAddress: '127.0.0.1' },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'parkstats-ingest',
        bucket: { name: 'parkstats-uploads', arn: 'arn:aws:s3:::parkstats-uploads' },
      },
    });
    expect(record.s3.object).toEqual({
      key: 'uploads/p1/%E4%BC%81%E4%B8%9A+a.csv',
      size: 42,
      eTag: '5d41402abc4b2a76b9719d911017c592',
      sequencer: '0000066A1B2C3D4E5F',
    });
  });

  it('gives a removal only the key and the sequencer', () => {
    const record = toNotificationRecord({ ...put, kind: 'ObjectRemoved:Delete' }, context);

    expect(record.eventName).toBe('ObjectRemoved:Delete');
    expect(record.s3.object).toEqual({
      key: 'uploads/p1/%E4%BC%81%E4%B8%9A+a.csv',
      sequencer: '0000066A1B2C3D4E5F',
    });
  });
});

describe('s3TestEvent', () => {
  it('names the service, the event and the bucket', () => {
    const event = s3TestEvent('parkstats-uploads', new Date('2026-11-26T04:00:00.000Z'));

    expect(event).toMatchObject({
      Service: 'Amazon S3',
      Event: 's3:TestEvent',
      Time: '2026-11-26T04:00:00.000Z',
      Bucket: 'parkstats-uploads',
    });
    expect(event.RequestId).toMatch(/^[0-9A-F]{16}$/);
  });
});
