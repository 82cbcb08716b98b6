import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import dynalite from 'dynalite';
import { type BuildAppOptions, buildApp } from 'fauxqs';
import S3rver from 's3rver';

/** One emulator listening on 127.0.0.1, with a count of the HTTP requests it served. */
export interface RunningEmulator {
  readonly endpoint: string;
  readonly port: number;
  requestCount(): number;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

/** s3rver checks SigV4 signatures against its own key pair; clients must sign with it. */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

function countRequests(server: Server): () => number {
  let count = 0;
  server.on('request', () => {
    count += 1;
  });
  return () => count;
}

function endpointOf(server: Server): { endpoint: string; port: number } {
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://${HOST}:${port}`, port };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // SDK clients keep connections alive; without this close() waits for them to time out.
    server.closeAllConnections();
  });
}

/** dynalite: in memory, or LevelDB under `dataDir` so tables survive a restart. */
export async function startDynamoDbEmulator(options: {
  port: number;
  dataDir?: string;
}): Promise<RunningEmulator> {
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  // Tables become ACTIVE at once instead of after dynalite's default 500 ms.
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, path: options.dataDir });
  const requestCount = countRequests(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, HOST, () => resolve());
  });
  return { ...endpointOf(server), requestCount, stop: () => closeServer(server) };
}

export interface RunningS3Emulator extends RunningEmulator {
  readonly s3rver: S3rver;
}

/** s3rver always stores objects on disk: `directory` is a temp dir unless `--data` was given. */
export async function startS3Emulator(options: {
  port: number;
  directory: string;
}): Promise<RunningS3Emulator> {
  await mkdir(options.directory, { recursive: true });
  const s3rver = new S3rver({
    address: HOST,
    port: options.port,
    silent: true,
    directory: options.directory,
    // Path-style requests to an IP endpoint only; vhost matching would misread `127.0.0.1`.
    vhostBuckets: false,
  });
  await s3rver.run();
  const server = s3rver.httpServer;
  if (!server) throw new Error('local stack: s3rver did not start an HTTP server');
  const requestCount = countRequests(server);
  return {
    ...endpointOf(server),
    s3rver,
    requestCount,
    stop: async () => {
      server.closeAllConnections();
      await s3rver.close();
    },
  };
}

/** What fauxqs reports to its spy for every SQS message transition. */
export interface SqsMessageTransition {
  readonly service: string;
  readonly queueName?: string;
  readonly status: string;
}

interface FauxqsSqsStore {
  host: string;
  spy?: { addMessage(message: SqsMessageTransition): void };
}

/**
 * fauxqs builds queue URLs as `http://sqs.{region}.localhost:{port}/…`, and the SQS client
 * sends to the queue URL's host whenever its endpoint comes from the environment, so
 * those URLs would not resolve outside this process. An SqsStore with an empty host
 * makes fauxqs use the request's own Host (`127.0.0.1:{port}`) instead. fauxqs 1.9 does
 * not export its stores, so they are loaded from the installed package's dist files.
 */
async function loadFauxqsStores(): Promise<{
  sqsStore: FauxqsSqsStore;
  snsStore: unknown;
  s3Store: unknown;
}> {
  const require = createRequire(import.meta.url);
  const root = (require.resolve.paths('fauxqs') ?? [])
    .map((dir) => join(dir, 'fauxqs', 'dist'))
    .find((dir) => existsSync(join(dir, 'sqs', 'sqsStore.js')));
  if (!root) throw new Error('local stack: fauxqs is not installed');
  const load = (file: string) => import(pathToFileURL(join(root, file)).href);
  const [{ SqsStore }, { SnsStore }, { S3Store }] = await Promise.all([
    load('sqs/sqsStore.js'),
    load('sns/snsStore.js'),
    load('s3/s3Store.js'),
  ]);
  const sqsStore = new SqsStore() as FauxqsSqsStore;
  sqsStore.host = '';
  return { sqsStore, snsStore: new SnsStore(), s3Store: new S3Store() };
}

/**
 * fauxqs serves SQS (JSON protocol) and SNS on one port. fauxqs itself moves a message to
 * its dead-letter queue on the receive after `maxReceiveCount`, as SQS does;
 * `onTransition` sees each move (status `dlq`) and each send and delete.
 */
export async function startSqsEmulator(options: {
  port: number;
  onTransition: (transition: SqsMessageTransition) => void;
}): Promise<RunningEmulator> {
  const stores = await loadFauxqsStores();
  stores.sqsStore.spy = { addMessage: options.onTransition };
  const app = buildApp({ logger: false, stores: stores as NonNullable<BuildAppOptions['stores']> });
  await app.listen({ port: options.port, host: HOST });
  const requestCount = countRequests(app.server);
  return { ...endpointOf(app.server), requestCount, stop: () => app.close() };
}
