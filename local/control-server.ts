import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalStack } from './start-local-stack.js';

/**
 * A small HTTP endpoint for processes other than the stack's own (test workers, scripts):
 * `GET /idle?timeoutMs=N` answers 204 once the stack is idle, 504 if it is not in time;
 * `GET /stats` answers the stack's counters as JSON.
 */
export async function startControlServer(
  stack: Pick<LocalStack, 'waitForIdle' | 'stats'>,
): Promise<{ url: string; stop(): Promise<void> }> {
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://control');
    if (request.method === 'GET' && url.pathname === '/idle') {
      try {
        await stack.waitForIdle(Number(url.searchParams.get('timeoutMs') ?? 30_000));
        response.writeHead(204).end();
      } catch (error) {
        response
          .writeHead(504, { 'content-type': 'text/plain' })
          .end(error instanceof Error ? error.message : String(error));
      }
      return;
    }
    if (request.method === 'GET' && url.pathname === '/stats') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stack.stats()));
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
