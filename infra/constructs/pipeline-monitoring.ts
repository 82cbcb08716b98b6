import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { QueueWithDlq } from './queue-with-dlq.js';

export interface MonitoredQueue {
  readonly label: string;
  readonly queues: QueueWithDlq;
  /** Alarm when the oldest message has waited this long: the pipeline is stuck or too slow. */
  readonly maxMessageAge: Duration;
}

export interface PipelineMonitoringProps {
  readonly functions: Record<string, lambda.IFunction>;
  readonly queues: MonitoredQueue[];
  readonly alarmTopic: sns.ITopic;
  readonly dashboardName: string;
}

/** The Powertools namespace and service dimension the handlers emit their metrics under. */
const NAMESPACE = 'Parkstats';
const SERVICE = { service: 'parkstats' };

/** A business metric the handlers emit with Powertools (EMF), by its name in functions/ingest and functions/aggregate. */
const appMetric = (metricName: string, statistic: string) =>
  new cloudwatch.Metric({
    namespace: NAMESPACE,
    metricName,
    dimensionsMap: SERVICE,
    statistic,
    period: Duration.minutes(5),
  });

/**
 * Alarms and a dashboard for the pipeline. Every alarm notifies the ops topic both when it
 * fires and when it recovers, so an e-mail thread shows the whole incident.
 *
 * Alarms: any message in a DLQ (a file or recompute that failed three times), any handler
 * error, any throttle, and the age of the oldest message on each work queue.
 */
export class PipelineMonitoring extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: PipelineMonitoringProps) {
    super(scope, id);
    const notify = new actions.SnsAction(props.alarmTopic);
    const alarm = (alarmId: string, metric: cloudwatch.IMetric, threshold: number, description: string) => {
      const created = new cloudwatch.Alarm(this, alarmId, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      created.addAlarmAction(notify);
      created.addOkAction(notify);
      this.alarms.push(created);
      return created;
    };

    for (const { label, queues, maxMessageAge } of props.queues) {
      alarm(
        `${label}DlqDepth`,
        queues.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(1),
          statistic: 'Maximum',
        }),
        0,
        `${label}: messages in the dead-letter queue. Inspect, fix, then redrive (README, Deploy).`,
      );
      alarm(
        `${label}OldestMessage`,
        queues.queue.metricApproximateAgeOfOldestMessage({
          period: Duration.minutes(1),
          statistic: 'Maximum',
        }),
        maxMessageAge.toSeconds(),
        `${label}: oldest message older than ${maxMessageAge.toHumanString()}; consumers stuck or throttled.`,
      );
    }
    for (const [label, fn] of Object.entries(props.functions)) {
      alarm(
        `${label}Errors`,
        fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        0,
        `${label}: handler errors.`,
      );
      alarm(
        `${label}Throttles`,
        fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }),
        0,
        `${label}: invocations throttled.`,
      );
    }

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.days(7),
    });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Files accepted / rejected',
        left: [appMetric('FilesAccepted', 'Sum'), appMetric('FilesRejected', 'Sum')],
      }),
      new cloudwatch.GraphWidget({
        title: 'Rows ingested / superseded, totals written',
        left: [
          appMetric('RowsIngested', 'Sum'),
          appMetric('FactsSuperseded', 'Sum'),
          appMetric('TotalsWritten', 'Sum'),
        ],
      }),
      new cloudwatch.GraphWidget({
        title: 'Recompute duration (ms)',
        left: [appMetric('RecomputeDuration', 'Average'), appMetric('RecomputeDuration', 'Maximum')],
      }),
      new cloudwatch.GraphWidget({
        title: 'Ingest failures (retried)',
        left: [appMetric('TransientFailures', 'Sum'), appMetric('UnexpectedFailures', 'Sum')],
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'DLQ depth',
        left: props.queues.map(({ label, queues }) =>
          queues.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ label, statistic: 'Maximum' }),
        ),
      }),
      new cloudwatch.GraphWidget({
        title: 'Age of oldest message (s)',
        left: props.queues.map(({ label, queues }) =>
          queues.queue.metricApproximateAgeOfOldestMessage({ label, statistic: 'Maximum' }),
        ),
      }),
    );
    this.dashboard.addWidgets(
      ...Object.entries(props.functions).map(
        ([label, fn]) =>
          new cloudwatch.GraphWidget({
            title: `${label}: invocations, errors, throttles, duration`,
            left: [fn.metricInvocations(), fn.metricErrors(), fn.metricThrottles()],
            right: [fn.metricDuration({ statistic: 'p95' })],
          }),
      ),
    );
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 }),
    );
  }
}
