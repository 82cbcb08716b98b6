/**
 * Arms and observes the crash of tests/support/scenario-crashing-ingest-handler.ts. Kept
 * apart from the handler so that a test file can import it without loading the ingest
 * handler: the handler reads its configuration and builds its clients when first
 * imported, which must happen only after the test's own stack has set the environment.
 */

export interface CrashPlan {
  factsTable: string;
  /** Facts partition the crash counts writes in, e.g. `FACT#shuangpai#2024`. */
  factPartition: string;
  writesBeforeCrash: number;
}

export interface CrashReport {
  /** Fact PutItems that reached the table before the crash. */
  written: number;
  /** Fact PutItems refused by the crash. */
  refused: number;
}

export interface ArmedCrash {
  /** Resolves when the crashed invocation has ended and its admitted writes have landed. */
  crashed: Promise<CrashReport>;
  /** Lets the held redelivery run. */
  releaseRedelivery(): void;
}

export type Phase = 'idle' | 'armed' | 'crashed' | 'released';

export interface CrashState {
  phase: Phase;
  plan?: CrashPlan;
  attempted: number;
  report: CrashReport;
  admitted: Promise<unknown>[];
  onCrashed?: (report: CrashReport) => void;
  released: Promise<void>;
  /** ApproximateReceiveCount of the records of every invocation since arming. */
  receiveCounts: number[][];
}

// One state per process, whichever copy of this module the stack or the test loaded.
const STATE_KEY = Symbol.for('parkstats.tests.scenario-crash-control');

export function crashState(): CrashState {
  const store = globalThis as { [STATE_KEY]?: CrashState };
  store[STATE_KEY] ??= {
    phase: 'idle',
    attempted: 0,
    report: { written: 0, refused: 0 },
    admitted: [],
    released: Promise.resolve(),
    receiveCounts: [],
  };
  return store[STATE_KEY];
}

export function armCrash(plan: CrashPlan): ArmedCrash {
  const crashed = deferred<CrashReport>();
  const released = deferred<void>();
  Object.assign(crashState(), {
    phase: 'armed',
    plan,
    attempted: 0,
    report: { written: 0, refused: 0 },
    admitted: [],
    onCrashed: crashed.resolve,
    released: released.promise,
    receiveCounts: [],
  } satisfies Partial<CrashState>);
  return { crashed: crashed.promise, releaseRedelivery: released.resolve };
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

/** ApproximateReceiveCount of each invocation's records since the crash was armed. */
export function receiveCountsSinceArmed(): number[][] {
  return crashState().receiveCounts.map((counts) => [...counts]);
}
