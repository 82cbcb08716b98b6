import { afterEach, describe, expect, it, vi } from 'vitest';
import { parks } from '../../../core/parks.js';
import { ReportEventError, resolveReportRequest } from '../../../functions/report/report-event.js';
import { DEFAULT_REPORT_CRON, nextRun, reportedPeriod } from '../../../functions/report/schedule.js';
import { startReportSchedule } from '../../../local/report-schedule.js';

describe('nextRun: 09:00 Asia/Shanghai on the 8th', () => {
  it('is 01:00 UTC on the 8th of this month when that is still ahead', () => {
    expect(nextRun(DEFAULT_REPORT_CRON, new Date('2017-12-03T12:00:00Z')).toISOString()).toBe(
      '2017-12-08T01:00:00.000Z',
    );
  });

  it('moves to next month once this month’s run has passed, and never returns `now` itself', () => {
    expect(nextRun(DEFAULT_REPORT_CRON, new Date('2017-12-08T01:00:00Z')).toISOString()).toBe(
      '2018-01-08T01:00:00.000Z',
    );
  });

  it('rolls December over into January of the next year', () => {
    expect(nextRun(DEFAULT_REPORT_CRON, new Date('2017-12-20T00:00:00Z')).toISOString()).toBe(
      '2018-01-08T01:00:00.000Z',
    );
  });

  it('uses the local date in the zone: late on the 7th UTC is already the 8th in Shanghai', () => {
    // 2017-12-07T17:30Z is 01:30 on the 8th in Shanghai, before 09:00 → the run that same local day.
    expect(nextRun(DEFAULT_REPORT_CRON, new Date('2017-12-07T17:30:00Z')).toISOString()).toBe(
      '2017-12-08T01:00:00.000Z',
    );
  });

  it('follows daylight saving in a zone that has it', () => {
    const cron = { day: 8, hour: 9, tz: 'Europe/Berlin' };
    expect(nextRun(cron, new Date('2017-01-01T00:00:00Z')).toISOString()).toBe('2017-01-08T08:00:00.000Z');
    expect(nextRun(cron, new Date('2017-07-01T00:00:00Z')).toISOString()).toBe('2017-07-08T07:00:00.000Z');
  });
});

describe('reportedPeriod and the event defaults', () => {
  it('reports the previous month in Shanghai time: 2017-12-08T01:00Z → 2017-11', () => {
    expect(reportedPeriod(new Date('2017-12-08T01:00:00Z'))).toBe('2017-11');
  });

  it('takes the month from Shanghai, not UTC: 2017-11-30T17:00Z is already December there', () => {
    expect(reportedPeriod(new Date('2017-11-30T17:00:00Z'))).toBe('2017-11');
    expect(reportedPeriod(new Date('2017-11-30T15:00:00Z'))).toBe('2017-10');
  });

  it('reports December of the previous year in January', () => {
    expect(reportedPeriod(new Date('2018-01-08T01:00:00Z'))).toBe('2017-12');
  });

  it('fills an empty event with the previous month and every configured park', () => {
    const request = resolveReportRequest({}, parks, new Date('2017-12-08T01:00:00Z'));
    expect(request.period).toBe('2017-11');
    expect(request.parks.map((p) => p.id)).toEqual(parks.parks.map((p) => p.id));
  });

  it('keeps an explicit period and parks', () => {
    const request = resolveReportRequest(
      { period: '2017-06', parks: ['shuangpai'] },
      parks,
      new Date('2017-12-08T01:00:00Z'),
    );
    expect(request).toMatchObject({ period: '2017-06', parks: [{ id: 'shuangpai' }] });
  });

  it.each([
    [{ period: '2017-13' }, /period/],
    [{ period: '2017-11', extra: 1 }, /extra|unrecognized/i],
    [{ parks: [] }, /parks/],
    [{ parks: ['atlantis'] }, /unknown park.*atlantis/],
    ['not an object', /invalid report event/],
  ])('rejects %j with a ReportEventError naming the problem', (event, message) => {
    const act = () => resolveReportRequest(event, parks, new Date('2017-12-08T01:00:00Z'));
    expect(act).toThrow(ReportEventError);
    expect(act).toThrow(message);
  });
});

describe('startReportSchedule', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires at each run with the period it covers, waiting past the 24.8-day timer limit', async () => {
    // Arrange
    vi.useFakeTimers({ now: new Date('2017-11-09T01:00:00Z') });
    const fired: string[] = [];
    const handle = startReportSchedule(DEFAULT_REPORT_CRON, async (period) => {
      fired.push(period);
    });

    // Act: the first run is 29 days away, more than one timer can wait.
    await vi.advanceTimersByTimeAsync(29 * 86_400_000 - 1);
    const beforeDue = [...fired];
    await vi.advanceTimersByTimeAsync(2);
    await vi.advanceTimersByTimeAsync(31 * 86_400_000);
    handle.stop();

    // Assess
    expect(beforeDue).toEqual([]);
    expect(fired).toEqual(['2017-11', '2017-12']);
  });
});
