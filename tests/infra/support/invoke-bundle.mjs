// Runs in a fresh Node process: loads one bundled handler and invokes it once, as a Lambda
// cold start does. Usage: node invoke-bundle.mjs <index.mjs> <event.json> <result.json>
// Plain JavaScript on purpose: no tsx or vitest in this process, so the timing is the bundle's.
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundle, eventFile, resultFile] = process.argv.slice(2);
const event = JSON.parse(readFileSync(eventFile, 'utf8'));
const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'parkstats-smoke';
const context = {
  callbackWaitsForEmptyEventLoop: true,
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
  memoryLimitInMB: '512',
  awsRequestId: randomUUID(),
  logGroupName: `/aws/lambda/${functionName}`,
  logStreamName: 'smoke',
  getRemainingTimeInMillis: () => 60_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

const startedAt = performance.now();
const { handler } = await import(pathToFileURL(bundle).href);
const loadedAt = performance.now();
let result = null;
let error = null;
try {
  result = (await handler(event, context)) ?? null;
} catch (thrown) {
  error = thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown);
}
const invokedAt = performance.now();
writeFileSync(
  resultFile,
  JSON.stringify({
    bootMs: startedAt,
    loadMs: loadedAt - startedAt,
    invokeMs: invokedAt - loadedAt,
    result,
    error,
  }),
);
