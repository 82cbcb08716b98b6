import { type CfnResource, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag acknowledgements, each scoped to one construct and one exact finding
 * (`AwsSolutions-IAM5[Action::s3:List*]`, not the whole rule), each with its reason.
 * A new finding anywhere else still fails the synth.
 */
export function acknowledgeNag(scope: IConstruct, findings: Record<string, string>): void {
  const validations = Validations.of(scope);
  for (const [finding, reason] of Object.entries(findings)) {
    validations.acknowledge({ id: `AwsSolutions::AwsSolutions-${finding}`, reason });
  }
}

/** How cdk-nag names the ARN of a resource in a finding: `<LogicalId.Arn>`. */
export function nagArn(resource: IConstruct): string {
  return `<${Stack.of(resource).getLogicalId(resource.node.defaultChild as CfnResource)}.Arn>`;
}
