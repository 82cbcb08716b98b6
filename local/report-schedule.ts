import { type MonthlyCron, nextRun, reportedPeriod } from '../functions/report/schedule.js';

const MAX_TIMER_MS = 2 ** 31 - 1;

export interface ScheduleHandle {
  stop(): void;
}

/**
 * The local stand-in for EventBridge Scheduler: calls `fire(period)` at every run of `cron`
 * until stopped. A long wait is split into timer-sized steps that re-check the clock, so a
 * month-long wait works and a suspended laptop fires once on waking rather than never.
 */
export function startReportSchedule(
  cron: MonthlyCron,
  fire: (period: string) => Promise<void>,
  now: () => Date = () => new Date(),
): ScheduleHandle {
  let timer: NodeJS.Timeout | undefined;
  let due = nextRun(cron, now());
  const tick = () => {
    const wait = due.getTime() - now().getTime();
    if (wait > 0) {
      timer = setTimeout(tick, Math.min(wait, MAX_TIMER_MS));
      return;
    }
    const period = reportedPeriod(due, cron.tz);
    due = nextRun(cron, due);
    void fire(period).finally(tick);
  };
  tick();
  return {
    stop: () => {
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}
