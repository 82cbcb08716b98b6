/**
 * A small evaluator of the identity policies in a synthesized template, for denial tests:
 * "may role R do action A on resource X?" answered the way IAM answers it for Allow-only
 * identity policies (wildcards `*` and `?` in actions and resources, actions case-insensitive).
 * CloudFormation intrinsics are resolved to placeholder ARNs: `Fn::GetAtt [id, Arn]` and
 * `Ref id` both become `arn:{id}`, so a test names resources by logical id.
 */

export interface IamStatement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/** The placeholder ARN of a logical id, plus an optional object path (`arn:{id}/{path}`). */
export const arnOf = (logicalId: string, path?: string) =>
  path === undefined ? `arn:${logicalId}` : `arn:${logicalId}/${path}`;

function resolve(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    const intrinsic = value as Record<string, unknown>;
    const getAtt = intrinsic['Fn::GetAtt'];
    if (Array.isArray(getAtt)) return arnOf(String(getAtt[0]));
    if (typeof intrinsic.Ref === 'string') return arnOf(intrinsic.Ref);
    const join = intrinsic['Fn::Join'];
    if (Array.isArray(join)) return (join[1] as unknown[]).map(resolve).join(String(join[0]));
  }
  throw new Error(`hostile-iam: cannot resolve ${JSON.stringify(value)}`);
}

function globMatches(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

/** True when some Allow statement covers `action` on `resource`. */
export function allows(statements: readonly IamStatement[], action: string, resource: string): boolean {
  return statements.some(
    (s) =>
      s.Effect === 'Allow' &&
      [s.Action].flat().some((pattern) => globMatches(pattern, action, true)) &&
      [s.Resource].flat().some((r) => globMatches(resolve(r), resource, false)),
  );
}
