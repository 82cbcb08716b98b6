import 'aws-sdk-client-mock-vitest/extend';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { type ComputedParkReport, recomputeParkYear } from '../../../core/indicators/recompute-park-year.js';
import {
  contentHash,
  createTotalsRepository,
  TotalsConflictError,
} from '../../../functions/adapters/totals-repository.js';
import { A, B, fact, testPark } from '../indicators/builders.js';

const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const dynamo = mockClient(client);
const repository = createTotalsRepository(client, 'totals');

/** January: A with `output`; February: B with `febOutput`. */
function reports(
  output: string,
  computedAt = '2017-12-05T02:00:00.000Z',
  febOutput = '100',
): ComputedParkReport[] {
  return recomputeParkYear({
    park: testPark,
    year: 2017,
    facts: [
      fact({ uscc: A, period: '2017-01', output }),
      fact({ uscc: B, period: '2017-02', output: febOutput }),
    ],
    priorFacts: [],
    register: null,
    countyTotals: null,
    computedAt,
  });
}

function stored(report: ComputedParkReport, revision: number) {
  return { sk: report.period, revision, content_hash: contentHash(report) };
}

beforeEach(() => {
  dynamo.reset();
});

describe('totals repository: replaceYear', () => {
  it('writes new periods with revision 1, keyed by park and period, only if absent', async () => {
    // Arrange
    dynamo.on(QueryCommand).resolves({ Items: [] });
    const [jan, feb] = reports('100');

    // Act
    const result = await repository.replaceYear('testpark', 2017, reports('100'));

    // Assess
    expect(result).toEqual({ written: ['2017-01', '2017-02'], unchanged: [], deleted: [] });
    expect(dynamo).toHaveReceivedCommandWith(QueryCommand, {
      TableName: 'totals',
      KeyConditionExpression: 'pk = :park AND begins_with(sk, :year)',
      ExpressionAttributeValues: { ':park': 'testpark', ':year': '2017-' },
    });
    expect(dynamo).toHaveReceivedCommandWith(PutCommand, {
      TableName: 'totals',
      Item: {
        pk: 'testpark',
        sk: '2017-01',
        ...jan,
        revision: 1,
        content_hash: contentHash(jan as ComputedParkReport),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(dynamo).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ sk: feb?.period }),
    });
  });

  it('does not write a period whose content is unchanged, whatever its computed_at', async () => {
    const [jan, feb] = reports('100', '2017-12-01T00:00:00.000Z');
    dynamo.on(QueryCommand).resolves({
      Items: [stored(jan as ComputedParkReport, 3), stored(feb as ComputedParkReport, 1)],
    });

    const result = await repository.replaceYear('testpark', 2017, reports('100', '2017-12-09T00:00:00.000Z'));

    expect(result.unchanged).toEqual(['2017-01', '2017-02']);
    expect(dynamo).toHaveReceivedCommandTimes(PutCommand, 0);
  });

  it('bumps the revision of a changed period on the condition that nobody else did', async () => {
    const [jan, oldFeb] = reports('100');
    dynamo.on(QueryCommand).resolves({
      Items: [stored(jan as ComputedParkReport, 1), stored(oldFeb as ComputedParkReport, 3)],
    });

    const result = await repository.replaceYear('testpark', 2017, reports('100', undefined, '120'));

    expect(result).toEqual({ written: ['2017-02'], unchanged: ['2017-01'], deleted: [] });
    expect(dynamo).toHaveReceivedCommandTimes(PutCommand, 1);
    expect(dynamo).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ sk: '2017-02', revision: 4 }),
      ConditionExpression: '#revision = :previous',
      ExpressionAttributeValues: { ':previous': 3 },
    });
  });

  it('deletes stored periods that no longer have facts', async () => {
    const [jan, feb] = reports('100');
    dynamo.on(QueryCommand).resolves({
      Items: [stored(jan as ComputedParkReport, 1), stored(feb as ComputedParkReport, 2)],
    });

    // February's only fact was retracted: January remains.
    const result = await repository.replaceYear('testpark', 2017, [jan as ComputedParkReport]);

    expect(result).toEqual({ written: [], unchanged: ['2017-01'], deleted: ['2017-02'] });
    expect(dynamo).toHaveReceivedCommandTimes(DeleteCommand, 1);
    expect(dynamo).toHaveReceivedCommandWith(DeleteCommand, {
      Key: { pk: 'testpark', sk: '2017-02' },
      ExpressionAttributeValues: { ':previous': 2 },
    });
  });

  it('reads the stored versions across pages', async () => {
    const [jan, feb] = reports('100');
    dynamo
      .on(QueryCommand)
      .resolvesOnce({
        Items: [stored(jan as ComputedParkReport, 1)],
        LastEvaluatedKey: { pk: 'testpark', sk: '2017-01' },
      })
      .resolvesOnce({ Items: [stored(feb as ComputedParkReport, 1)] });

    const result = await repository.replaceYear('testpark', 2017, reports('100'));

    expect(dynamo).toHaveReceivedCommandTimes(QueryCommand, 2);
    expect(result.unchanged).toEqual(['2017-01', '2017-02']);
  });

  it('turns a failed condition into a TotalsConflictError so the message is retried', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [] });
    const conditionFailed = Object.assign(new Error('The conditional request failed'), {
      name: 'ConditionalCheckFailedException',
    });
    dynamo.on(PutCommand).rejects(conditionFailed);

    await expect(repository.replaceYear('testpark', 2017, reports('100'))).rejects.toBeInstanceOf(
      TotalsConflictError,
    );
  });
});

describe('totals repository: get', () => {
  it('returns the stored report without its storage attributes', async () => {
    const [jan] = reports('100');
    const report = { ...(jan as ComputedParkReport), revision: 2 };
    dynamo.on(GetCommand).resolves({ Item: { pk: 'testpark', sk: '2017-01', content_hash: 'x', ...report } });

    await expect(repository.get('testpark', '2017-01')).resolves.toEqual(report);
    expect(dynamo).toHaveReceivedCommandWith(GetCommand, {
      TableName: 'totals',
      Key: { pk: 'testpark', sk: '2017-01' },
      ConsistentRead: true,
    });
  });

  it('returns null when the period has no totals', async () => {
    dynamo.on(GetCommand).resolves({});

    await expect(repository.get('testpark', '2017-05')).resolves.toBeNull();
  });
});
