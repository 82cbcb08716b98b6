/**
 * Faults for the fault-injection suite (tests/faults), put on the very AWS clients the
 * handlers use (functions/shared/aws-clients.ts) as SDK middleware. A test arms one plan
 * at a time with `armFaults`; the middleware reads it from a per-process state, so it does
 * not matter which copy of this module the stack's handler modules and the test loaded.
 *
 * Every fault sits in the `deserialize` step below the SDK's deserializer, that is inside
 * the SDK's retry loop and in place of the HTTP exchange: an injected DynamoDB error is an
 * HTTP response the SDK parses and classifies itself (so its own retries, backoff and
 * retry quota apply exactly as against AWS), and a failing S3 body is the HTTP response
 * body the SDK hands to the handler.
 */
import { PassThrough, Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** A seeded generator in [0, 1) (mulberry32), so a run's faults are reproducible from its seed. */
export type Random = () => number;

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type FaultPlan =
  | { kind: 'none' }
  /**
   * DynamoDB answers a throttle (400) or a 500: to the first attempt of a seeded `rate` of
   * calls, which the SDK's own retry absorbs, and to every attempt of a seeded `stickyRate`
   * of calls (at most `stickyBudget` per run), which reach the handler. The budget keeps a
   * message from failing on all three of its receives.
   */
  | {
      kind: 'dynamo-error';
      error: 'throttle' | 'server';
      rate: number;
      stickyRate: number;
      stickyBudget: number;
      random: Random;
    }
  /**
   * A seeded fraction of the GetObject bodies of uploads break after a random number of
   * bytes; one key breaks at most `maxPerKey` times, so it stays below maxReceiveCount.
   */
  | { kind: 's3-midstream'; rate: number; maxPerKey: number; random: Random }
  /** The first fact write of each of these upload keys waits `delayMs` before it is sent. */
  | { kind: 'slow-facts'; keys: ReadonlySet<string>; delayMs: number }
  /**
   * A seeded `rate` of aggregate invocations die after reading facts, at a random totals
   * write (the 1st to 3rd; the writes before it land, none after it does). At most
   * `maxConsecutive` killed invocations in a row, as a message has three receives.
   */
  | { kind: 'aggregate-kill'; rate: number; maxConsecutive: number; random: Random };

export interface FaultCounts {
  /** Faults injected (errors answered, bodies broken, writes delayed, totals writes killed). */
  injected: number;
  /** DynamoDB calls failed on every attempt. */
  sticky: number;
  /** Fact writes of an upload made while another delivery of it was held in the handler. */
  overlaps: number;
  /** Aggregate invocations killed. */
  kills: number;
}

interface FaultState {
  plan: FaultPlan;
  counts: FaultCounts;
  /** Per S3 key or DynamoDB call (the SDK's invocation id, the same for every attempt). */
  perKey: Map<string, number>;
  invocation: AggregateInvocation | null;
  consecutiveKills: number;
}

interface AggregateInvocation {
  /** Index of the totals write the invocation dies at; null: it lives. */
  killAt: number | null;
  factsRead: boolean;
  writes: number;
  killed: boolean;
  /** Totals writes let through, awaited before the kill so none lands after it. */
  admitted: Promise<unknown>[];
}

const STATE_KEY = Symbol.for('parkstats.tests.faults-injection');
const INSTALLED = Symbol.for('parkstats.tests.faults-injection.installed');

function state(): FaultState {
  const store = globalThis as { [STATE_KEY]?: FaultState };
  store[STATE_KEY] ??= {
    plan: { kind: 'none' },
    counts: { injected: 0, sticky: 0, overlaps: 0, kills: 0 },
    perKey: new Map(),
    invocation: null,
    consecutiveKills: 0,
  };
  return store[STATE_KEY];
}

export function armFaults(plan: FaultPlan): void {
  Object.assign(state(), {
    plan,
    counts: { injected: 0, sticky: 0, overlaps: 0, kills: 0 },
    perKey: new Map(),
    invocation: null,
    consecutiveKills: 0,
  });
}

/** Disarms and returns what the plan did. */
export function disarmFaults(): FaultCounts {
  const current = state();
  current.plan = { kind: 'none' };
  return { ...current.counts };
}

export class SimulatedKillError extends Error {
  override name = 'SimulatedKillError';
}

/** The parts of the SDK's deserialize-step arguments and results the faults look at. */
interface WireRequest {
  headers: Record<string, string>;
  body?: unknown;
}
interface WireResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: unknown;
}
type Next = (args: { request: unknown; input: unknown }) => Promise<{ response: unknown; output?: unknown }>;

