import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ParkstatsStack } from '../../infra/parkstats-stack.js';
import { allows, arnOf, type IamStatement } from '../support/hostile-iam.js';
import { logicalId, synthApp } from './support/synth-app.js';

/**
 * Security review of the stack as denials: what each function's role must NOT be able to do,
 * evaluated over its synthesized policies (tests/support/hostile-iam.ts), and what no bucket
 * may allow. tests/infra/stack.test.ts already checks the grants each role needs, that no
 * statement has a bare `*` action or resource, the non-TLS and TLS < 1.2 denies of every
 * bucket policy, and the uploads bucket's public access block; those are not repeated.
 */

type Resource = { Type: string; Properties: Record<string, unknown> };

/** A synth with cdk-nag takes several seconds; more on a busy CI runner. */
const SYNTH_TIMEOUT = 120_000;

let stack: ParkstatsStack;
let template: Template;
let resources: Record<string, Resource>;
let ids: {
  uploads: string;
  reports: string;
  facts: string;
  totals: string;
  bureauTopic: string;
  ingestQueue: string;
  recomputeQueue: string;
};
let roles: Record<'ingest' | 'aggregate' | 'report', IamStatement[]>;

function roleStatements(role: { node: { defaultChild?: unknown } }): IamStatement[] {
  const roleId = logicalId(stack, role);
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((p) => (p.Properties.PolicyDocument as { Statement: IamStatement[] }).Statement);
}

beforeAll(() => {
  ({ stack, template } = synthApp({ stage: 'dev' }));
  resources = template.toJSON().Resources;
  ids = {
    uploads: logicalId(stack, stack.uploads),
    reports: logicalId(stack, stack.reports),
    facts: logicalId(stack, stack.facts),
    totals: logicalId(stack, stack.totals),
    bureauTopic: logicalId(stack, stack.bureauTopic),
    ingestQueue: logicalId(stack, stack.ingestQueues.queue),
    recomputeQueue: logicalId(stack, stack.recomputeQueues.queue),
  };
  roles = {
    ingest: roleStatements(stack.ingest.role),
    aggregate: roleStatements(stack.aggregate.role),
    report: roleStatements(stack.report.role),
  };
}, SYNTH_TIMEOUT);

/** Stands for the bucket itself rather than an object key in the tables below. */
const BUCKET = '(the bucket)';
const upload = (key: string) => arnOf(ids.uploads, key);
const report = (key: string) => arnOf(ids.reports, key);

