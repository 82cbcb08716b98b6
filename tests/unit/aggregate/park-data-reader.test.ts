import 'aws-sdk-client-mock-vitest/extend';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createParkDataReader,
  StoredItemInvalidError,
} from '../../../functions/adapters/park-data-reader.js';
import { A, B, countyTotals, fact, register } from '../indicators/builders.js';

const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const dynamo = mockClient(client);
const reader = createParkDataReader(client, 'facts');

beforeEach(() => {
  dynamo.reset();
});

describe('park data reader', () => {
  it('reads every page of a park-year partition with strongly consistent Queries', async () => {
    const jan = fact({ uscc: A, period: '2017-01' });
    const feb = fact({ uscc: B, period: '2017-02' });
    dynamo
      .on(QueryCommand)
      .resolvesOnce({ Items: [jan], LastEvaluatedKey: { pk: jan.pk, sk: jan.sk } })
      .resolvesOnce({ Items: [feb] });

    const facts = await reader.factsOfYear('testpark', 2017);

    expect(facts).toEqual([jan, feb]);
    expect(dynamo).toHaveReceivedCommandTimes(QueryCommand, 2);
    expect(dynamo).toHaveReceivedNthCommandWith(QueryCommand, 2, {
      TableName: 'facts',
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'FACT#testpark#2017' },
      ExclusiveStartKey: { pk: jan.pk, sk: jan.sk },
      ConsistentRead: true,
    });
  });

  it('names the stored item when it breaks the contract', async () => {
    const broken = { ...fact({ uscc: A, period: '2017-01' }), output: 1234 };
    dynamo.on(QueryCommand).resolves({ Items: [broken] });

    const read = reader.factsOfYear('testpark', 2017);

    await expect(read).rejects.toBeInstanceOf(StoredItemInvalidError);
    await expect(read).rejects.toThrow(`${broken.pk} / ${broken.sk}`);
  });

  it('gets the register and county totals by key, null when not uploaded', async () => {
    const reg = register([{ uscc: A, name: '企业A', industry_code: 'C2021', above_scale: true }]);
    const county = countyTotals({ '2017-01': { output_ytd: '10', value_added_ytd: '3' } });
    dynamo.on(GetCommand, { Key: { pk: 'REF#testpark', sk: 'enterprises' } }).resolves({ Item: reg });
    dynamo.on(GetCommand, { Key: { pk: 'REF#testpark', sk: 'county-totals' } }).resolves({ Item: county });
    dynamo.on(GetCommand, { Key: { pk: 'REF#otherpark', sk: 'enterprises' } }).resolves({});

    await expect(reader.register('testpark')).resolves.toEqual(reg);
    await expect(reader.countyTotals('testpark')).resolves.toEqual(county);
    await expect(reader.register('otherpark')).resolves.toBeNull();
    expect(dynamo).toHaveReceivedCommandWith(GetCommand, { TableName: 'facts', ConsistentRead: true });
  });
});