const STEP = { step: 'deserialize', priority: 'low' } as const;

/** Puts the fault middleware on the handlers' clients, once per client. */
export function installFaultInjection(clients: { dynamo: DynamoDBDocumentClient; s3: S3Client }): void {
  const marked = clients as unknown as { dynamo: { [INSTALLED]?: true }; s3: { [INSTALLED]?: true } };
  if (!marked.dynamo[INSTALLED]) {
    marked.dynamo[INSTALLED] = true;
    clients.dynamo.middlewareStack.add(
      (next) => (args) => dynamoFault(next as unknown as Next, args as never) as never,
      { ...STEP, name: 'faultsDynamo' },
    );
  }
  if (!marked.s3[INSTALLED]) {
    marked.s3[INSTALLED] = true;
    clients.s3.middlewareStack.add(
      (next, context) => (args) =>
        s3Fault(next as unknown as Next, args as never, context.commandName ?? '') as never,
      { ...STEP, name: 'faultsS3' },
    );
  }
}

interface DynamoCall {
  operation: string;
  table: string;
  /** `pk` of a PutItem's item, `source_key` of a fact. */
  pk: string;
  sourceKey: string;
}

function describeDynamoCall(request: WireRequest): DynamoCall {
  const operation = (request.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
  // The JSON protocol serializes the body to bytes before this step.
  const text =
    typeof request.body === 'string'
      ? request.body
      : request.body instanceof Uint8Array
        ? new TextDecoder().decode(request.body)
        : '{}';
  const body = JSON.parse(text) as Record<string, unknown>;
  const item = (body.Item ?? {}) as Record<string, { S?: string } | undefined>;
  return {
    operation,
    table: typeof body.TableName === 'string' ? body.TableName : '',
    pk: item.pk?.S ?? '',
    sourceKey: item.source_key?.S ?? '',
  };
}

const TOTALS_WRITES = new Set(['PutItem', 'DeleteItem']);
/** States of a slow key: its first delivery is held before its first fact write, then let go. */
const SLEEPING = 1;
const AWOKE = 2;

async function dynamoFault(next: Next, args: { request: WireRequest; input: unknown }) {
  const current = state();
  const plan = current.plan;
  if (plan.kind === 'none' || plan.kind === 's3-midstream') return next(args);

  if (plan.kind === 'dynamo-error') {
    const invocation = args.request.headers['amz-sdk-invocation-id'] ?? '';
    let failures = current.perKey.get(invocation);
    if (failures === undefined) {
      const draw = plan.random();
      const sticky = draw < plan.stickyRate && current.counts.sticky < plan.stickyBudget;
      if (sticky) current.counts.sticky += 1;
      failures = sticky ? Number.POSITIVE_INFINITY : draw < plan.stickyRate + plan.rate ? 1 : 0;
    }
    if (failures === 0) return next(args);
    current.perKey.set(invocation, failures - 1);
    current.counts.injected += 1;
    return { response: dynamoErrorResponse(plan.error) };
  }

  const call = describeDynamoCall(args.request);
  if (plan.kind === 'slow-facts') {
    const isFirstFactWrite =
      call.operation === 'PutItem' &&
      call.pk.startsWith('FACT#') &&
      plan.keys.has(call.sourceKey) &&
      !current.perKey.has(call.sourceKey);
    const isFactWrite = call.operation === 'PutItem' && call.pk.startsWith('FACT#');
    if (isFactWrite && current.perKey.get(call.sourceKey) === SLEEPING) current.counts.overlaps += 1;
    if (isFirstFactWrite) {
      current.perKey.set(call.sourceKey, SLEEPING);
      current.counts.injected += 1;
      await new Promise((resolve) => setTimeout(resolve, plan.delayMs));
      current.perKey.set(call.sourceKey, AWOKE);
    }
    return next(args);
  }

  const invocation = current.invocation;
  if (invocation === null) return next(args);
  if (call.operation === 'Query' && call.table === process.env.PARKSTATS_FACTS_TABLE) {
    invocation.factsRead = true;
    return next(args);
  }
  const isTotalsWrite =
    TOTALS_WRITES.has(call.operation) && call.table === process.env.PARKSTATS_TOTALS_TABLE;
  if (!isTotalsWrite || !invocation.factsRead) return next(args);
  const index = invocation.writes;
  invocation.writes += 1;
  if (invocation.killAt === null || index < invocation.killAt) {
    const write = next(args);
    invocation.admitted.push(write);
    return write;
  }
  if (!invocation.killed) {
    invocation.killed = true;
    current.counts.kills += 1;
  }
  current.counts.injected += 1;
  await Promise.allSettled(invocation.admitted);
  throw new SimulatedKillError(`simulated kill of the aggregate function at totals write ${index + 1}`);
}

/**
 * Brackets one aggregate invocation (tests/support/faults-aggregate-handler.ts): under an
 * aggregate-kill plan, decides whether and where it dies.
 */
export async function asAggregateInvocation<T>(invoke: () => Promise<T>): Promise<T> {
  const current = state();
  const plan = current.plan;
  if (plan.kind !== 'aggregate-kill') return invoke();
  const kill = current.consecutiveKills < plan.maxConsecutive && plan.random() < plan.rate;
  const invocation: AggregateInvocation = {
    killAt: kill ? Math.floor(plan.random() * 3) : null,
    factsRead: false,
    writes: 0,
    killed: false,
    admitted: [],
  };
  current.invocation = invocation;
  try {
    return await invoke();
  } finally {
    current.invocation = null;
    current.consecutiveKills = invocation.killed ? current.consecutiveKills + 1 : 0;
  }
}

/** The HTTP answer DynamoDB gives, for the SDK's own deserializer and retry strategy. */
function dynamoErrorResponse(error: 'throttle' | 'server'): WireResponse {
  const [statusCode, type, message] =
    error === 'throttle'
      ? [
          400,
          'ProvisionedThroughputExceededException',
          'injected: the level of configured provisioned throughput for the table was exceeded',
        ]
      : [500, 'InternalServerError', 'injected: internal server error'];
  const body = JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message });
  return {
    statusCode,
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'faults-injected' },
    body: Readable.from([Buffer.from(body)]),
  };
}