describe('IAM per function: denials', () => {
  it('the evaluator sees the grants each role needs (so a denial below means something)', () => {
    expect(allows(roles.ingest, 's3:GetObject', upload('uploads/shuangpai/x/2017-11.csv'))).toBe(true);
    expect(
      allows(roles.ingest, 's3:PutObject', upload('receipts/uploads/shuangpai/x/2017-11.csv.json')),
    ).toBe(true);
    expect(allows(roles.ingest, 'dynamodb:PutItem', arnOf(ids.facts))).toBe(true);
    expect(allows(roles.aggregate, 'dynamodb:PutItem', arnOf(ids.totals))).toBe(true);
    expect(allows(roles.report, 's3:PutObject', report('reports/shuangpai/2017-11/report.html'))).toBe(true);
    expect(allows(roles.report, 'sns:Publish', arnOf(ids.bureauTopic))).toBe(true);
  });

  it.each([
    ['s3:PutObject', 'uploads/shuangpai/91350100M000100Y43/2017-11.csv'],
    ['s3:PutObject', 'reference/shuangpai/enterprises.csv'],
    ['s3:DeleteObject', 'uploads/shuangpai/91350100M000100Y43/2017-11.csv'],
    ['s3:DeleteObjectVersion', 'reference/shuangpai/enterprises.csv'],
    ['s3:PutObjectAcl', 'receipts/uploads/shuangpai/x.csv.json'],
    ['s3:PutBucketPolicy', BUCKET],
  ])('ingest cannot %s on uploads bucket %s', (action, key) => {
    expect(allows(roles.ingest, action, key === BUCKET ? arnOf(ids.uploads) : upload(key))).toBe(false);
  });

  it('ingest cannot touch the reports bucket, the totals table or the bureau topic', () => {
    expect(allows(roles.ingest, 's3:PutObject', report('reports/shuangpai/2017-11/report.csv'))).toBe(false);
    expect(allows(roles.ingest, 's3:GetObject', report('reports/shuangpai/2017-11/report.csv'))).toBe(false);
    expect(allows(roles.ingest, 'dynamodb:PutItem', arnOf(ids.totals))).toBe(false);
    expect(allows(roles.ingest, 'sns:Publish', arnOf(ids.bureauTopic))).toBe(false);
  });

  it.each([
    ['s3:GetObject', 'uploads/shuangpai/x/2017-11.csv'],
    ['s3:GetObject', 'receipts/uploads/shuangpai/x/2017-11.csv.json'],
    ['s3:PutObject', 'receipts/uploads/shuangpai/x/2017-11.csv.json'],
    ['s3:ListBucket', BUCKET],
  ])('aggregate has no S3 access: %s on %s in either bucket', (action, key) => {
    expect(allows(roles.aggregate, action, key === BUCKET ? arnOf(ids.uploads) : upload(key))).toBe(false);
    expect(allows(roles.aggregate, action, key === BUCKET ? arnOf(ids.reports) : report(key))).toBe(false);
  });

  it('aggregate cannot write facts or feed the ingest queue', () => {
    for (const action of [
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
    ])
      expect(allows(roles.aggregate, action, arnOf(ids.facts))).toBe(false);
    expect(allows(roles.aggregate, 'sqs:SendMessage', arnOf(ids.ingestQueue))).toBe(false);
  });

  it.each([
    'uploads/shuangpai/91350100M000100Y43/2017-11.csv',
    'receipts/uploads/shuangpai/91350100M000100Y43/2017-11.csv.json',
    'reference/shuangpai/enterprises.csv',
  ])('report cannot write or delete %s in the uploads bucket', (key) => {
    for (const action of ['s3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion'])
      expect(allows(roles.report, action, upload(key))).toBe(false);
  });

  it('report cannot delete a published report, write outside reports/, or write either table', () => {
    expect(allows(roles.report, 's3:DeleteObject', report('reports/shuangpai/2017-11/report.csv'))).toBe(
      false,
    );
    expect(
      allows(roles.report, 's3:DeleteObjectVersion', report('reports/shuangpai/2017-11/report.csv')),
    ).toBe(false);
    expect(allows(roles.report, 's3:PutObject', report('other/x.csv'))).toBe(false);
    for (const table of [ids.facts, ids.totals])
      for (const action of ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'])
        expect(allows(roles.report, action, arnOf(table))).toBe(false);
  });

  it.each([
    'dynamodb:DeleteTable',
    'dynamodb:UpdateTable',
    'iam:PassRole',
    'iam:CreateRole',
    'lambda:UpdateFunctionCode',
    's3:PutBucketPolicy',
    's3:PutBucketPublicAccessBlock',
    's3:PutBucketAcl',
  ])('no function role may %s on anything in the stack', (action) => {
    const targets = [ids.uploads, ids.reports, ids.facts, ids.totals].map((id) => arnOf(id));
    for (const statements of Object.values(roles))
      for (const target of targets) expect(allows(statements, action, target)).toBe(false);
  });

  it('no statement grants a whole service (`s3:*`, `dynamodb:*`, …)', () => {
    const actions = Object.values(roles).flatMap((st) => st.flatMap((s) => [s.Action].flat()));
    expect(actions.length).toBeGreaterThan(20);
    expect(actions.filter((action) => /^[a-z0-9-]+:\*$/i.test(action))).toEqual([]);
  });

  it('no function role may Scan a table: every read is a Query or a GetItem on a known key', () => {
    for (const [name, statements] of Object.entries(roles))
      for (const table of [ids.facts, ids.totals])
        expect(allows(statements, 'dynamodb:Scan', arnOf(table)), `${name} on ${table}`).toBe(false);
  });
});

describe('buckets: denials', () => {
  const buckets = () => Object.entries(resources).filter(([, r]) => r.Type === 'AWS::S3::Bucket');

  it('every bucket blocks public access and disables ACLs', () => {
    expect(buckets()).toHaveLength(3);
    for (const [, bucket] of buckets()) {
      expect(bucket.Properties).toMatchObject({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      });
    }
  });

  it('no bucket policy allows anyone (`*`) anything, and none allows an upload from outside the stack', () => {
    const statements = Object.values(resources)
      .filter((r) => r.Type === 'AWS::S3::BucketPolicy')
      .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement);
    const allowed = statements.filter((s) => s.Effect === 'Allow');
    expect(allowed.length).toBeGreaterThan(0);
    for (const statement of allowed) {
      expect(JSON.stringify(statement.Principal)).not.toMatch(/"\*"/);
      expect(statement.NotPrincipal).toBeUndefined();
    }
    const putsToUploads = allowed.filter(
      (s) =>
        [s.Action].flat().some((a) => /^s3:(PutObject|\*)/.test(String(a))) &&
        JSON.stringify(s.Resource).includes(`"${ids.uploads}"`),
    );
    expect(putsToUploads).toEqual([]);
  });

  it('every deny for plain HTTP covers the bucket and all its objects', () => {
    for (const [id] of buckets()) {
      const policy = Object.values(resources).find(
        (r) =>
          r.Type === 'AWS::S3::BucketPolicy' &&
          JSON.stringify(r.Properties.Bucket) === JSON.stringify({ Ref: id }),
      );
      const statements = (policy?.Properties.PolicyDocument as { Statement: IamStatement[] } | undefined)
        ?.Statement;
      const deny = statements?.find(
        (st) => st.Effect === 'Deny' && JSON.stringify(st).includes('aws:SecureTransport'),
      );
      expect(deny).toBeDefined();
      if (deny === undefined) continue;
      const covers = (resource: string) => allows([{ ...deny, Effect: 'Allow' }], 's3:GetObject', resource);
      expect(covers(arnOf(id))).toBe(true);
      expect(covers(arnOf(id, 'uploads/shuangpai/x/2017-11.csv'))).toBe(true);
    }
  });
});
