import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { cdkJsonContext, createParkstatsApp } from '../../../infra/parkstats-app.js';
import type { ParkstatsStack } from '../../../infra/parkstats-stack.js';

export interface SynthResult {
  readonly stack: ParkstatsStack;
  readonly template: Template;
  readonly nag: NagReport;
}

/**
 * Builds the real app with cdk.json's context plus `context`, bundling skipped (fast,
 * offline), and synthesizes it once into a temp dir that is removed afterwards. The
 * cdk-nag plugin runs as in `cdk synth`, so this throws when a finding is not acknowledged.
 */
export function synthApp(
  context: Record<string, unknown> = {},
  adjust?: (stack: ParkstatsStack) => void,
): SynthResult {
  const outdir = mkdtempSync(path.join(tmpdir(), 'parkstats-cdk-'));
  const { app, stack } = createParkstatsApp({
    outdir,
    context: { ...cdkJsonContext, ...context, 'aws:cdk:bundling-stacks': [] },
  });
  try {
    adjust?.(stack);
    const assembly = app.synth();
    const template = Template.fromJSON(assembly.getStackByName(stack.stackName).template);
    return { stack, template, nag: readNagReport(outdir) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export interface NagViolation {
  readonly ruleName: string;
  readonly violatingConstructs: { readonly constructPath: string }[];
  readonly reason?: string;
  readonly acknowledgedAt?: string;
}

export interface NagReport {
  readonly violations: NagViolation[];
  readonly suppressed: NagViolation[];
}

/** The cdk-nag section of the validation report CDK writes into the cloud assembly. */
function readNagReport(outdir: string): NagReport {
  const report = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as {
    pluginReports: {
      pluginName: string;
      violations: NagViolation[];
      suppressedViolations?: NagViolation[];
    }[];
  };
  const nag = report.pluginReports.find((p) => p.pluginName === 'AwsSolutions');
  return { violations: nag?.violations ?? [], suppressed: nag?.suppressedViolations ?? [] };
}

/** The logical id CloudFormation knows a construct's main resource by. */
export function logicalId(stack: ParkstatsStack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as Parameters<ParkstatsStack['getLogicalId']>[0]);
}