async function s3Fault(next: Next, args: { request: WireRequest; input: unknown }, commandName: string) {
  const current = state();
  const plan = current.plan;
  const key = (args.input as { Key?: string }).Key ?? '';
  if (plan.kind !== 's3-midstream' || commandName !== 'GetObjectCommand' || !key.startsWith('uploads/')) {
    return next(args);
  }
  const result = await next(args);
  const response = result.response as WireResponse;
  const length = Number(response.headers['content-length'] ?? 0);
  const failures = current.perKey.get(key) ?? 0;
  if (response.statusCode !== 200 || length < 2 || failures >= plan.maxPerKey || plan.random() >= plan.rate) {
    return result;
  }
  current.perKey.set(key, failures + 1);
  current.counts.injected += 1;
  response.body = breakingAfter(response.body as Readable, 1 + Math.floor(plan.random() * (length - 1)));
  return result;
}

/**
 * The body as a socket that is reset after `limit` bytes (limit < length): the bytes
 * before arrive, then the stream errors as Node's HTTP client does on a reset.
 */
function breakingAfter(source: Readable, limit: number): Readable {
  const out = new PassThrough();
  let passed = 0;
  source.on('data', (chunk: Buffer) => {
    if (passed >= limit) return;
    const room = limit - passed;
    out.write(chunk.length > room ? chunk.subarray(0, room) : chunk);
    passed += Math.min(room, chunk.length);
    if (passed >= limit) {
      source.destroy();
      setImmediate(() => out.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
    }
  });
  source.on('error', (error) => out.destroy(error));
  source.on('end', () => {
    if (passed < limit) out.end();
  });
  return out;
}
