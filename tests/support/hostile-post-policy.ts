/**
 * Evaluates a decoded S3 POST policy against a form the way S3 does before it stores the
 * object (the "Creating a POST policy" rules): every condition must hold, `eq` and the
 * `{ field: value }` shorthand compare exactly, `starts-with` compares a prefix, field names
 * are case-insensitive, and `content-length-range` bounds the file's size. A test asks it
 * which of a hostile uploader's forms the signature would still cover.
 */

export interface PostPolicyDocument {
  expiration: string;
  conditions: unknown[];
}

export interface PostForm {
  /** Form fields as sent (the key with `${filename}` already substituted). */
  fields: Record<string, string>;
  fileBytes: number;
  now: Date;
}

export function decodePostPolicy(base64: string): PostPolicyDocument {
  return JSON.parse(Buffer.from(base64, 'base64').toString('utf8')) as PostPolicyDocument;
}

/** The conditions `form` breaks, described; empty when S3 would accept it. */
export function policyViolations(policy: PostPolicyDocument, form: PostForm): string[] {
  const field = (name: string) =>
    Object.entries(form.fields).find(([k]) => k.toLowerCase() === name.replace(/^\$/, '').toLowerCase())?.[1];
  const violations: string[] = [];
  if (form.now.getTime() >= Date.parse(policy.expiration)) violations.push('expired');
  for (const condition of policy.conditions) {
    if (Array.isArray(condition)) {
      const [operator, name, value] = condition as [string, string | number, string | number];
      if (operator === 'content-length-range') {
        if (form.fileBytes < Number(name) || form.fileBytes > Number(value))
          violations.push('content-length-range');
      } else if (operator === 'eq' && field(String(name)) !== value) {
        violations.push(`eq ${name}`);
      } else if (operator === 'starts-with' && !(field(String(name)) ?? '').startsWith(String(value))) {
        violations.push(`starts-with ${name}`);
      }
    } else if (typeof condition === 'object' && condition !== null) {
      for (const [name, value] of Object.entries(condition)) {
        // The bucket is the form's URL, not a field: the form is always posted to the signed bucket.
        if (name !== 'bucket' && field(name) !== value) violations.push(`eq ${name}`);
      }
    }
  }
  return violations;
}
