import { useLocalStackEnv, waitForLocalStackIdle } from './local-stack-env.js';
import type { ScenarioStack } from './scenario-driver.js';

/**
 * The stack tests/integration/global-setup.ts runs for the whole integration project, with
 * the real handlers, as a ScenarioStack. Call at the top of a test file: it points this
 * worker's AWS SDK clients at the stack.
 */
export function globalScenarioStack(): ScenarioStack {
  return { env: useLocalStackEnv(), waitForIdle: waitForLocalStackIdle };
}
