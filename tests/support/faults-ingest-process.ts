/**
 * The parent's side of tests/faults/ingest-worker.ts: starts the ingest worker as a child
 * process, follows its `invoke` / `done` lines, kills it with SIGKILL at seeded random
 * points and starts a new one each time.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Random } from './faults-injection.js';

const WORKER = fileURLToPath(new URL('../faults/ingest-worker.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../..', import.meta.url));

export interface KillReport {
  kills: number;
  /** Kills that hit the worker while a batch was in the handler. */
  inFlight: number;
}

export class RestartingIngestWorker {
  readonly #env: NodeJS.ProcessEnv;
  #child: ChildProcess | undefined;
  #invocations = 0;
  #done = 0;
  #waiters: Array<() => void> = [];

  constructor(env: Record<string, string>) {
    this.#env = {
      ...process.env,
      ...env,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
    };
  }

  /** Starts a worker and resolves once it polls. */
  async start(): Promise<void> {
    this.#invocations = 0;
    this.#done = 0;
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
      cwd: REPO,
      env: this.#env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    this.#child = child;
    const ready = new Promise<void>((resolve, reject) => {
      child.once('exit', (code) =>
        reject(new Error(`faults: ingest worker exited (${code}) before it was ready`)),
      );
      createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
        if (line === 'ready') resolve();
        if (line.startsWith('invoke ')) this.#invocations += 1;
        if (line === 'done') this.#done += 1;
        for (const wake of this.#waiters.splice(0)) wake();
      });
    });
    await ready;
  }

  /**
   * `kills` times: waits for the worker's 1st to 3rd invocation (seeded), then 0–200 ms
   * more, kills it and starts another. Stops early when no invocation comes within
   * `idleMs` (the work is done).
   */
  async killAtRandomPoints(random: Random, kills: number, idleMs: number): Promise<KillReport> {
    const report: KillReport = { kills: 0, inFlight: 0 };
    for (let kill = 0; kill < kills; kill += 1) {
      const invocation = 1 + Math.floor(random() * 3);
      if (!(await this.#waitForInvocations(invocation, idleMs))) break;
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 200)));
      if (this.#invocations > this.#done) report.inFlight += 1;
      await this.#signal('SIGKILL');
      report.kills += 1;
      await this.start();
    }
    return report;
  }

  async stop(): Promise<void> {
    await this.#signal('SIGTERM');
  }

  async #waitForInvocations(count: number, timeoutMs: number): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    while (this.#invocations < count) {
      const left = deadline - performance.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return true;
  }

  async #signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.#child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }
}
