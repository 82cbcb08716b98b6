import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import cdkJson from '../cdk.json' with { type: 'json' };
import parksJson from '../config/parks.json' with { type: 'json' };
import { readStackConfig } from './config.js';
import { ParkstatsStack } from './parkstats-stack.js';

/**
 * The CDK app: one stack named after the stage, checked by cdk-nag. Shared by `infra/app.ts`
 * (the `cdk` entry point) and the infra tests, so the tests check exactly what deploys.
 * Stacks stay environment-agnostic (no account or region lookups) so synth works offline.
 *
 * @throws StackConfigError when the context or config/parks.json is invalid
 */
export function createParkstatsApp(
  props: AppProps = {},
  parks: unknown = parksJson,
): { app: App; stack: ParkstatsStack } {
  const app = new App(props);
  const config = readStackConfig((key) => app.node.tryGetContext(key), parks);
  const stack = new ParkstatsStack(app, `Parkstats-${config.stage}`, {
    config,
    description: `parkstats (${config.stage}): enterprise statistics uploads to park indicators`,
  });
  // Fails the synth on any cdk-nag finding that is not acknowledged with a reason.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

/**
 * The context of cdk.json, for apps built outside the `cdk` CLI (tests, infra/bundle-report.ts),
 * which is what passes it in a normal `cdk synth`.
 */
export const cdkJsonContext: Readonly<Record<string, unknown>> = cdkJson.context;
