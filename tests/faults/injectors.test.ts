import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { armFaults, disarmFaults, installFaultInjection, seededRandom } from '../support/faults-injection.js';

/**
 * The faults themselves: what the SDK and a handler see of them must be what AWS would give,
 * or the suite's survivals prove nothing. The clients point at a local HTTP server that
 * serves one object; DynamoDB requests never reach it (every attempt is answered by the
 * fault).
 */
const BODY = '统一社会信用代码,企业名称\r\n'.repeat(40);
let server: Server;
let dynamo: DynamoDBDocumentClient;
let s3: S3Client;

beforeAll(async () => {
  server = createServer((_, response) => {
    response.writeHead(200, { 'content-type': 'text/csv', 'content-length': Buffer.byteLength(BODY) });
    response.end(BODY);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const common = {
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'faults', secretAccessKey: 'faults' },
  };
  dynamo = DynamoDBDocumentClient.from(new DynamoDBClient(common));
  s3 = new S3Client({ ...common, forcePathStyle: true, responseChecksumValidation: 'WHEN_REQUIRED' });
  installFaultInjection({ dynamo, s3 });
});

afterEach(() => {
  disarmFaults();
});

afterAll(async () => {
  dynamo.destroy();
  s3.destroy();
  await new Promise((resolve) => server.close(resolve));
});

const getItem = () =>
  dynamo.send(new GetCommand({ TableName: 'parkstats-facts', Key: { pk: 'p', sk: 's' } }));

describe('injected DynamoDB errors', () => {
  it.each([
    ['throttle', 'ProvisionedThroughputExceededException', 400],
    ['server', 'InternalServerError', 500],
  ] as const)(
    'a %s on every attempt is parsed and retried by the SDK, then reaches the caller',
    async (error, name, status) => {
      // Arrange
      armFaults({
        kind: 'dynamo-error',
        error,
        rate: 0,
        stickyRate: 1,
        stickyBudget: 1,
        random: seededRandom(1),
      });

      // Act
      const failure = await getItem().catch((caught: unknown) => caught);

      // Assert
      // The SDK's own number of attempts for DynamoDB, every one answered by the fault.
      const attempts = (failure as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 0;
      expect(attempts).toBeGreaterThan(1);
      expect(failure).toMatchObject({ name, $metadata: { httpStatusCode: status } });
      expect(disarmFaults()).toMatchObject({ injected: attempts, sticky: 1 });
    },
  );

  it('with the sticky budget spent, fails only the first attempt of a call, which the SDK retries', async () => {
    // Arrange
    armFaults({
      kind: 'dynamo-error',
      error: 'server',
      rate: 1,
      stickyRate: 0,
      stickyBudget: 0,
      random: seededRandom(2),
    });

    // Act: the first attempt fails; the retry reaches the server, which is no DynamoDB.
    const failure = await getItem().catch((caught: unknown) => caught);

    // Assert
    expect(failure).toMatchObject({ $metadata: { attempts: 2 } });
    expect(disarmFaults()).toMatchObject({ injected: 1, sticky: 0 });
  });
});

describe('an S3 body reset mid-stream', () => {
  it('delivers some bytes of an upload, then fails the stream as a reset socket does', async () => {
    // Arrange
    armFaults({ kind: 's3-midstream', rate: 1, maxPerKey: 1, random: seededRandom(3) });
    const object = await s3.send(
      new GetObjectCommand({ Bucket: 'parkstats-uploads', Key: 'uploads/p/x.csv' }),
    );
    const received: Uint8Array[] = [];

    // Act
    const failure = await (async () => {
      for await (const chunk of object.Body as AsyncIterable<Uint8Array>) received.push(chunk);
    })().catch((caught: unknown) => caught);

    // Assert
    expect(failure).toMatchObject({ message: 'aborted', code: 'ECONNRESET' });
    const bytes = received.reduce((sum, chunk) => sum + chunk.length, 0);
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThan(Buffer.byteLength(BODY));
  });

  it('lets the same key through once it has failed maxPerKey times', async () => {
    // Arrange
    armFaults({ kind: 's3-midstream', rate: 1, maxPerKey: 1, random: seededRandom(4) });
    const get = () => s3.send(new GetObjectCommand({ Bucket: 'parkstats-uploads', Key: 'uploads/p/y.csv' }));
    await (await get()).Body?.transformToString().catch(() => undefined);

    // Act
    const text = await (await get()).Body?.transformToString();

    // Assert
    expect(text).toBe(BODY);
  });
});
