import * as iam from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import type { ParkstatsStack } from '../../infra/parkstats-stack.js';
import { synthApp } from './support/synth-app.js';

const SYNTH_TIMEOUT = 120_000;

describe('cdk-nag AwsSolutions', () => {
  it.each([
    ['dev', { stage: 'dev' }],
    ['prod', { stage: 'prod', bureauEmails: 'tjj@county.example.cn', alarmEmail: 'ops@park.example.cn' }],
  ])(
    '%s: synth passes with zero unacknowledged findings, each acknowledgement scoped and explained',
    (_stage, context) => {
      // Act
      const { violations, suppressed } = synthApp(context).nag;

      // Assess
      expect(violations).toEqual([]);
      expect(suppressed.length).toBeGreaterThan(0);
      for (const finding of suppressed) {
        // One exact finding (rule + [detail]) on one construct below the stack, never the stack itself.
        expect(finding.ruleName).toMatch(/^AwsSolutions-IAM[45]\[.+\]$/);
        expect(finding.acknowledgedAt).toMatch(/^Parkstats-\w+\/.+/);
        expect(finding.reason?.length ?? 0).toBeGreaterThan(30);
      }
    },
    SYNTH_TIMEOUT,
  );

  it(
    'a new wildcard permission fails the synth',
    () => {
      // Arrange: what a careless change would add.
      const addWildcard = (stack: ParkstatsStack) => {
        stack.aggregate.fn.addToRolePolicy(
          new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }),
        );
      };

      // Act + Assess
      expect(() => synthApp({ stage: 'dev' }, addWildcard)).toThrow(
        /AggregateFn\/Role\/DefaultPolicy[\s\S]*AwsSolutions-IAM5\[Resource::\*\]/,
      );
    },
    SYNTH_TIMEOUT,
  );
});
